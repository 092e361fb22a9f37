import { z } from 'zod';
import { CivicGridError, type Issue } from '../errors/civic-grid-error.js';
import { parseWithSchema, zodIssuesToIssues } from '../errors/parse-with-schema.js';
import { assertTransition, type TransitionTable } from '../rules/claiming/transitions.js';
import { notFound, versionConflict } from './internal.js';
import { knownFieldsOf } from './kind-fields.js';
import {
  type AdapterAuditQuery,
  type AdapterQuery,
  type AuditEntry,
  type JsonObject,
  ORDER_FIELDS,
  type OrderDirection,
  type OrderField,
  type RecordInput,
  type StorageAdapter,
  type StorageOperations,
  type StoredRecord,
  type WhereValue,
  type WriteContext,
} from './port.js';
import { shareSqlAccess } from './sql/sql-access.js';
import { nestingProblems, storableJsonProblems, unstorableTextProblem } from './storable-json.js';

/**
 * Entity kinds a store accepts: kind name → zod schema of the entity. The
 * schema's output must carry a non-empty string `id` and be plain JSON
 * (store times as ISO strings) with no NUL or lone surrogate in any string,
 * so every adapter returns what went in.
 */
export type KindSchemas = Record<string, z.ZodType<{ id: string }>>;

/** The status field (default `status`) of a kind and the changes `store.update` allows it. */
export interface TransitionRule {
  field?: string;
  table: TransitionTable<string>;
}

/** Options of {@link createStore}: the kinds it accepts and, optionally, clock, actor and status transitions. */
export interface StoreOptions<K extends KindSchemas> {
  kinds: K;
  /** The clock stamping `createdAt`, `updatedAt` and audit entries. Defaults to the system clock. */
  clock?: () => Date;
  /** Who writes, recorded in the audit log; `store.as(actor)` writes as someone else. Defaults to "system". */
  actor?: string;
  /**
   * Kinds whose status moves only along a transition table: an update that
   * changes the field to a status the table does not allow from the stored
   * one fails INVALID_TRANSITION. Inserts may start at any status.
   */
  transitions?: { readonly [N in KindName<K>]?: TransitionRule };
}

/** The name of a kind registered with a store. */
export type KindName<K extends KindSchemas> = keyof K & string;
/** The entity type of kind `N` as the store returns it (the schema's output). */
export type EntityOf<K extends KindSchemas, N extends KindName<K>> = z.output<K[N]>;
/** The entity type of kind `N` as the store accepts it (the schema's input). */
export type EntityInput<K extends KindSchemas, N extends KindName<K>> = z.input<K[N]>;

/** A store query: a hierarchy subtree, optional field filters, order and a page cursor. */
export interface StoreQuery {
  /** The subtree's root-first path, e.g. `hierarchy.pathOf(communityId)`; `[]` is the whole store. */
  scope: readonly string[];
  /** Levels below the scope node to include: 0 = only records scoped exactly to it. */
  depth?: number;
  /**
   * Top-level data fields: a value must match exactly (same JSON type); an array matches any of its values.
   * A field the kind's schema lacks fails VALIDATION_FAILED, unless the kind keeps unknown keys (see knownFieldsOf).
   */
  where?: Record<string, WhereValue | readonly WhereValue[]>;
  /** Defaults to `{ field: 'id', direction: 'asc' }`; ties go by id in the same direction. */
  orderBy?: { field: OrderField; direction?: OrderDirection };
  /** Page size, 1 to 10,000. */
  limit: number;
  /** `nextCursor` of the previous page, from the same query. */
  cursor?: string;
}

/** One page of query results and the cursor of the next. */
export interface Page<T> {
  records: StoredRecord<T>[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** What `readAudit` takes: the adapter's audit query, checked by the store (limit 1 to 10,000). */
export type AuditQuery = AdapterAuditQuery;

/** The store apps use: an adapter plus validation, kinds, clock, actor and error wrapping. */
export interface Store<K extends KindSchemas> {
  readonly adapterName: string;
  /**
   * The kinds it validates, as passed to `createStore`. Typed, it also makes a store missing a
   * kind unassignable where that kind is needed (the generic methods alone do not).
   */
  readonly kinds: Readonly<K>;
  /** The record, or null when no record of `kind` has this id. */
  get<N extends KindName<K>>(kind: N, id: string): Promise<StoredRecord<EntityOf<K, N>> | null>;
  /** The record, or NOT_FOUND. */
  getOrThrow<N extends KindName<K>>(kind: N, id: string): Promise<StoredRecord<EntityOf<K, N>>>;
  /** One page of records of `kind` in the scope's subtree that match the query. */
  query<N extends KindName<K>>(kind: N, query: StoreQuery): Promise<Page<EntityOf<K, N>>>;
  /** Inserts a new entity at `scope`; CONFLICT when its id exists. */
  insert<N extends KindName<K>>(kind: N, value: EntityInput<K, N>, options: { scope: readonly string[] }): Promise<StoredRecord<EntityOf<K, N>>>;
  /** Bulk insert, all or nothing: one invalid item fails the batch with every issue listed. Returns the count. */
  insertMany<N extends KindName<K>>(kind: N, items: readonly { value: EntityInput<K, N>; scope: readonly string[] }[]): Promise<number>;
  /** Shallow-merges `patch` into the entity if the stored version is `expectedVersion`; `scope` moves it. */
  update<N extends KindName<K>>(
    kind: N,
    id: string,
    patch: Partial<EntityInput<K, N>>,
    options: { expectedVersion: number; scope?: readonly string[] },
  ): Promise<StoredRecord<EntityOf<K, N>>>;
  /** Deletes the record if the stored version is `expectedVersion`; NOT_FOUND or VERSION_CONFLICT otherwise. */
  remove<N extends KindName<K>>(kind: N, id: string, options: { expectedVersion: number }): Promise<void>;
  /** Audit log entries (who changed what, before and after), oldest first. */
  readAudit(query: AuditQuery): Promise<AuditEntry[]>;
  /**
   * All writes in `fn` commit together or not at all. Use the `tx` store
   * inside, never this one (a single connection would wait on itself).
   * Nesting `tx.transaction` makes a savepoint: its throw undoes its own writes only.
   */
  transaction<T>(fn: (tx: Store<K>) => Promise<T>): Promise<T>;
  /** The same store, writing as `actor`. */
  as(actor: string): Store<K>;
  /** Closes the adapter (clients passed in to it stay open). */
  close(): Promise<void>;
}

const MAX_LIMIT = 10_000;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Text every adapter stores unchanged: no NUL, no lone surrogate (see unstorableTextProblem). */
const refuseUnstorable = (text: string, context: z.RefinementCtx): void => {
  const problem = unstorableTextProblem(text);
  if (problem !== null) context.addIssue({ code: 'custom', message: `the text ${problem}` });
};
const TextSchema = z.string().superRefine(refuseUnstorable);
const IdSchema = z.string().min(1, 'id must be a non-empty string').superRefine(refuseUnstorable);
const ScopeIdSchema = z.string().min(1, 'scope ids must be non-empty strings').superRefine(refuseUnstorable);
const ActorSchema = z.string().min(1, 'an actor is a non-empty string').superRefine(refuseUnstorable);
const RecordScopeSchema = z.array(ScopeIdSchema).min(1, 'a record scope names at least its root node');
const WhereValueSchema = z.union([TextSchema, z.number().refine(Number.isFinite, 'numbers must be finite'), z.boolean(), z.null()]);
const QuerySchema = z
  .object({
    scope: z.array(ScopeIdSchema),
    depth: z.number().int().min(0).optional(),
    where: z
      .record(z.string().regex(FIELD_NAME, 'a where field is a top-level field name'), z.union([WhereValueSchema, z.array(WhereValueSchema).min(1)]))
      .optional(),
    orderBy: z.object({ field: z.enum(ORDER_FIELDS), direction: z.enum(['asc', 'desc']).optional() }).strict().optional(),
    limit: z.number().int().min(1).max(MAX_LIMIT),
    cursor: z.string().optional(),
  })
  .strict();
const AuditQuerySchema = z
  .object({
    kind: TextSchema.min(1).optional(),
    id: IdSchema.optional(),
    from: z.date().optional(),
    to: z.date().optional(),
    afterSeq: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(MAX_LIMIT),
  })
  .strict();
const VersionGuardSchema = z.object({ expectedVersion: z.number().int().min(1) }).strict();
const UpdateOptionsSchema = z.object({ expectedVersion: z.number().int().min(1), scope: RecordScopeSchema.optional() }).strict();
const CursorSchema = z.tuple([z.enum(ORDER_FIELDS), z.enum(['asc', 'desc']), z.string(), z.string()]);

/** What the store knows of one registered kind. */
interface KindInfo {
  schema: z.ZodType<{ id: string }>;
  /** Top-level fields a `where` may name; null accepts any (see knownFieldsOf). */
  fields: ReadonlySet<string> | null;
  transitions: { field: string; table: TransitionTable<string> } | null;
}

/** Wraps a storage adapter in a typed store that validates every entity against its kind's schema, stamps times and the actor, and enforces status transitions. */
export function createStore<K extends KindSchemas>(adapter: StorageAdapter, options: StoreOptions<K>): Store<K> {
  const transitions = new Map<string, TransitionRule | undefined>(Object.entries(options.transitions ?? {}));
  const issues: Issue[] = [...transitions.keys()]
    .filter((kind) => !Object.hasOwn(options.kinds, kind))
    .map((kind) => ({ path: ['transitions', kind], message: `"${kind}" is not one of the kinds: ${Object.keys(options.kinds).join(', ')}` }));
  // Kind names are stored with every record and audit entry, so they obey the rules for ids.
  for (const kind of Object.keys(options.kinds)) {
    const parsed = IdSchema.safeParse(kind);
    if (!parsed.success) issues.push(...zodIssuesToIssues(parsed.error, ['kinds', kind]));
  }
  if (issues.length > 0) throw CivicGridError.validation('store options', issues);
  const kinds = new Map<string, KindInfo>(
    Object.entries(options.kinds).map(([kind, schema]) => {
      const rule = transitions.get(kind);
      return [kind, { schema, fields: knownFieldsOf(schema), transitions: rule === undefined ? null : { field: rule.field ?? 'status', table: rule.table } }];
    }),
  );
  const actor = options.actor === undefined ? 'system' : parseWithSchema(ActorSchema, options.actor, 'actor');
  const store = makeStore(adapter, adapter.name, Object.freeze({ ...options.kinds }), kinds, options.clock ?? (() => new Date()), actor, () => adapter.close());
  // computeKpisInDatabase may be given the store rather than its adapter.
  shareSqlAccess(adapter, store);
  return store;
}

function makeStore<K extends KindSchemas>(
  ops: StorageOperations,
  adapterName: string,
  kindSchemas: Readonly<K>,
  kinds: Map<string, KindInfo>,
  clock: () => Date,
  actor: string,
  close: () => Promise<void>,
): Store<K> {
  const call = <T>(operation: string, run: () => Promise<T>): Promise<T> => guard(adapterName, operation, run);

  const writeContext = (): WriteContext => {
    const at = clock();
    if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new CivicGridError('VALIDATION_FAILED', 'the store clock returned an invalid Date');
    return { at, actor };
  };

  const kindInfo = (kind: unknown): KindInfo => {
    const info = typeof kind === 'string' ? kinds.get(kind) : undefined;
    if (info !== undefined) return info;
    throw CivicGridError.validation('store', [{ path: ['kind'], message: `unknown kind "${String(kind)}"; registered: ${[...kinds.keys()].join(', ')}` }]);
  };

  const entityIssues = (kind: string, value: unknown, basePath: (string | number)[]): { data: JsonObject | null; issues: Issue[] } => {
    const prefixed = (issues: Issue[]): Issue[] => issues.map((issue) => ({ ...issue, path: [...basePath, ...issue.path] }));
    // Cycles and deep nesting first: zod would overflow the stack on them.
    const nesting = nestingProblems(value);
    if (nesting.length > 0) return { data: null, issues: prefixed(nesting) };
    const parsed = kindInfo(kind).schema.safeParse(value);
    if (!parsed.success) return { data: null, issues: zodIssuesToIssues(parsed.error, basePath) };
    const data = parsed.data as unknown as JsonObject;
    const issues = prefixed(storableJsonProblems(data));
    if (typeof data.id !== 'string' || data.id.length === 0) issues.push({ path: [...basePath, 'id'], message: `a ${kind} needs a non-empty string id` });
    return { data: issues.length === 0 ? data : null, issues };
  };

  const validEntity = (kind: string, value: unknown): JsonObject => {
    const { data, issues } = entityIssues(kind, value, []);
    if (data === null) throw CivicGridError.validation(`${kind} ${describeId(value)}`, issues);
    return data;
  };

  const store: Store<K> = {
    adapterName,
    kinds: kindSchemas,

    get: async (kind, id) => {
      kindInfo(kind);
      parseWithSchema(IdSchema, id, `${kind} id`);
      return call('get', () => ops.get(kind, id)) as never;
    },

    getOrThrow: async (kind, id) => {
      const found = await store.get(kind, id);
      if (found === null) throw notFound(kind, id);
      return found;
    },

    query: async (kind, query) => {
      const { fields } = kindInfo(kind);
      const parsed = parseWithSchema(QuerySchema, query, `${kind} query`);
      const whereIssues = [...droppedWhereFields(query, parsed.where ?? {}), ...unknownWhereFields(kind, fields, parsed.where ?? {})];
      if (whereIssues.length > 0) throw CivicGridError.validation(`${kind} query`, whereIssues);
      const orderBy = { field: parsed.orderBy?.field ?? 'id', direction: parsed.orderBy?.direction ?? 'asc' } as const;
      const adapterQuery: AdapterQuery = {
        scope: parsed.scope,
        where: Object.entries(parsed.where ?? {}).map(([field, value]) => [field, Array.isArray(value) ? value : [value as WhereValue]] as const),
        orderBy,
        limit: parsed.limit + 1,
        ...(parsed.depth === undefined ? {} : { depth: parsed.depth }),
        ...(parsed.cursor === undefined ? {} : { after: decodeCursor(parsed.cursor, orderBy) }),
      };
      const records = await call('query', () => ops.query(kind, adapterQuery));
      if (records.length <= parsed.limit) return { records, nextCursor: null } as never;
      records.length = parsed.limit;
      return { records, nextCursor: encodeCursor(records[records.length - 1] as StoredRecord, orderBy) } as never;
    },

    insert: async (kind, value, options) => {
      const context = writeContext();
      const data = validEntity(kind, value);
      const scope = parseWithSchema(z.object({ scope: RecordScopeSchema }).strict(), options, `${kind} "${String(data.id)}" options`).scope;
      return call('insert', () => ops.insert(kind, { id: data.id as string, scope, data }, context)) as never;
    },

    insertMany: async (kind, items) => {
      const context = writeContext();
      kindInfo(kind);
      if (!Array.isArray(items)) throw CivicGridError.validation(`${kind} batch`, [{ path: [], message: 'insertMany takes an array of { value, scope }' }]);
      const issues: Issue[] = [];
      const inputs: RecordInput[] = [];
      for (let index = 0; index < items.length; index += 1) {
        const item = items[index] as { value?: unknown; scope?: unknown } | undefined;
        const { data, issues: found } = entityIssues(kind, item?.value, [index, 'value']);
        issues.push(...found);
        const scope = RecordScopeSchema.safeParse(item?.scope);
        if (!scope.success) issues.push(...zodIssuesToIssues(scope.error, [index, 'scope']));
        if (data !== null && scope.success) inputs.push({ id: data.id as string, scope: scope.data, data });
      }
      if (issues.length > 0) throw CivicGridError.validation(`${kind} batch of ${items.length}`, issues);
      return call('insertMany', () => ops.insertMany(kind, inputs, context));
    },

    update: async (kind, id, patch, options) => {
      const context = writeContext();
      kindInfo(kind);
      parseWithSchema(IdSchema, id, `${kind} id`);
      const { expectedVersion, scope } = parseWithSchema(UpdateOptionsSchema, options, `${kind} "${id}" update options`);
      if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
        throw CivicGridError.validation(`${kind} "${id}" patch`, [{ path: [], message: 'a patch is an object of fields to change' }]);
      }
      const current = await call('update', () => ops.get(kind, id));
      if (current === null) throw notFound(kind, id);
      if (current.version !== expectedVersion) throw versionConflict(kind, id, expectedVersion, current.version);
      const data = validEntity(kind, { ...current.data, ...patch });
      if (data.id !== id) throw CivicGridError.validation(`${kind} "${id}" patch`, [{ path: ['id'], message: 'an id cannot change' }]);
      const rule = kindInfo(kind).transitions;
      if (rule !== null && current.data[rule.field] !== data[rule.field]) assertStatusChange(rule, kind, id, current.data[rule.field], data[rule.field]);
      return call('update', () => ops.update(kind, id, { data, scope: scope ?? current.scope }, expectedVersion, context)) as never;
    },

    remove: async (kind, id, options) => {
      const context = writeContext();
      kindInfo(kind);
      parseWithSchema(IdSchema, id, `${kind} id`);
      const { expectedVersion } = parseWithSchema(VersionGuardSchema, options, `${kind} "${id}" remove options`);
      await call('remove', () => ops.remove(kind, id, expectedVersion, context));
    },

    readAudit: async (query) => {
      const parsed = parseWithSchema(AuditQuerySchema, query, 'audit query');
      const clean = Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== undefined)) as unknown as AdapterAuditQuery;
      return call('readAudit', () => ops.readAudit(clean));
    },

    transaction: async (fn) => {
      if (typeof fn !== 'function') throw CivicGridError.validation('transaction', [{ path: [], message: `store.transaction takes an async function, not ${describeValue(fn)}` }]);
      let thrownByFn: { error: unknown } | undefined;
      try {
        return await ops.transaction(async (tx) => {
          try {
            return await fn(makeStore<K>(tx, adapterName, kindSchemas, kinds, clock, actor, close));
          } catch (error) {
            thrownByFn = { error };
            throw error;
          }
        });
      } catch (error) {
        // The caller's own errors pass through untouched; only the adapter's get wrapped.
        if (thrownByFn !== undefined && thrownByFn.error === error) throw error;
        throw wrapAdapterError(adapterName, 'transaction', error);
      }
    },

    as: (newActor) => makeStore<K>(ops, adapterName, kindSchemas, kinds, clock, parseWithSchema(ActorSchema, newActor, 'actor'), close),

    close: () => call('close', close),
  };
  return store;
}

async function guard<T>(adapterName: string, operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw wrapAdapterError(adapterName, operation, error);
  }
}

/** Driver errors become ADAPTER_FAILURE with the driver's error as `cause`; civic-grid errors pass through. */
export function wrapAdapterError(adapterName: string, operation: string, error: unknown): CivicGridError {
  if (error instanceof CivicGridError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CivicGridError('ADAPTER_FAILURE', `${adapterName} adapter: ${operation} failed: ${message}`, { cause: error });
}

/** assertTransition, with the issue at the kind's own status field. */
function assertStatusChange(rule: { field: string; table: TransitionTable<string> }, kind: string, id: string, from: unknown, to: unknown): void {
  try {
    assertTransition(rule.table, kind, id, String(from), String(to));
  } catch (error) {
    if (!(error instanceof CivicGridError) || rule.field === 'status') throw error;
    throw new CivicGridError(error.code, error.message, { issues: error.issues.map((issue) => ({ ...issue, path: [rule.field] })) });
  }
}

/**
 * Fields of the raw `where` that parsing lost: zod drops `__proto__` (a JSON
 * parser makes it an own key), and a filter that silently vanishes would
 * return records the caller meant to exclude.
 */
function droppedWhereFields(query: unknown, parsed: object): Issue[] {
  const raw = (query as { where?: unknown }).where;
  if (typeof raw !== 'object' || raw === null) return [];
  return Reflect.ownKeys(raw)
    .filter((key) => typeof key === 'symbol' || !Object.hasOwn(parsed, key))
    .map((key) => ({ path: ['where', String(key)], message: `"${String(key)}" cannot be a where field` }));
}

/** A misspelt field would match nothing; name it and list the kind's fields instead. */
function unknownWhereFields(kind: string, fields: ReadonlySet<string> | null, where: object): Issue[] {
  if (fields === null) return [];
  return Object.keys(where)
    .filter((field) => !fields.has(field))
    .map((field) => ({ path: ['where', field], message: `${kind} has no field "${field}"; its fields: ${[...fields].join(', ')}` }));
}

function describeValue(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function describeId(value: unknown): string {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? `"${id}"` : '(no id)';
}

function orderValue(record: StoredRecord, field: OrderField): string {
  return field === 'id' ? record.id : record[field].toISOString();
}

/** The cursor of the page ending at `record`; the narrowed store (src/access) uses it to page merged results. */
export function encodeCursor(record: StoredRecord, orderBy: { field: OrderField; direction: OrderDirection }): string {
  return Buffer.from(JSON.stringify([orderBy.field, orderBy.direction, orderValue(record, orderBy.field), record.id])).toString('base64url');
}

function decodeCursor(cursor: string, orderBy: { field: OrderField; direction: OrderDirection }): { value: string; id: string } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const parsed = CursorSchema.safeParse(decoded);
  if (!parsed.success) throw CivicGridError.validation('query cursor', [{ path: ['cursor'], message: 'not a cursor this store returned' }]);
  const [field, direction, value, id] = parsed.data;
  if (field !== orderBy.field || direction !== orderBy.direction) {
    throw CivicGridError.validation('query cursor', [{ path: ['cursor'], message: `the cursor pages by ${field} ${direction}, the query by ${orderBy.field} ${orderBy.direction}` }]);
  }
  // A forged or corrupted position would page silently wrong (or fail inside SQL): it must be what encodeCursor wrote.
  const valid = IdSchema.safeParse(id).success && (field === 'id' ? value === id : isIsoInstant(value));
  if (!valid) throw CivicGridError.validation('query cursor', [{ path: ['cursor'], message: 'not a cursor this store returned' }]);
  return { value, id };
}

/** Exactly what `Date.prototype.toISOString` writes, for a real instant. */
function isIsoInstant(text: string): boolean {
  const time = Date.parse(text);
  return !Number.isNaN(time) && new Date(time).toISOString() === text;
}
