import { CivicGridError } from '../../errors/civic-grid-error.js';
import type { StorageAdapter, StorageOperations, WhereValue } from '../port.js';
import { assertNotTooNew, migrate, type Migration, queryArrays, readAudit, type SqlConnection, type SqlDialect, type SqlRows, withSqlOperations } from '../sql/sql-core.js';
import { registerSqlAccess, type SqlRead } from '../sql/sql-access.js';
import { type DistrictPartitioning, recordsTableStatements } from './district-partitions.js';
import { kpiSqlMigration } from './kpi-sql-functions.js';
import { type PGliteLike, type PgPoolLike, type PostgresClient, pgliteClient, pgPoolClient } from './clients.js';

export type { DistrictPartitioning } from './district-partitions.js';
export { pgliteClient, pgPoolClient, type PGliteLike, type PgPoolLike, type PostgresClient } from './clients.js';

/** Options of the PostgreSQL adapter: the driver (a `pg` Pool, PGlite or another client) and its settings. */
export interface PostgresAdapterOptions {
  /** A `pg` Pool (servers); it stays open on `close()`, it is yours. */
  pool?: PgPoolLike;
  /** A PGlite instance (embedded use and tests); stays open on `close()`. */
  pglite?: PGliteLike;
  /** Any other driver behind the minimal client interface. */
  client?: PostgresClient;
  /** The PostgreSQL schema holding civic-grid's tables, created if missing. Default "public". */
  schema?: string;
  /**
   * Creates the records table partitioned by district: declarative
   * partitioning on the scope path, one partition per district below the
   * city plus a default one (see README "Scaling out"). It applies when the
   * schema is created; a schema that exists keeps its layout.
   */
  partitionByDistrict?: DistrictPartitioning;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const BULK_CHUNK = 2_000;
const ANALYZE_AFTER_ROWS = 1_000;

/**
 * The schema, one migration per version. Text columns that are ordered or
 * range-scanned use COLLATE "C", so order is by code point and the scope
 * index serves prefix ranges.
 */
export function postgresMigrations(schema: string, partitioning?: DistrictPartitioning): readonly Migration[] {
  const s = `"${schema}"`;
  return [
    [
      `CREATE SCHEMA IF NOT EXISTS ${s}`,
      `CREATE TABLE IF NOT EXISTS ${s}.civic_grid_meta (key text PRIMARY KEY, value text NOT NULL)`,
      ...recordsTableStatements(s, partitioning),
      `CREATE INDEX civic_grid_records_scope ON ${s}.civic_grid_records (kind, scope)`,
      `CREATE INDEX civic_grid_records_created ON ${s}.civic_grid_records (kind, created_at, id)`,
      `CREATE TABLE ${s}.civic_grid_audit (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz NOT NULL, actor text NOT NULL,
        kind text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, op text NOT NULL, before jsonb, after jsonb)`,
      `CREATE INDEX civic_grid_audit_entity ON ${s}.civic_grid_audit (kind, id, seq)`,
      `CREATE INDEX civic_grid_audit_at ON ${s}.civic_grid_audit (at)`,
    ],
    [`CREATE INDEX civic_grid_records_updated ON ${s}.civic_grid_records (kind, updated_at, id)`],
    // One exact scope ordered by id is one range of this index; it also serves every scope range the old (kind, scope) one did.
    [`CREATE INDEX civic_grid_records_scope_id ON ${s}.civic_grid_records (kind, scope, id)`, `DROP INDEX ${s}.civic_grid_records_scope`],
    // 4 (issue 17, KPIs in the database): the instant function the compiled KPI queries call.
    kpiSqlMigration(s),
    // 5: the KPI projections computeKpisInDatabase keeps when asked to (incremental), each up to an audit seq.
    [
      `CREATE TABLE ${s}.civic_grid_kpi_projections (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, kind text COLLATE "C" NOT NULL, definition text NOT NULL,
        seq bigint NOT NULL, built_at timestamptz NOT NULL, caught_up_at timestamptz NOT NULL)`,
    ],
  ];
}

function postgresDialect(schema: string): SqlDialect {
  const s = `"${schema}"`;
  const dialect: SqlDialect = {
    records: `${s}.civic_grid_records`,
    audit: `${s}.civic_grid_audit`,
    meta: `${s}.civic_grid_meta`,
    param: (index) => `$${index}`,
    jsonParam: (index) => `$${index}::jsonb`,
    timeParam: (index) => `$${index}::timestamptz`,
    whereField: (field: string, values: readonly WhereValue[], bind: (value: unknown) => string) =>
      `data -> '${field}' IN (${values.map((value) => `${bind(JSON.stringify(value))}::jsonb`).join(', ')})`,
    forUpdate: ' FOR UPDATE',
    toDate: (value) => (value instanceof Date ? value : new Date(value as string)),
    toJson: <T>(value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value) as T,
    async insertMany(connection, kind, rows, context) {
      for (let start = 0; start < rows.length; start += BULK_CHUNK) {
        const chunk = rows.slice(start, start + BULK_CHUNK);
        // data and after are JSON text already: splice them in rather than parse and re-serialise.
        const input = `[${chunk.map(({ id, scope, depth, data, after }) => `{"id":${JSON.stringify(id)},"scope":${JSON.stringify(scope)},"depth":${depth},"data":${data},"after":${after}}`).join(',')}]`;
        // Audit rows are written for the whole chunk: if any record already existed the
        // caller rolls the savepoint back, audit rows included.
        const inserted = await connection.query(
          `WITH input AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id text, scope text, depth integer, data jsonb, after jsonb)),
           inserted AS (
             INSERT INTO ${dialect.records} (kind, id, version, scope, depth, created_at, updated_at, data)
             SELECT $2, id, 1, scope, depth, $3::timestamptz, $3::timestamptz, data FROM input
             ON CONFLICT DO NOTHING RETURNING id),
           audited AS (
             INSERT INTO ${dialect.audit} (at, actor, kind, id, op, before, after)
             SELECT $3::timestamptz, $4, $2, id, 'insert', NULL, after FROM input)
           SELECT id FROM inserted`,
          [input, kind, context.at.toISOString(), context.actor],
        );
        if (inserted.length < chunk.length) {
          const done = new Set(inserted.map((row) => row.id as string));
          return chunk.filter((row) => !done.has(row.id)).map((row) => row.id);
        }
      }
      // The planner picks a page's index from statistics; PGlite has no autovacuum to refresh them after a bulk load.
      if (rows.length >= ANALYZE_AFTER_ROWS) await connection.execute(`ANALYZE ${dialect.records}`, []);
      return [];
    },
  };
  return dialect;
}

async function schemaVersion(connection: SqlConnection, dialect: SqlDialect): Promise<number> {
  const [exists] = await connection.query('SELECT to_regclass($1) IS NOT NULL AS present', [dialect.meta]);
  if (exists?.present !== true) return 0;
  const [row] = await connection.query(`SELECT value FROM ${dialect.meta} WHERE key = 'schema_version'`, []);
  return row === undefined ? 0 : Number(row.value);
}

async function inTransaction<T>(connection: SqlConnection, fn: () => Promise<T>, begin = 'BEGIN'): Promise<T> {
  await connection.execute(begin, []);
  let result: T;
  try {
    result = await fn();
    // A statement that failed inside fn aborts the transaction even when fn caught
    // the error, and COMMIT would then roll back without a word: probe, so it throws.
    await connection.query('SELECT 1', []);
  } catch (error) {
    await connection.execute('ROLLBACK', []).catch(() => undefined);
    throw error;
  }
  await connection.execute('COMMIT', []);
  return result;
}

/** Reads on `connection`, row by row where it can. */
function readOn(connection: SqlConnection): SqlRead {
  const read = (sql: string, params: readonly unknown[]): Promise<SqlRows> => queryArrays(connection, sql, params);
  return connection.eachRow === undefined ? read : Object.assign(read, { eachRow: connection.eachRow });
}

/** Runs `fn` in a read-only snapshot on `connection`: its own, or the one another transaction exported as `imported`. */
async function inSnapshot<T>(connection: SqlConnection, imported: string | null, fn: () => Promise<T>): Promise<T> {
  await connection.execute('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', []);
  try {
    // SET TRANSACTION SNAPSHOT takes a literal only; the id is PostgreSQL's own (hex digits and dashes).
    if (imported !== null) {
      if (!/^[0-9A-F-]+$/i.test(imported)) throw new CivicGridError('ADAPTER_FAILURE', `postgres adapter: unexpected snapshot id ${JSON.stringify(imported)}`);
      await connection.execute(`SET TRANSACTION SNAPSHOT '${imported}'`, []);
    }
    return await fn();
  } finally {
    await connection.execute('ROLLBACK', []).catch(() => undefined);
  }
}

/**
 * The PostgreSQL adapter, over a `pg` Pool, a PGlite instance or any client
 * with the minimal interface. Each transaction runs on one dedicated
 * connection; version guards lock the row (SELECT ... FOR UPDATE), so of two
 * connections racing on one version exactly one wins. It creates and
 * migrates its schema (serialised by an advisory lock); a schema from a newer
 * civic-grid fails SCHEMA_TOO_NEW untouched.
 */
export async function createPostgresAdapter(options: PostgresAdapterOptions): Promise<StorageAdapter> {
  const schema = options.schema ?? 'public';
  if (!IDENTIFIER.test(schema)) {
    throw CivicGridError.validation('postgres adapter options', [{ path: ['schema'], message: `"${schema}" is not a plain SQL identifier` }]);
  }
  const given = [options.pool, options.pglite, options.client].filter((value) => value !== undefined).length;
  if (given !== 1) {
    throw CivicGridError.validation('postgres adapter options', [{ path: [], message: `give exactly one of pool, pglite or client (got ${given})` }]);
  }
  const client = options.client ?? (options.pool !== undefined ? pgPoolClient(options.pool) : pgliteClient(options.pglite as PGliteLike));
  const dialect = postgresDialect(schema);
  const migrations = postgresMigrations(schema, options.partitionByDistrict);

  try {
    await client.withConnection(async (connection) => {
      assertNotTooNew(await schemaVersion(connection, dialect), migrations.length, `PostgreSQL schema "${schema}"`);
      await inTransaction(connection, async () => {
        await connection.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`civic-grid migrate ${schema}`]);
        await migrate(connection, dialect, migrations, await schemaVersion(connection, dialect));
      });
    });
  } catch (error) {
    if (error instanceof CivicGridError) throw error;
    throw new CivicGridError('ADAPTER_FAILURE', `postgres adapter: cannot prepare schema "${schema}": ${(error as Error).message}`, { cause: error });
  }

  let closed = false;
  const open = (): void => {
    if (closed) throw new Error('the postgres adapter is closed');
  };
  const write = <T>(fn: (ops: StorageOperations) => Promise<T>): Promise<T> => {
    open();
    return client.withConnection((connection) =>
      inTransaction(connection, async () => {
        // Writers take turns, so audit seq order is commit order: a reader following
        // the log with afterSeq can never see seq n+1 before a late commit of seq n.
        await connection.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`civic-grid write ${schema}`]);
        return withSqlOperations(connection, dialect, fn);
      }),
    );
  };
  const read = <T>(fn: (ops: StorageOperations) => Promise<T>): Promise<T> => {
    open();
    return client.withConnection((connection) => withSqlOperations(connection, dialect, fn));
  };

  const adapter: StorageAdapter = {
    name: 'postgres',
    get: (kind, id) => read((ops) => ops.get(kind, id)),
    query: (kind, query) => read((ops) => ops.query(kind, query)),
    insert: (kind, input, context) => write((ops) => ops.insert(kind, input, context)),
    insertMany: (kind, inputs, context) => write((ops) => ops.insertMany(kind, inputs, context)),
    update: (kind, id, change, expectedVersion, context) => write((ops) => ops.update(kind, id, change, expectedVersion, context)),
    remove: (kind, id, expectedVersion, context) => write((ops) => ops.remove(kind, id, expectedVersion, context)),
    readAudit: (query) => {
      open();
      return client.withConnection((connection) => readAudit(connection, dialect, query));
    },
    transaction: (fn) => write(fn),
    close: async () => {
      closed = true;
    },
  };
  registerSqlAccess(adapter, {
    dialect: 'postgres',
    schema,
    snapshot: <T>(fn: (reads: readonly SqlRead[]) => Promise<T>, readers = 1): Promise<T> => {
      open();
      return client.withConnection((connection) =>
        inSnapshot(connection, null, async () => {
          const reads: SqlRead[] = [readOn(connection)];
          if (readers === 1 || client.withSpareConnection === undefined) return fn(reads);
          const [exported] = await connection.query('SELECT pg_export_snapshot() AS id', []);
          const id = String(exported?.id);
          // Each spare connection imports the first one's snapshot, and is held until fn settles.
          const withSpares = async (): Promise<T> => {
            if (reads.length >= readers) return fn(reads);
            const spare = client.withSpareConnection?.((other) =>
              inSnapshot(other, id, () => {
                reads.push(readOn(other));
                return withSpares();
              }),
            );
            return spare ?? fn(reads);
          };
          return withSpares();
        }),
      );
    },
    // The lock is taken before the transaction begins, so its snapshot sees what the last holder committed.
    maintain: (lock, fn) => {
      open();
      const name = `civic-grid ${schema} ${lock}`;
      return client.withConnection(async (connection) => {
        await connection.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
        try {
          return await inTransaction(connection, () => fn(readOn(connection)), 'BEGIN ISOLATION LEVEL REPEATABLE READ');
        } finally {
          await connection.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch(() => undefined);
        }
      });
    },
  });
  return adapter;
}
