/**
 * SQL access to what a SQL adapter stores, for code that computes in the
 * database (computeKpisInDatabase): reads, and the tables derived from the records. It is kept off the adapter's
 * public shape: the adapter registers it here, a store made from the adapter
 * inherits it, and nothing else can reach the connection.
 */
import type { SqlEachRow, SqlRows } from './sql-core.js';

export type SqlAccessDialect = 'postgres' | 'sqlite';

/** Runs read-only statements inside one snapshot; `params` are bound, never spliced into the text. Rows come as arrays. */
export interface SqlRead {
  (sql: string, params: readonly unknown[]): Promise<SqlRows>;
  /** Where the driver can (pg): the same, each row handed over as it arrives. */
  eachRow?: SqlEachRow;
}

export interface SqlAccess {
  readonly dialect: SqlAccessDialect;
  /** The PostgreSQL schema holding the tables; null for SQLite. */
  readonly schema: string | null;
  /**
   * Runs `fn` with reads that all see one snapshot of the database, then ends
   * the snapshot. Up to `readers` reads (default 1), each on its own
   * connection, where the driver has connections spare right then (a pg
   * Pool); otherwise one. A read runs one statement at a time.
   */
  snapshot<T>(fn: (reads: readonly SqlRead[]) => Promise<T>, readers?: number): Promise<T>;
  /**
   * Runs `fn` in one read-write transaction that sees one snapshot, while no
   * other `maintain` of the same `lock` runs (in any process), for tables
   * derived from the records (KPI projections); commits when `fn` resolves,
   * rolls back when it throws.
   */
  maintain<T>(lock: string, fn: (run: SqlRead) => Promise<T>): Promise<T>;
}

const ACCESS = new WeakMap<object, SqlAccess>();

/** Called by the SQL adapters for the adapter object they return. */
export function registerSqlAccess(owner: object, access: SqlAccess): void {
  ACCESS.set(owner, access);
}

/** Lets `to` (a store over `from`) reach the same database. */
export function shareSqlAccess(from: object, to: object): void {
  const access = ACCESS.get(from);
  if (access !== undefined) ACCESS.set(to, access);
}

/** The SQL access of an adapter or store, or undefined when it does not sit on SQL (memory, a wrapper). */
export function sqlAccessOf(owner: object): SqlAccess | undefined {
  return ACCESS.get(owner);
}
