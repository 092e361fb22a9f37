import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { notFound } from '../adapters/internal.js';
import type { KindName, KindSchemas, Store } from '../adapters/store.js';
import { CivicGridError, type Issue } from '../errors/civic-grid-error.js';
import { parseWithSchema } from '../errors/parse-with-schema.js';
import { AccessCheck, forbidden } from './access-check.js';
import { valueAt } from './access-grants.js';
import { type AccessPolicy, AccessPolicySchema } from './access-policy.js';
import { ACCESS_LOG_KINDS, PERSONAL_DATA_ACCESS_KIND } from './personal-data-access.js';
import { type Principal, PrincipalSchema } from './principal.js';

const RevealRequestSchema = z
  .object({
    id: z.string().min(1),
    fields: z.array(z.string().min(1)).min(1, 'name at least one personal field'),
    purpose: z.string().trim().min(1, 'say why the values are needed'),
  })
  .strict();

/**
 * The plain values of personal `fields` (dotted names, as the schema declares
 * them) of one record. Needs `reveal` on it (and `read`: a record the
 * principal cannot see is NOT_FOUND); writes a `personalDataAccess` entry —
 * who, purpose, record, fields; when is its createdAt — in the same
 * transaction, so no value is returned without its log entry.
 * The store must register ACCESS_LOG_KINDS.
 */
export async function revealPersonalData<K extends KindSchemas & typeof ACCESS_LOG_KINDS>(
  store: Store<K>,
  principal: Principal,
  policy: AccessPolicy,
  kind: KindName<K>,
  id: string,
  fields: readonly string[],
  purpose: string,
): Promise<Record<string, unknown>> {
  const who = parseWithSchema(PrincipalSchema, principal, 'principal');
  const rules = parseWithSchema(AccessPolicySchema, policy, 'access policy');
  const request = parseWithSchema(RevealRequestSchema, { id, fields, purpose }, `reveal ${kind}`);
  if (!Object.hasOwn(store.kinds, PERSONAL_DATA_ACCESS_KIND)) {
    throw CivicGridError.validation('revealPersonalData', [{ path: ['store', 'kinds'], message: `register ACCESS_LOG_KINDS with the store: the access log kind "${PERSONAL_DATA_ACCESS_KIND}" is missing` }]);
  }
  const check = new AccessCheck(who, rules, store.kinds);
  const declared = new Set(check.personalFields(kind).map((field) => field.field));
  const issues: Issue[] = request.fields.flatMap((field, index) => (declared.has(field) ? [] : [{ path: ['fields', index], message: `${kind} declares no personal field "${field}"` }]));
  if (issues.length > 0) throw CivicGridError.validation(`reveal ${kind}`, issues);
  return store.as(who.id).transaction(async (tx) => {
    const record = await tx.get(kind, request.id);
    if (record === null || check.covering('read', kind, record.scope, record.data).length === 0) throw notFound(kind, request.id);
    if (check.covering('reveal', kind, record.scope, record.data).length === 0) {
      throw forbidden(`reveal ${kind}`, [{ path: ['fields'], message: `${who.id} may not reveal personal data of this ${kind}` }]);
    }
    await tx.insert(
      PERSONAL_DATA_ACCESS_KIND,
      { id: randomUUID(), actor: who.id, purpose: request.purpose, recordKind: kind, recordId: request.id, fields: request.fields } as never,
      { scope: record.scope },
    );
    return Object.fromEntries(request.fields.map((field) => [field, valueAt(record.data, field)]));
  });
}
