import Database from 'better-sqlite3';
import { CivicGridError } from '../../errors/civic-grid-error.js';
import { Mutex } from '../internal.js';
import type { StorageAdapter, StorageOperations, WhereValue } from '../port.js';
import { assertNotTooNew, migrate, type Migration, readAudit, type SqlConnection, type SqlDialect, type SqlRows, withSqlOperations } from '../sql/sql-core.js';
import { registerSqlAccess } from '../sql/sql-access.js';
import { acquireFileLock } from './file-locks.js';
import { registerKpiFunctions } from './kpi-functions.js';
import type { SqliteDatabase, SqliteStatement } from './sqlite-database.js';
export type { SqliteDatabase, SqliteStatement } from './sqlite-database.js';

/**
 * The schema, one migration per schema version. Records sit in one table keyed
 * by (kind, id); the materialized scope path makes a subtree one index range.
 */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  [
    'CREATE TABLE IF NOT EXISTS civic_grid_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)',
    `CREATE TABLE civic_grid_records (
      kind TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL, scope TEXT NOT NULL, depth INTEGER NOT NULL,
      created_at TEXT NOT NULL, updated_at TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (kind, id))`,
    'CREATE INDEX civic_grid_records_scope ON civic_grid_records (kind, scope)',
    'CREATE INDEX civic_grid_records_created ON civic_grid_records (kind, created_at, id)',
    `CREATE TABLE civic_grid_audit (
      seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL,
      op TEXT NOT NULL, before TEXT, after TEXT)`,
    'CREATE INDEX civic_grid_audit_entity ON civic_grid_audit (kind, id, seq)',
    'CREATE INDEX civic_grid_audit_at ON civic_grid_audit (at)',
  ],
  ['CREATE INDEX civic_grid_records_updated ON civic_grid_records (kind, updated_at, id)'],
  // One exact scope ordered by id is one range of this index; it also serves every scope range the old (kind, scope) one did.
  ['CREATE INDEX civic_grid_records_scope_id ON civic_grid_records (kind, scope, id)', 'DROP INDEX civic_grid_records_scope'],
  // The KPI projections computeKpisInDatabase keeps when asked to (incremental), each up to an audit seq.
  [
    `CREATE TABLE civic_grid_kpi_projections (
      id INTEGER PRIMARY KEY, kind TEXT NOT NULL, definition TEXT NOT NULL, seq INTEGER NOT NULL, built_at TEXT NOT NULL, caught_up_at TEXT NOT NULL)`,
  ],
];

/** Options of the SQLite adapter. */
export interface SqliteAdapterOptions {
  /** How long a writer waits for another process's write lock before retrying, in ms. Default 5000. */
  busyTimeoutMs?: number;
}

const JSON_TYPES: Record<string, string> = { string: "'text'", true: "'true'", false: "'false'", null: "'null'" };

/** The SQL dialect of the SQLite adapter: its table names and SQLite's parameter and JSON syntax. */
export const sqliteDialect: SqlDialect = {
  records: 'civic_grid_records',
  audit: 'civic_grid_audit',
  meta: 'civic_grid_meta',
  param: () => '?',
  jsonParam: () => '?',
  timeParam: () => '?',
  whereField(field: string, values: readonly WhereValue[], bind: (value: unknown) => string): string {
    const path = `'$.${field}'`;
    return values
      .map((value) => {
        if (typeof value === 'number') return `(json_type(data, ${path}) IN ('integer', 'real') AND json_extract(data, ${path}) = ${bind(value)})`;
        if (typeof value === 'string') return `(json_type(data, ${path}) = 'text' AND json_extract(data, ${path}) = ${bind(value)})`;
        return `json_type(data, ${path}) = ${JSON_TYPES[String(value)]}`;
      })
      .join(' OR ');
  },
  unindexed: (column) => `+${column}`,
  forUpdate: '',
  toDate: (value) => new Date(value as string),
  toJson: <T>(value: unknown) => JSON.parse(value as string) as T,
  async insertMany(connection, kind, rows, context) {
    const db = (connection as SqliteConnection).db;
    const at = context.at.toISOString();
    const insertRecord = db.prepare(
      'INSERT INTO civic_grid_records (kind, id, version, scope, depth, created_at, updated_at, data) VALUES (?, ?, 1, ?, ?, ?, ?, ?) ON CONFLICT (kind, id) DO NOTHING',
    );
    const insertAudit = db.prepare("INSERT INTO civic_grid_audit (at, actor, kind, id, op, before, after) VALUES (?, ?, ?, ?, 'insert', NULL, ?)");
    const existing: string[] = [];
    for (const row of rows) {
      if (insertRecord.run(kind, row.id, row.scope, row.depth, at, at, row.data).changes === 0) existing.push(row.id);
      else insertAudit.run(at, context.actor, kind, row.id, row.after);
    }
    return existing;
  },
};

/** better-sqlite3 is synchronous; the port is not, so calls resolve immediately. */
class SqliteConnection implements SqlConnection {
  private readonly statements = new Map<string, SqliteStatement>();
  private readonly rawStatements = new Map<string, SqliteStatement>();
  constructor(readonly db: SqliteDatabase) {}

  private statement(sql: string): SqliteStatement {
    let statement = this.statements.get(sql);
    if (statement === undefined) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  async query(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]> {
    return this.statement(sql).all(...params) as Record<string, unknown>[];
  }

  async execute(sql: string, params: readonly unknown[]): Promise<number> {
    return this.statement(sql).run(...params).changes;
  }

  async queryArrays(sql: string, params: readonly unknown[]): Promise<SqlRows> {
    // Its own prepared statement: raw mode stays set on it, and query's rows stay objects.
    let statement = this.rawStatements.get(sql);
    if (statement === undefined) this.rawStatements.set(sql, (statement = this.db.prepare(sql).raw(true)));
    return { columns: statement.columns().map((column) => column.name), rows: statement.all(...params) as unknown[][] };
  }
}

const isBusy = (error: unknown): boolean => {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function schemaVersion(db: SqliteDatabase): number {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'civic_grid_meta'").get() !== undefined;
  if (!hasMeta) return 0;
  const row = db.prepare("SELECT value FROM civic_grid_meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
  return row === undefined ? 0 : Number(row.value);
}

/**
 * The SQLite adapter (better-sqlite3 12): a file path, `:memory:`, or an open
 * Database (which stays the caller's to close). It turns on WAL, sets a busy
 * timeout and migrates the schema; a database from a newer civic-grid fails
 * SCHEMA_TOO_NEW untouched. Writes take the write lock up front
 * (BEGIN IMMEDIATE), so racing processes queue instead of failing, and a
 * writer still locked out after the timeout retries a few times before
 * giving up with ADAPTER_FAILURE. Adapters on one file in one process take
 * turns before that, so none waits out the busy timeout on another.
 */
export async function createSqliteAdapter(database: string | SqliteDatabase, options: SqliteAdapterOptions = {}): Promise<StorageAdapter> {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const owned = typeof database === 'string';
  let db: SqliteDatabase;
  try {
    db = owned ? new Database(database) : database;
  } catch (error) {
    throw new CivicGridError('ADAPTER_FAILURE', `sqlite adapter: cannot open ${database}: ${(error as Error).message}`, { cause: error });
  }
  const connection = new SqliteConnection(db);
  const lock = new Mutex();
  const file = acquireFileLock(db);

  const beginImmediate = async (): Promise<void> => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        db.exec('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if (!isBusy(error) || attempt >= 5) throw error;
        await sleep(20 * 2 ** attempt);
      }
    }
  };

  /** Runs `fn` in one write transaction; the lock keeps everything else off the connection meanwhile, the file lock other adapters in this process off the file. */
  const inTransaction = <T>(fn: (ops: StorageOperations) => Promise<T>): Promise<T> =>
    lock.run(() =>
      file.lock.run(async () => {
        await beginImmediate();
        try {
          const result = await withSqlOperations(connection, sqliteDialect, fn);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      }),
    );

  const read = <T>(fn: (ops: StorageOperations) => Promise<T>): Promise<T> => lock.run(() => withSqlOperations(connection, sqliteDialect, fn));

  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    assertNotTooNew(schemaVersion(db), SQLITE_MIGRATIONS.length, `SQLite database ${db.name}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    await file.lock.run(async () => {
      await beginImmediate();
      try {
        await migrate(connection, sqliteDialect, SQLITE_MIGRATIONS, schemaVersion(db));
        db.exec('COMMIT');
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    });
  } catch (error) {
    file.release();
    if (owned) db.close();
    if (error instanceof CivicGridError) throw error;
    throw new CivicGridError('ADAPTER_FAILURE', `sqlite adapter: cannot prepare ${db.name}: ${(error as Error).message}`, { cause: error });
  }

  const adapter: StorageAdapter = {
    name: 'sqlite',
    get: (kind, id) => read((ops) => ops.get(kind, id)),
    query: (kind, query) => read((ops) => ops.query(kind, query)),
    insert: (kind, input, context) => inTransaction((ops) => ops.insert(kind, input, context)),
    insertMany: (kind, inputs, context) => inTransaction((ops) => ops.insertMany(kind, inputs, context)),
    update: (kind, id, change, expectedVersion, context) => inTransaction((ops) => ops.update(kind, id, change, expectedVersion, context)),
    remove: (kind, id, expectedVersion, context) => inTransaction((ops) => ops.remove(kind, id, expectedVersion, context)),
    readAudit: (query) => lock.run(() => readAudit(connection, sqliteDialect, query)),
    transaction: (fn) => inTransaction(fn),
    close: () =>
      lock.run(async () => {
        file.release();
        if (owned && db.open) db.close();
      }),
  };
  let functionsReady = false;
  // The KPI statements call civic-grid's functions, which must exist before a statement naming them is prepared.
  const withFunctions = (): void => {
    if (functionsReady) return;
    registerKpiFunctions(db);
    functionsReady = true;
  };
  const named = (params: readonly unknown[]): Record<string, unknown> => Object.fromEntries(params.map((value, index) => [`p${index + 1}`, value]));
  const sqlRead = async (sql: string, params: readonly unknown[]): Promise<SqlRows> => {
    withFunctions();
    return connection.queryArrays(sql, [named(params)]);
  };
  // Maintenance also runs statements that return no rows (DDL, writes), and names tables it may drop: prepared each time.
  const sqlRun = async (sql: string, params: readonly unknown[]): Promise<SqlRows> => {
    withFunctions();
    const statement = db.prepare(sql);
    if (statement.reader) return sqlRead(sql, params);
    statement.run(named(params));
    return { columns: [], rows: [] };
  };
  registerSqlAccess(adapter, {
    dialect: 'sqlite',
    schema: null,
    // One deferred transaction: every statement reads the same snapshot.
    snapshot: (fn) =>
      lock.run(async () => {
        db.exec('BEGIN');
        try {
          return await fn([sqlRead]);
        } finally {
          if (db.inTransaction) db.exec('COMMIT');
        }
      }),
    // A write transaction: SQLite has one writer at a time, which is the lock.
    maintain: (_lock, fn) => inTransaction(() => fn(sqlRun)),
  });
  return adapter;
}
