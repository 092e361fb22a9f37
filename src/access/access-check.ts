import { z } from 'zod';
import type { JsonObject, StoredRecord } from '../adapters/port.js';
import { nestingProblems } from '../adapters/storable-json.js';
import type { KindSchemas } from '../adapters/store.js';
import { CivicGridError, type IssuePath } from '../errors/civic-grid-error.js';
import { parseWithSchema } from '../errors/parse-with-schema.js';
import type { AccessAction } from './access-action.js';
import { type Grant, grantsCovering, grantsFor } from './access-grants.js';
import type { AccessPolicy } from './access-policy.js';
import { maskData, plainFieldsOf } from './mask-record.js';
import { maskedWriteBackIssues } from './masked-write-back.js';
import { type PersonalField, personalFieldsOf } from './personal-data.js';
import type { Principal } from './principal.js';

const RecordScopeSchema = z.array(z.string().min(1)).min(1, 'a record scope names at least its root node');

/** What one principal may do under one policy, over the kinds of one store. */
export class AccessCheck {
  /** Grants by action, then kind: computed once, as every record checked asks again (a plain lookup, no key to build). */
  private readonly grantCache = new Map<AccessAction, Map<string, Grant[]>>();

  constructor(
    readonly principal: Principal,
    readonly policy: AccessPolicy,
    readonly kinds: KindSchemas,
  ) {}

  /** Every grant for `action` on `kind`, whatever the record. */
  grants(action: AccessAction, kind: string): Grant[] {
    let byKind = this.grantCache.get(action);
    if (byKind === undefined) {
      byKind = new Map();
      this.grantCache.set(action, byKind);
    }
    let grants = byKind.get(kind);
    if (grants === undefined) {
      grants = grantsFor(this.principal, this.policy.rules, action, kind);
      byKind.set(kind, grants);
    }
    return grants;
  }

  /** The grants allowing `action` on this record; empty when it is not allowed. */
  covering(action: AccessAction, kind: string, scope: readonly string[], data: unknown): Grant[] {
    return grantsCovering(this.grants(action, kind), scope, data);
  }

  /** Whether any grant for `action` on `kind` has conditions, so that the record's data, not only its scope, decides. */
  readsData(action: AccessAction, kind: string): boolean {
    return this.grants(action, kind).some((grant) => grant.equalities.length > 0);
  }

  /** FORBIDDEN unless `action` is allowed on a record of `kind` at `scope` holding `data`. */
  assert(action: AccessAction, kind: string, scope: readonly string[], data: unknown, path: IssuePath = []): void {
    if (this.covering(action, kind, scope, data).length > 0) return;
    throw forbidden(`${action} ${kind}`, [{ path, message: `${this.principal.id} may not ${action} this ${kind} here` }]);
  }

  personalFields(kind: string): readonly PersonalField[] {
    const schema = Object.hasOwn(this.kinds, kind) ? this.kinds[kind] : undefined;
    return schema === undefined ? [] : personalFieldsOf(schema);
  }

  /** The personal fields of `kind` that some read grant shows masked: filtering or computing on them would answer through the mask. */
  maskedFields(kind: string): readonly PersonalField[] {
    const grants = this.grants('read', kind);
    return this.personalFields(kind).filter((field) => !grants.every(({ rule }) => rule.plain === '*' || (rule.plain ?? []).includes(field.field)));
  }

  /** The record with every personal field masked that none of the `covering` read grants shows plain. */
  masked<T>(kind: string, record: StoredRecord<T>, covering: readonly Grant[]): StoredRecord<T> {
    const data = maskData(record.data as JsonObject, this.personalFields(kind), plainFieldsOf(covering), this.policy.masks);
    return data === (record.data as JsonObject) ? record : { ...record, data: data as T };
  }

  /** VALIDATION_FAILED when `patch` would write back a mask the principal was shown in place of the record's value. */
  refuseMaskedWriteBack(kind: string, current: StoredRecord, covering: readonly Grant[], patch: JsonObject, subject: string): void {
    const issues = maskedWriteBackIssues(current.data as JsonObject, patch, this.personalFields(kind), plainFieldsOf(covering), this.policy.masks);
    if (issues.length > 0) throw CivicGridError.validation(subject, issues);
  }

  /** The entity as the kind's schema outputs it, which the conditions are checked on; VALIDATION_FAILED otherwise. */
  entity(kind: string, value: unknown, subject: string): JsonObject {
    const schema = Object.hasOwn(this.kinds, kind) ? this.kinds[kind] : undefined;
    if (schema === undefined) throw CivicGridError.validation('store', [{ path: ['kind'], message: `unknown kind "${kind}"; registered: ${Object.keys(this.kinds).join(', ')}` }]);
    // Cycles and deep nesting first: zod would overflow the stack on them.
    const nesting = nestingProblems(value);
    if (nesting.length > 0) throw CivicGridError.validation(subject, nesting);
    return parseWithSchema(schema, value, subject) as unknown as JsonObject;
  }

  /** A record scope, checked before the permission test that reads it. */
  recordScope(scope: unknown, subject: string): readonly string[] {
    return parseWithSchema(RecordScopeSchema, scope, subject);
  }
}

export function forbidden(subject: string, issues: { path: IssuePath; message: string }[]): CivicGridError {
  return new CivicGridError('FORBIDDEN', `${subject}: ${issues.map((issue) => issue.message).join('; ')}`, { issues });
}
