/**
 * What the SQLite adapter uses of a better-sqlite3 `Database`. The declarations
 * name these shapes instead of better-sqlite3's own types, so users compile
 * without @types/better-sqlite3; a better-sqlite3 Database fits them.
 */
export interface SqliteDatabase {
  readonly name: string;
  readonly open: boolean;
  readonly inTransaction: boolean;
  /** Compiles one SQL statement. */
  prepare(sql: string): SqliteStatement;
  /** Runs SQL text (one or more statements) without parameters. */
  exec(sql: string): unknown;
  /** Runs a PRAGMA (given without the `PRAGMA` keyword) and returns its result. */
  pragma(source: string): unknown;
  /** Closes the database connection. */
  close(): unknown;
}

/** A prepared statement, as better-sqlite3's `Statement`. */
export interface SqliteStatement {
  /** Runs the statement with these parameters; `changes` is the number of rows written. */
  run(...params: unknown[]): { changes: number };
  /** The first result row, or undefined when there is none. */
  get(...params: unknown[]): unknown;
  /** Every result row. */
  all(...params: unknown[]): unknown[];
  /** With `true`, rows come as arrays of the column values rather than objects. */
  raw(toggle: boolean): SqliteStatement;
  /** The result columns, in row order. */
  columns(): { name: string }[];
  /** Whether the statement returns rows (SELECT, or a write with RETURNING). */
  readonly reader: boolean;
}
