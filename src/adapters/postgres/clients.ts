import { Mutex } from '../internal.js';
import { objectRowsAsArrays, type SqlConnection, type SqlEachRow, type SqlRows } from '../sql/sql-core.js';

/**
 * The one thing the PostgreSQL adapter needs from a driver: run work on one
 * dedicated connection that nobody else uses meanwhile. The adapter imports
 * neither `pg` nor PGlite; these shapes are all it relies on.
 */
export interface PostgresClient {
  /** Runs `fn` on one connection that no other work uses until `fn` settles. */
  withConnection<T>(fn: (connection: SqlConnection) => Promise<T>): Promise<T>;
  /**
   * Optional: runs `fn` as withConnection does, on another connection, when
   * one is free right now; returns undefined, never waiting, when none is
   * (work that holds a connection asks for a second only this way, so it
   * cannot deadlock a pool).
   */
  withSpareConnection?<T>(fn: (connection: SqlConnection) => Promise<T>): Promise<T> | undefined;
}

interface QueryResultLike {
  rows: Record<string, unknown>[];
  /** The result columns in order (pg and PGlite give them). */
  fields?: { name: string }[];
  rowCount?: number | null;
  affectedRows?: number;
}

interface QueryableLike {
  query(sql: string, params?: unknown[]): Promise<QueryResultLike>;
}

/** What `pg.Pool` offers: checked-out clients that go back with `release`. */
export interface PgPoolLike {
  /** Checks out a client from the pool. */
  connect(): Promise<
    QueryableLike & {
      /** Returns the client to the pool; with an error or `true`, destroys it instead. */
      release(destroy?: boolean | Error): void;
      /** Listens for an error the client emits while checked out (its backend died). */
      on?(event: 'error', listener: (error: Error) => void): unknown;
      /** Stops listening for the client's errors. */
      off?(event: 'error', listener: (error: Error) => void): unknown;
    }
  >;
  /** Clients open, idle, and calls waiting for one (pg.Pool has them): with options.max, whether one is spare right now. */
  readonly totalCount?: number;
  /** Clients open and not checked out. */
  readonly idleCount?: number;
  /** connect() calls waiting for a client. */
  readonly waitingCount?: number;
  /** The pool's settings; `max`: the most clients it opens. */
  readonly options?: { readonly max?: number };
}

/** What a PGlite instance offers: one embedded connection. */
export interface PGliteLike {
  /** Runs one SQL statement with `$1`-style parameters; with `rowMode: 'array'`, rows may come as arrays. */
  query(sql: string, params?: unknown[], options?: { rowMode?: 'array' }): Promise<QueryResultLike>;
}

/**
 * Rows as arrays, asked of the driver with `rowMode: 'array'`. A driver or a
 * wrapper that does not pass the option on returns objects: those are turned
 * into arrays here.
 */
function arrayRows(result: QueryResultLike): SqlRows {
  const rows = result.rows as unknown[];
  const columns = result.fields?.map((field) => field.name) ?? Object.keys(rows[0] ?? {});
  if (rows.length === 0 || Array.isArray(rows[0])) return { columns, rows: rows as unknown[][] };
  return objectRowsAsArrays(result.rows, columns);
}

function sqlConnection(queryable: QueryableLike, queryArrays: (sql: string, params: unknown[]) => Promise<QueryResultLike>): SqlConnection {
  return {
    queryArrays: async (sql, params) => arrayRows(await queryArrays(sql, [...params])),
    query: async (sql, params) => (await queryable.query(sql, [...params])).rows,
    execute: async (sql, params) => {
      const result = await queryable.query(sql, [...params]);
      return result.rowCount ?? result.affectedRows ?? 0;
    },
  };
}

/** A `pg` Pool: each unit of work checks out its own client; a client that failed mid-way is destroyed, not reused. */
export function pgPoolClient(pool: PgPoolLike): PostgresClient {
  const withConnection = async <T>(fn: (connection: SqlConnection) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    // A backend that dies while this client is checked out emits 'error' on it; unheard, Node would crash.
    // The next query fails anyway, so noting it is enough.
    const onError = (): void => {};
    client.on?.('error', onError);
    try {
      // pg takes rowMode in a query config object, which its query(sql, params) signature here does not name.
      const configured = client.query as unknown as (config: { text: string; values: unknown[]; rowMode: 'array' }) => Promise<QueryResultLike>;
      const connection = sqlConnection(client, (text, values) => configured.call(client, { text, values, rowMode: 'array' }));
      const eachRow = pgRowStream(client);
      const result = await fn(eachRow === undefined ? connection : { ...connection, eachRow });
      client.off?.('error', onError);
      client.release();
      return result;
    } catch (error) {
      client.off?.('error', onError);
      client.release(error instanceof Error ? error : true);
      throw error;
    }
  };
  return {
    withConnection,
    // pg.Pool's connect() takes an idle client, or opens one below max, before it returns: checked here, it cannot wait.
    withSpareConnection: (fn) => (hasSpareClient(pool) ? withConnection(fn) : undefined),
  };
}

/** pg's Query as pg.Client exposes it (`Client.Query`): with a 'row' listener and no callback, it hands each row over and keeps none. */
interface PgQueryLike {
  on(event: 'row', listener: (row: unknown[], result: { fields: { name: string }[] }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
}
type PgQueryConstructor = new (config: { text: string; values: unknown[]; rowMode: 'array' }) => PgQueryLike;

/**
 * Rows one at a time from a pg client, where its class carries pg's Query:
 * a result of a million rows is then never held in one array (at 10 million
 * records, Node's CPU reading the KPI rows fell by half, most of it garbage
 * collection of the rows a batch kept alive). Undefined for other drivers.
 */
function pgRowStream(client: object): SqlEachRow | undefined {
  const Query = (client.constructor as { Query?: unknown } | undefined)?.Query;
  if (typeof Query !== 'function') return undefined;
  const submit = client as { query(query: PgQueryLike): unknown };
  return (text, params, onColumns) =>
    new Promise((resolve, reject) => {
      const query = new (Query as PgQueryConstructor)({ text, values: [...params], rowMode: 'array' });
      let onRow: ((row: readonly unknown[]) => void) | undefined;
      let count = 0;
      let failure: { error: unknown } | undefined;
      // A throw inside pg's message handling would break the connection's protocol state: it is kept until the statement ends.
      query.on('row', (row, result) => {
        count++;
        if (failure !== undefined) return;
        try {
          onRow ??= onColumns(result.fields.map((field) => field.name));
          onRow(row);
        } catch (error) {
          failure = { error };
        }
      });
      query.on('error', reject);
      query.on('end', () => (failure === undefined ? resolve(count) : reject(failure.error)));
      submit.query(query);
    });
}

function hasSpareClient({ totalCount, idleCount, waitingCount, options }: PgPoolLike): boolean {
  if (totalCount === undefined || idleCount === undefined || waitingCount !== 0 || options?.max === undefined) return false;
  return idleCount > 0 || totalCount < options.max;
}

/** A PGlite instance: its single connection, taken in turn. Give the adapter its own instance, or no concurrent transactions elsewhere. */
export function pgliteClient(db: PGliteLike): PostgresClient {
  const lock = new Mutex();
  const connection = sqlConnection(db, (sql, params) => db.query(sql, params, { rowMode: 'array' }));
  return { withConnection: (fn) => lock.run(() => fn(connection)) };
}
