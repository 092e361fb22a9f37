import { z } from 'zod';
import { compareCodePoints, notFound, versionConflict } from '../adapters/internal.js';
import type { AuditEntry, JsonObject, OrderDirection, OrderField, StoredRecord } from '../adapters/port.js';
import { encodeCursor, type KindSchemas, type Page, type Store, type StoreQuery } from '../adapters/store.js';
import { CivicGridError, type Issue, type IssuePath } from '../errors/civic-grid-error.js';
import { parseWithSchema } from '../errors/parse-with-schema.js';
import { AccessCheck, forbidden } from './access-check.js';
import type { Grant } from './access-grants.js';
import { type AccessPolicy, AccessPolicySchema } from './access-policy.js';
import { PERSONAL_DATA_ACCESS_KIND } from './personal-data-access.js';
import { type Principal, PrincipalSchema } from './principal.js';
import { tagReadAccess } from './read-access.js';
import { planSubQueries, type SubQuery, whereWithPushdown } from './query-plan.js';

/** What the narrowed store checks of a query itself before planning on it; the plain store checks the rest. */
const QueryShapeSchema = z.looseObject({
  scope: z.array(z.string().min(1)),
  depth: z.number().int().min(0).optional(),
  where: z.record(z.string(), z.unknown()).optional(),
  limit: z.number().int().min(1).max(10_000),
});

/**
 * The same Store, narrowed to what `principal` may see and do under `policy`:
 * - reads return only records inside a subtree granted with `read` whose
 *   conditions hold, with personal fields masked unless a covering rule shows
 *   them plain; a record outside reads as absent (get → null, NOT_FOUND);
 * - queries are intersected with the granted subtrees, never widened;
 * - writes outside the grants, or not allowed, fail FORBIDDEN and write nothing
 *   (an update is checked at the record's current scope and data and at the new ones);
 * - the audit log shows only entries whose before and after are both readable
 *   under a `readAudit` grant, masked the same way;
 * - writes are recorded with the principal as actor; the access log cannot be written through it.
 */
export function authorizedStore<K extends KindSchemas>(store: Store<K>, principal: Principal, policy: AccessPolicy): Store<K> {
  const who = parseWithSchema(PrincipalSchema, principal, 'principal');
  const rules = parseWithSchema(AccessPolicySchema, policy, 'access policy');
  return narrowed(store.as(who.id), new AccessCheck(who, rules, store.kinds));
}

function narrowed<K extends KindSchemas>(base: Store<K>, check: AccessCheck): Store<K> {
  const readable = <T>(kind: string, record: StoredRecord<T> | null): StoredRecord<T> | null => {
    if (record === null) return null;
    const covering = check.covering('read', kind, record.scope, record.data);
    return covering.length === 0 ? null : check.masked(kind, record, covering);
  };

  /**
   * The record as it is now, and the read grants covering it, if the principal may see it: anything else is NOT_FOUND,
   * so its existence stays hidden. It must be at the expected version, so the version guard of the write that follows
   * pins the record checked here.
   */
  const visibleNow = async (tx: Store<K>, kind: string, id: string, options: unknown): Promise<Visible> => {
    const current = (await tx.get(kind, id)) as StoredRecord | null;
    const covering = current === null ? [] : check.covering('read', kind, current.scope, current.data);
    if (current === null || covering.length === 0) throw notFound(kind, id);
    const expected = (options as { expectedVersion?: unknown } | undefined)?.expectedVersion;
    if (typeof expected === 'number' && Number.isInteger(expected) && expected >= 1 && expected !== current.version) throw versionConflict(kind, id, expected, current.version);
    return { record: current, covering };
  };

  /**
   * FORBIDDEN unless `action` is allowed at the scope `scopeOf` gives. The data is validated here only when a grant's
   * conditions read it; otherwise the plain store validates it once, in the write (validating it here too would double
   * the cost of a schema parse per write), and here only when the check fails: an invalid value is reported before a
   * bad or refused scope, as when the data is validated first.
   */
  const assertWrite = (action: 'create' | 'update', kind: string, valid: () => JsonObject, scopeOf: () => readonly string[], path: IssuePath): void => {
    const data = check.readsData(action, kind) ? valid() : undefined;
    try {
      check.assert(action, kind, scopeOf(), data, path);
    } catch (error) {
      if (data === undefined) valid();
      throw error;
    }
  };

  const store: Store<K> = {
    adapterName: base.adapterName,
    kinds: base.kinds,

    get: async (kind, id) => readable(kind, await base.get(kind, id)),

    getOrThrow: async (kind, id) => {
      const found = await store.get(kind, id);
      if (found === null) throw notFound(kind, id);
      return found;
    },

    query: async (kind, query) => {
      const shape = parseWithSchema(QueryShapeSchema, query, `${kind} query`);
      refuseMaskedWhere(check, kind, Object.keys(shape.where ?? {}));
      const orderBy = { field: query.orderBy?.field ?? 'id', direction: query.orderBy?.direction ?? 'asc' } as const;
      const plan = planSubQueries(check.grants('read', kind), shape.scope, shape.depth);
      if (plan.length === 0) {
        // Nothing granted here; still let the plain store refuse a bad kind, order, where or cursor, as it would for anyone.
        await base.query(kind, { ...query, limit: 1 });
        return { records: [], nextCursor: null };
      }
      const streams = plan.map((sub) => new VisibleStream(base, check, kind, sub, query));
      for (const stream of streams) await stream.fill();
      const records: Visible[] = [];
      while (records.length <= query.limit) {
        let best: VisibleStream<K> | undefined;
        for (const stream of streams) {
          const head = stream.head();
          if (head !== undefined && (best === undefined || comesBefore(head.record, (best.head() as Visible).record, orderBy))) best = stream;
        }
        if (best === undefined) break;
        records.push(best.head() as Visible);
        // Advancing past the extra record would fetch the stream's next batch for nothing.
        if (records.length > query.limit) break;
        await best.advance();
      }
      const more = records.length > query.limit;
      if (more) records.length = query.limit;
      const last = records[records.length - 1];
      return {
        records: records.map(({ record, covering }) => check.masked(kind, record, covering)),
        nextCursor: more && last !== undefined ? encodeCursor(last.record, orderBy) : null,
      } as never;
    },

    insert: async (kind, value, options) => {
      refuseAccessLogWrite(kind, 'create');
      const scope = (options as { scope?: unknown } | undefined)?.scope;
      assertWrite('create', kind, () => check.entity(kind, value, kind), () => check.recordScope(scope, `${kind} options scope`), ['scope']);
      return readableOrMasked(check, kind, await base.insert(kind, value, options));
    },

    insertMany: async (kind, items) => {
      refuseAccessLogWrite(kind, 'create');
      if (!Array.isArray(items)) return base.insertMany(kind, items);
      const batch = items as readonly ({ value?: unknown; scope?: unknown } | undefined)[];
      const validAll = (): JsonObject[] => batch.map((item, index) => check.entity(kind, item?.value, `${kind} batch item ${index}`));
      // As for one insert: the values are validated here first only when a condition reads them, else only on a refusal.
      const data = check.readsData('create', kind) ? validAll() : undefined;
      try {
        const issues: Issue[] = [];
        batch.forEach((item, index) => {
          const scope = check.recordScope(item?.scope, `${kind} batch item ${index} scope`);
          if (check.covering('create', kind, scope, data?.[index]).length === 0) issues.push({ path: [index], message: `${check.principal.id} may not create this ${kind} here` });
        });
        if (issues.length > 0) throw forbidden(`create ${kind} batch of ${items.length}`, issues);
      } catch (error) {
        if (data === undefined) validAll();
        throw error;
      }
      return base.insertMany(kind, items);
    },

    update: async (kind, id, patch, options) => {
      refuseAccessLogWrite(kind, 'update');
      // One transaction, so the record checked is the record written.
      return base.transaction(async (tx) => {
        const { record: current, covering } = await visibleNow(tx, kind, id, options);
        check.assert('update', kind, current.scope, current.data);
        if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
          throw CivicGridError.validation(`${kind} "${id}" patch`, [{ path: [], message: 'a patch is an object of fields to change' }]);
        }
        check.refuseMaskedWriteBack(kind, current, covering, patch as JsonObject, `${kind} "${id}"`);
        const movedTo = (options as { scope?: unknown } | undefined)?.scope;
        assertWrite(
          'update',
          kind,
          () => check.entity(kind, { ...current.data, ...patch }, `${kind} "${id}"`),
          () => (movedTo === undefined ? current.scope : check.recordScope(movedTo, `${kind} "${id}" update options scope`)),
          movedTo === undefined ? [] : ['scope'],
        );
        return readableOrMasked(check, kind, await tx.update(kind, id, patch, options));
      });
    },

    remove: async (kind, id, options) => {
      refuseAccessLogWrite(kind, 'remove');
      await base.transaction(async (tx) => {
        const { record: current } = await visibleNow(tx, kind, id, options);
        check.assert('remove', kind, current.scope, current.data);
        await tx.remove(kind, id, options);
      });
    },

    readAudit: async (query) => {
      const shown: AuditEntry[] = [];
      let afterSeq = query.afterSeq;
      // Refill: entries the principal may not see are skipped, so read on until the page is full or the log ends.
      for (;;) {
        const batch = await base.readAudit({ ...query, ...(afterSeq === undefined ? {} : { afterSeq }) });
        for (const entry of batch) {
          const visible = auditEntryFor(check, entry);
          if (visible === null) continue;
          shown.push(visible);
          if (shown.length === query.limit) return shown;
        }
        const last = batch[batch.length - 1];
        if (batch.length < query.limit || last === undefined) return shown;
        afterSeq = last.seq;
      }
    },

    // Anything but a function goes to the plain store as is, to be refused the same way.
    transaction: (fn) => (typeof fn === 'function' ? base.transaction((tx) => fn(narrowed(tx, check))) : base.transaction(fn)),

    as: (actor) => {
      if (actor === check.principal.id) return store;
      throw forbidden('as', [{ path: ['actor'], message: `${check.principal.id} may not write as someone else` }]);
    },

    close: async () => {
      throw forbidden('close', [{ path: [], message: "a principal's view cannot close the shared store" }]);
    },
  };
  return tagReadAccess(store, check);
}

interface Visible {
  record: StoredRecord;
  covering: Grant[];
}

/** One subtree of the plain store, paged in the query's order, keeping the records a read grant covers. */
class VisibleStream<K extends KindSchemas> {
  private batch: Visible[] = [];
  private position = 0;
  private cursor: string | null | undefined;
  private readonly where: ReturnType<typeof whereWithPushdown>;

  constructor(
    private readonly base: Store<K>,
    private readonly check: AccessCheck,
    private readonly kind: string,
    private readonly sub: SubQuery,
    private readonly query: StoreQuery,
  ) {
    this.where = whereWithPushdown(query.where, sub.pushdown);
    // A pushdown contradicting the caller's where leaves nothing to read.
    this.cursor = this.where === null ? null : query.cursor;
  }

  head(): Visible | undefined {
    return this.batch[this.position];
  }

  async advance(): Promise<void> {
    this.position += 1;
    await this.fill();
  }

  /** Reads batches until one holds a visible record or the subtree ends. */
  async fill(): Promise<void> {
    while (this.position >= this.batch.length && this.cursor !== null && this.where !== null) {
      const page: Page<unknown> = await this.base.query(this.kind, {
        scope: this.sub.scope,
        where: this.where,
        limit: Math.min(this.query.limit + 1, 10_000),
        ...(this.sub.depth === undefined ? {} : { depth: this.sub.depth }),
        ...(this.query.orderBy === undefined ? {} : { orderBy: this.query.orderBy }),
        ...(this.cursor === undefined ? {} : { cursor: this.cursor }),
      });
      this.batch = [];
      this.position = 0;
      for (const record of page.records as StoredRecord[]) {
        const covering = this.check.covering('read', this.kind, record.scope, record.data);
        if (covering.length > 0) this.batch.push({ record, covering });
      }
      this.cursor = page.nextCursor;
    }
  }
}

/** The store's order: the order field by code point, ties by id, in the query's direction. */
function comesBefore(a: StoredRecord, b: StoredRecord, orderBy: { field: OrderField; direction: OrderDirection }): boolean {
  const key = (record: StoredRecord): string => (orderBy.field === 'id' ? record.id : record[orderBy.field].toISOString());
  const order = compareCodePoints(key(a), key(b)) || compareCodePoints(a.id, b.id);
  return orderBy.direction === 'asc' ? order < 0 : order > 0;
}

/** A record just written, as the principal may see it: masked by the read grants covering it (all masked when none does). */
function readableOrMasked<T>(check: AccessCheck, kind: string, record: StoredRecord<T>): StoredRecord<T> {
  return check.masked(kind, record, check.covering('read', kind, record.scope, record.data));
}

/** The entry with both sides masked, or null unless a readAudit grant covers each side it has (kinds the store lacks stay hidden). */
function auditEntryFor(check: AccessCheck, entry: AuditEntry): AuditEntry | null {
  if (!Object.hasOwn(check.kinds, entry.kind)) return null;
  const side = (record: StoredRecord | null): StoredRecord | null | undefined => {
    if (record === null) return null;
    const covering = check.covering('readAudit', entry.kind, record.scope, record.data);
    return covering.length === 0 ? undefined : check.masked(entry.kind, record, covering);
  };
  const before = side(entry.before);
  const after = side(entry.after);
  return before === undefined || after === undefined ? null : { ...entry, before, after };
}

/** A `where` on a personal field would answer "does anyone have this phone number?" through the mask. */
function refuseMaskedWhere(check: AccessCheck, kind: string, whereFields: readonly string[]): void {
  const issues: Issue[] = check
    .maskedFields(kind)
    .filter((field) => whereFields.includes(field.field))
    .map((field) => ({ path: ['where', field.field], message: `${check.principal.id} sees ${kind}.${field.field} masked and may not filter on it` }));
  if (issues.length > 0) throw forbidden(`${kind} query`, issues);
}

/** The access log is append-only, written only by revealPersonalData. */
function refuseAccessLogWrite(kind: string, action: string): void {
  if (kind === PERSONAL_DATA_ACCESS_KIND) throw forbidden(`${action} ${kind}`, [{ path: ['kind'], message: 'the personal-data access log is append-only and written only by revealPersonalData' }]);
}
