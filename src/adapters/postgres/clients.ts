import { Mutex } from '../internal.js';
import type { SqlConnection } from '../sql/sql-core.js';

/**
 * The one thing the PostgreSQL adapter needs from a driver: run work on one
 * dedicated connection that nobody else uses meanwhile. The adapter imports
 * neither `pg` nor PGlite; these shapes are all it relies on.
 */
export interface PostgresClient {
  /** Runs `fn` on one connection that no other work uses until `fn` settles. */
  withConnection<T>(fn: (connection: SqlConnection) => Promise<T>): Promise<T>;
}

interface QueryResultLike {
  rows: Record<string, unknown>[];
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
}

/** What a PGlite instance offers: one embedded connection. */
export interface PGliteLike {
  /** Runs one SQL statement with `$1`-style parameters. */
  query(sql: string, params?: unknown[]): Promise<QueryResultLike>;
}

function sqlConnection(queryable: QueryableLike): SqlConnection {
  return {
    query: async (sql, params) => (await queryable.query(sql, [...params])).rows,
    execute: async (sql, params) => {
      const result = await queryable.query(sql, [...params]);
      return result.rowCount ?? result.affectedRows ?? 0;
    },
  };
}

/** A `pg` Pool: each unit of work checks out its own client; a client that failed mid-way is destroyed, not reused. */
export function pgPoolClient(pool: PgPoolLike): PostgresClient {
  return {
    async withConnection(fn) {
      const client = await pool.connect();
      // A backend that dies while this client is checked out emits 'error' on it; unheard, Node would crash.
      // The next query fails anyway, so noting it is enough.
      const onError = (): void => {};
      client.on?.('error', onError);
      try {
        const result = await fn(sqlConnection(client));
        client.off?.('error', onError);
        client.release();
        return result;
      } catch (error) {
        client.off?.('error', onError);
        client.release(error instanceof Error ? error : true);
        throw error;
      }
    },
  };
}

/** A PGlite instance: its single connection, taken in turn. Give the adapter its own instance, or no concurrent transactions elsewhere. */
export function pgliteClient(db: PGliteLike): PostgresClient {
  const lock = new Mutex();
  const connection = sqlConnection(db);
  return { withConnection: (fn) => lock.run(() => fn(connection)) };
}
