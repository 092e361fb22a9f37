/**
 * What the SQLite adapter uses of a better-sqlite3 `Database`. The declarations
 * name these shapes instead of better-sqlite3's own types, so users compile
 * without @types/better-sqlite3; a better-sqlite3 Database fits them.
 */
export interface SqliteDatabase {
  readonly name: string;
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  pragma(source: string): unknown;
  close(): unknown;
}

/** A prepared statement, as better-sqlite3's `Statement`. */
export interface SqliteStatement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
