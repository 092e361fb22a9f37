import { CivicGridError } from '../../errors/civic-grid-error.js';
import { alreadyExists, notFound, versionConflict } from '../internal.js';
import { TransactionHandle } from '../transaction-handle.js';
import type {
  AdapterAuditQuery,
  AdapterQuery,
  AuditEntry,
  AuditOp,
  JsonObject,
  OrderField,
  PageAfter,
  RecordInput,
  StorageOperations,
  StoredRecord,
  WhereValue,
  WriteContext,
} from '../port.js';
import { decodeScope, encodeScope, scopeRange } from '../scope.js';

/** What the SQL core needs from one connection; `execute` returns the number of changed rows. */
export interface SqlConnection {
  query(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]>;
  execute(sql: string, params: readonly unknown[]): Promise<number>;
  /** The rows as arrays, in `columns` order: no object per row (computeKpisInDatabase reads a row per node). Optional: without it, `query`'s rows are turned into arrays. */
  queryArrays?(sql: string, params: readonly unknown[]): Promise<SqlRows>;
  /** Optional: each row as an array, handed over as the driver reads it, never all the rows in one array; resolves to how many. */
  eachRow?: SqlEachRow;
}

/**
 * Runs one statement and hands each row (an array, in `columns` order) to
 * the handler `onColumns` makes, as the rows arrive. A handler that throws
 * stops the handling, not the statement: the rest of its rows are read and
 * dropped, then the promise rejects with what the handler threw.
 */
export type SqlEachRow = (sql: string, params: readonly unknown[], onColumns: (columns: readonly string[]) => (row: readonly unknown[]) => void) => Promise<number>;

/** Rows as arrays: row[i] is the value of columns[i]. */
export interface SqlRows {
  columns: readonly string[];
  rows: readonly (readonly unknown[])[];
}

/** Row objects as arrays in `columns` order (by default the first row's keys). */
export function objectRowsAsArrays(objects: readonly Record<string, unknown>[], columns: readonly string[] = Object.keys(objects[0] ?? {})): SqlRows {
  return { columns, rows: objects.map((row) => columns.map((column) => row[column])) };
}

/** Rows as arrays, from `connection.queryArrays` or else from its row objects. */
export async function queryArrays(connection: SqlConnection, sql: string, params: readonly unknown[]): Promise<SqlRows> {
  if (connection.queryArrays !== undefined) return connection.queryArrays(sql, params);
  return objectRowsAsArrays(await connection.query(sql, params));
}

/** The differences between SQLite and PostgreSQL that the shared SQL needs. */
export interface SqlDialect {
  /** Qualified table names. */
  records: string;
  audit: string;
  meta: string;
  /** The placeholder for the n-th (1-based) parameter. */
  param(index: number): string;
  /** A placeholder holding JSON text, as the data column takes it. */
  jsonParam(index: number): string;
  /** A placeholder holding an ISO time, as the time columns take it. */
  timeParam(index: number): string;
  /** SQL true when top-level `field` of `data` equals one of `values` (same JSON type), adding parameters via `bind`. */
  whereField(field: string, values: readonly WhereValue[], bind: (value: unknown) => string): string;
  /**
   * A column reference the planner must not pick an index for (SQLite:
   * `+column`), so a page stays on the index the core chose for it. Absent
   * when the engine's own planner chooses well (PostgreSQL).
   */
  unindexed?: (column: string) => string;
  /** Locks the selected row until commit, where the engine needs it (PostgreSQL). */
  forUpdate: string;
  toDate(value: unknown): Date;
  toJson<T>(value: unknown): T;
  /** Bulk insert of records plus their audit entries; returns the ids that already existed (nothing inserted then). */
  insertMany(connection: SqlConnection, kind: string, rows: readonly PreparedRow[], context: WriteContext): Promise<string[]>;
}

/** A record ready for SQL: the scope encoded, the data and the audit `after` as JSON text. */
export interface PreparedRow {
  id: string;
  scope: string;
  depth: number;
  data: string;
  after: string;
}

export function prepareRow(input: RecordInput, version: number, createdAt: string, updatedAt: string): PreparedRow {
  const data = JSON.stringify(input.data);
  const scope = JSON.stringify(input.scope);
  return {
    id: input.id,
    scope: encodeScope(input.scope),
    depth: input.scope.length,
    data,
    after: `{"id":${JSON.stringify(input.id)},"version":${version},"createdAt":"${createdAt}","updatedAt":"${updatedAt}","scope":${scope},"data":${data}}`,
  };
}

const RECORD_COLUMNS = 'id, version, scope, created_at, updated_at, data';
const ORDER_COLUMNS = { id: 'id', createdAt: 'created_at', updatedAt: 'updated_at' } as const;

/** Builds SQL with numbered placeholders. */
class Params {
  readonly values: unknown[] = [];
  constructor(private readonly dialect: SqlDialect) {}
  add(value: unknown): string {
    this.values.push(value);
    return this.dialect.param(this.values.length);
  }
  json(value: string): string {
    this.values.push(value);
    return this.dialect.jsonParam(this.values.length);
  }
  time(value: string): string {
    this.values.push(value);
    return this.dialect.timeParam(this.values.length);
  }
}

function recordFrom(row: Record<string, unknown>, dialect: SqlDialect): StoredRecord {
  return {
    id: row.id as string,
    version: Number(row.version),
    createdAt: dialect.toDate(row.created_at),
    updatedAt: dialect.toDate(row.updated_at),
    scope: decodeScope(row.scope as string),
    data: dialect.toJson<JsonObject>(row.data),
  };
}

function recordFromAudit(value: unknown, dialect: SqlDialect): StoredRecord | null {
  if (value === null || value === undefined) return null;
  const record = dialect.toJson<StoredRecord & { createdAt: string; updatedAt: string }>(value);
  return { ...record, createdAt: new Date(record.createdAt), updatedAt: new Date(record.updatedAt) };
}

/**
 * Runs `fn` with the port's operations over one SQL connection that is
 * already inside a transaction (the adapter begins and commits it). The
 * operations take turns, and once `fn` has settled they are refused, so a
 * handle kept past its transaction cannot write outside it.
 */
export async function withSqlOperations<T>(connection: SqlConnection, dialect: SqlDialect, fn: (ops: StorageOperations) => Promise<T>): Promise<T> {
  let savepoints = 0;
  const handle = new TransactionHandle();
  try {
    return await fn(sqlOperations(connection, dialect, handle, () => `civic_grid_sp_${(savepoints += 1)}`));
  } finally {
    await handle.finish();
  }
}

/**
 * The operations of one handle. Nested transactions and bulk inserts use
 * savepoints, each with its own name, so a failure undoes only their own writes.
 */
function sqlOperations(connection: SqlConnection, dialect: SqlDialect, handle: TransactionHandle, nextSavepoint: () => string): StorageOperations {
  const { records, audit } = dialect;

  const selectRow = async (kind: string, id: string, lock: boolean): Promise<StoredRecord | null> => {
    const params = new Params(dialect);
    const rows = await connection.query(
      `SELECT ${RECORD_COLUMNS} FROM ${records} WHERE kind = ${params.add(kind)} AND id = ${params.add(id)}${lock ? dialect.forUpdate : ''}`,
      params.values,
    );
    return rows[0] === undefined ? null : recordFrom(rows[0], dialect);
  };

  const appendAudit = async (kind: string, id: string, op: AuditOp, before: string | null, after: string | null, context: WriteContext): Promise<void> => {
    const params = new Params(dialect);
    await connection.execute(
      `INSERT INTO ${audit} (at, actor, kind, id, op, before, after) VALUES (${params.time(context.at.toISOString())}, ${params.add(context.actor)}, ${params.add(kind)}, ${params.add(id)}, ${params.add(op)}, ${before === null ? 'NULL' : params.json(before)}, ${after === null ? 'NULL' : params.json(after)})`,
      params.values,
    );
  };

  const lockedCurrent = async (kind: string, id: string, expectedVersion: number): Promise<StoredRecord> => {
    const current = await selectRow(kind, id, true);
    if (current === null) throw notFound(kind, id);
    if (current.version !== expectedVersion) throw versionConflict(kind, id, expectedVersion, current.version);
    return current;
  };

  /** The write changed no row although the locked read said it would: report what is stored now. */
  const guardFailed = async (kind: string, id: string, expectedVersion: number): Promise<CivicGridError> => {
    const current = await selectRow(kind, id, false);
    return current === null ? notFound(kind, id) : versionConflict(kind, id, expectedVersion, current.version);
  };

  const savepoint = async <T>(fn: () => Promise<T>): Promise<T> => {
    const name = nextSavepoint();
    await connection.execute(`SAVEPOINT ${name}`, []);
    try {
      const result = await fn();
      await connection.execute(`RELEASE SAVEPOINT ${name}`, []);
      return result;
    } catch (error) {
      await connection.execute(`ROLLBACK TO SAVEPOINT ${name}`, []);
      await connection.execute(`RELEASE SAVEPOINT ${name}`, []);
      throw error;
    }
  };

  /** A nested transaction: its own handle, ended before its savepoint is released or rolled back. */
  const nestedTransaction = <T>(fn: (nested: StorageOperations) => Promise<T>): Promise<T> =>
    savepoint(async () => {
      const nested = new TransactionHandle();
      try {
        return await handle.nest(() => fn(sqlOperations(connection, dialect, nested, nextSavepoint)));
      } finally {
        await nested.finish();
      }
    });

  /**
   * One page's SELECT. `ordered` reads the order index from the cursor,
   * filtering the scope, and stops at `until` when given; `gathered` reads
   * the scope index and sorts; `planner` leaves the choice to the engine.
   */
  const selectPage = async (kind: string, query: AdapterQuery, plan: 'planner' | 'ordered' | 'gathered', until?: PageAfter): Promise<StoredRecord[]> => {
    const { field, direction } = query.orderBy;
    // Hints keep the engine on the index the plan chose: no scope index when reading in order, no order index when gathering.
    const onScope = (name: string): string => (plan === 'ordered' && dialect.unindexed !== undefined ? dialect.unindexed(name) : name);
    const onOrder = (name: string): string => (plan === 'gathered' && dialect.unindexed !== undefined ? dialect.unindexed(name) : name);
    const params = new Params(dialect);
    const conditions = [`kind = ${params.add(kind)}`, ...scopeConditions(query, params, onScope)];
    for (const [field, values] of query.where) conditions.push(`(${dialect.whereField(field, values, (value) => params.add(value))})`);
    if (query.after !== undefined) conditions.push(keyCondition(params, field, direction === 'asc' ? '>' : '<', query.after, onOrder));
    if (until !== undefined) conditions.push(keyCondition(params, field, direction === 'asc' ? '<=' : '>=', until));
    const rows = await connection.query(
      `SELECT ${RECORD_COLUMNS} FROM ${records} WHERE ${conditions.join(' AND ')} ORDER BY ${orderClause(query)} LIMIT ${params.add(query.limit)}`,
      params.values,
    );
    return rows.map((row) => recordFrom(row, dialect));
  };

  /**
   * The (order value, id) of the row WINDOW_PAGES pages past the cursor in
   * the kind, or null when fewer rows are left. Read from the order index
   * alone, so it costs a few index entries per row of the page.
   */
  const windowEdge = async (kind: string, query: AdapterQuery): Promise<PageAfter | null> => {
    const { field, direction } = query.orderBy;
    const params = new Params(dialect);
    const conditions = [`kind = ${params.add(kind)}`];
    if (query.after !== undefined) conditions.push(keyCondition(params, field, direction === 'asc' ? '>' : '<', query.after));
    const [row] = await connection.query(
      `SELECT ${ORDER_COLUMNS[field]} AS value, id FROM ${records} WHERE ${conditions.join(' AND ')} ORDER BY ${orderClause(query)} LIMIT 1 OFFSET ${params.add(WINDOW_PAGES * query.limit - 1)}`,
      params.values,
    );
    if (row === undefined) return null;
    return { value: field === 'id' ? (row.value as string) : dialect.toDate(row.value).toISOString(), id: row.id as string };
  };

  const ops: StorageOperations = {
    get: (kind, id) => selectRow(kind, id, false),

    /**
     * A subtree can't be read in (order, id) order from one index range, so
     * where the dialect lets us choose (SQLite) a page first reads a window
     * of WINDOW_PAGES pages of the kind in order from the cursor, keeping the
     * rows in scope: when the scope holds at least 1/WINDOW_PAGES of the
     * kind's rows there (a whole city, as computeKpis reads it) that fills
     * the page at O(log n + page). A scope too sparse to fill it is gathered
     * by the scope index and sorted, which costs the scope's size per page:
     * cheap for the small scopes that are sparse, and the one case left
     * where paging a scope is not linear is a big scope that is still under
     * 1/WINDOW_PAGES of its kind. A whole-kind query, and one exact scope
     * ordered by id (the (kind, scope, id) index holds it in order), need no
     * choice.
     */
    query: async (kind, query: AdapterQuery) => {
      if (dialect.unindexed === undefined || query.scope.length === 0 || (query.depth === 0 && query.orderBy.field === 'id')) return selectPage(kind, query, 'planner');
      const edge = await windowEdge(kind, query);
      const windowed = await selectPage(kind, query, 'ordered', edge ?? undefined);
      if (windowed.length === query.limit || edge === null) return windowed;
      return selectPage(kind, query, 'gathered');
    },

    insert: async (kind, input, context) => {
      const at = context.at.toISOString();
      const row = prepareRow(input, 1, at, at);
      const params = new Params(dialect);
      const inserted = await connection.execute(
        `INSERT INTO ${records} (kind, id, version, scope, depth, created_at, updated_at, data) VALUES (${params.add(kind)}, ${params.add(row.id)}, 1, ${params.add(row.scope)}, ${params.add(row.depth)}, ${params.time(at)}, ${params.time(at)}, ${params.json(row.data)}) ON CONFLICT DO NOTHING`,
        params.values,
      );
      if (inserted === 0) throw alreadyExists(kind, [input.id]);
      await appendAudit(kind, input.id, 'insert', null, row.after, context);
      return { id: input.id, version: 1, createdAt: context.at, updatedAt: context.at, scope: [...input.scope], data: JSON.parse(row.data) as JsonObject };
    },

    insertMany: async (kind, inputs, context) => {
      if (inputs.length === 0) return 0;
      const repeated = repeatedIds(inputs);
      if (repeated.length > 0) throw alreadyExists(kind, repeated);
      const at = context.at.toISOString();
      const rows = inputs.map((input) => prepareRow(input, 1, at, at));
      return savepoint(async () => {
        const existing = await dialect.insertMany(connection, kind, rows, context);
        if (existing.length > 0) throw alreadyExists(kind, existing);
        return rows.length;
      });
    },

    update: async (kind, id, change, expectedVersion, context) => {
      const before = await lockedCurrent(kind, id, expectedVersion);
      const at = context.at.toISOString();
      const row = prepareRow({ id, ...change }, expectedVersion + 1, before.createdAt.toISOString(), at);
      const params = new Params(dialect);
      const changed = await connection.execute(
        `UPDATE ${records} SET version = ${params.add(expectedVersion + 1)}, scope = ${params.add(row.scope)}, depth = ${params.add(row.depth)}, updated_at = ${params.time(at)}, data = ${params.json(row.data)} WHERE kind = ${params.add(kind)} AND id = ${params.add(id)} AND version = ${params.add(expectedVersion)}`,
        params.values,
      );
      if (changed === 0) throw await guardFailed(kind, id, expectedVersion);
      await appendAudit(kind, id, 'update', JSON.stringify(before), row.after, context);
      return { id, version: expectedVersion + 1, createdAt: before.createdAt, updatedAt: context.at, scope: [...change.scope], data: JSON.parse(row.data) as JsonObject };
    },

    remove: async (kind, id, expectedVersion, context) => {
      const before = await lockedCurrent(kind, id, expectedVersion);
      const params = new Params(dialect);
      const removed = await connection.execute(`DELETE FROM ${records} WHERE kind = ${params.add(kind)} AND id = ${params.add(id)} AND version = ${params.add(expectedVersion)}`, params.values);
      if (removed === 0) throw await guardFailed(kind, id, expectedVersion);
      await appendAudit(kind, id, 'remove', JSON.stringify(before), null, context);
    },

    readAudit: (query) => readAudit(connection, dialect, query),

    transaction: nestedTransaction,
  };
  return handle.takingTurns(ops);
}

/** How many pages of the kind a scoped page reads in order before it gathers the scope instead. */
const WINDOW_PAGES = 8;

/** ORDER BY for the query's order: the field, then id to break ties. */
function orderClause(query: AdapterQuery): string {
  const column = ORDER_COLUMNS[query.orderBy.field];
  const order = query.orderBy.direction === 'asc' ? 'ASC' : 'DESC';
  return column === 'id' ? `id ${order}` : `${column} ${order}, id ${order}`;
}

/** `(order column, id) op (key)`, the key bound as its column takes it; `column` may hint the columns away from their index. */
function keyCondition(params: Params, field: OrderField, op: '<' | '>' | '<=' | '>=', key: PageAfter, column = (name: string): string => name): string {
  const value = field === 'id' ? params.add(key.value) : params.time(key.value);
  return `(${column(ORDER_COLUMNS[field])}, ${column('id')}) ${op} (${value}, ${params.add(key.id)})`;
}

/** The subtree (one index range over the materialised path) and depth conditions; depth 0 is one exact scope. */
function scopeConditions(query: Pick<AdapterQuery, 'scope' | 'depth'>, params: Params, column: (name: string) => string): string[] {
  if (query.scope.length === 0) return query.depth === undefined ? [] : [`depth <= ${params.add(query.depth)}`];
  if (query.depth === 0) return [`${column('scope')} = ${params.add(encodeScope(query.scope))}`];
  const { low, high } = scopeRange(query.scope);
  const range = `${column('scope')} >= ${params.add(low)} AND ${column('scope')} < ${params.add(high)}`;
  return query.depth === undefined ? [range] : [range, `depth <= ${params.add(query.scope.length + query.depth)}`];
}

function repeatedIds(inputs: readonly RecordInput[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const { id } of inputs) {
    if (seen.has(id)) repeated.add(id);
    seen.add(id);
  }
  return [...repeated];
}

export async function readAudit(connection: SqlConnection, dialect: SqlDialect, query: AdapterAuditQuery): Promise<AuditEntry[]> {
  const params = new Params(dialect);
  const conditions = ['1 = 1'];
  if (query.kind !== undefined) conditions.push(`kind = ${params.add(query.kind)}`);
  if (query.id !== undefined) conditions.push(`id = ${params.add(query.id)}`);
  if (query.from !== undefined) conditions.push(`at >= ${params.time(query.from.toISOString())}`);
  if (query.to !== undefined) conditions.push(`at < ${params.time(query.to.toISOString())}`);
  if (query.afterSeq !== undefined) conditions.push(`seq > ${params.add(query.afterSeq)}`);
  const rows = await connection.query(
    `SELECT seq, at, actor, kind, id, op, before, after FROM ${dialect.audit} WHERE ${conditions.join(' AND ')} ORDER BY seq LIMIT ${params.add(query.limit)}`,
    params.values,
  );
  return rows.map((row) => ({
    seq: Number(row.seq),
    at: dialect.toDate(row.at),
    actor: row.actor as string,
    kind: row.kind as string,
    id: row.id as string,
    op: row.op as AuditOp,
    before: recordFromAudit(row.before, dialect),
    after: recordFromAudit(row.after, dialect),
  }));
}

/** One schema migration: statements run in order inside the migration transaction. */
export type Migration = readonly string[];

/**
 * Brings the schema to the latest migration inside the caller's transaction.
 * `version` is what the database says it is (0 when new); a newer one fails
 * SCHEMA_TOO_NEW before anything is written.
 */
export async function migrate(connection: SqlConnection, dialect: SqlDialect, migrations: readonly Migration[], version: number): Promise<void> {
  assertNotTooNew(version, migrations.length, dialect.meta);
  for (let index = version; index < migrations.length; index += 1) {
    for (const statement of migrations[index] as Migration) await connection.execute(statement, []);
  }
  if (version < migrations.length) {
    const params = new Params(dialect);
    await connection.execute(
      `INSERT INTO ${dialect.meta} (key, value) VALUES ('schema_version', ${params.add(String(migrations.length))}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      params.values,
    );
  }
}

export function assertNotTooNew(version: number, latest: number, where: string): void {
  if (version > latest) {
    throw new CivicGridError('SCHEMA_TOO_NEW', `${where} says schema version ${version}, but this civic-grid knows up to ${latest}; upgrade civic-grid to open it`, {
      issues: [{ path: ['schema_version'], message: `${version} > ${latest}` }],
    });
  }
}
