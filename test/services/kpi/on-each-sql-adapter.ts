import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { StorageAdapter } from '../../../src/adapters/port.js';
import { createPostgresAdapter } from '../../../src/adapters/postgres/index.js';
import { createSqliteAdapter } from '../../../src/adapters/sqlite/index.js';
import type { KpiResult } from '../../../src/services/kpi/compute-kpis.js';
import { freshSchema, openPglite, openPool, PG_URL } from '../../adapters/postgres-setup.js';
import type { RandomCity } from './kpi-database-fixtures.js';

// Each property creates a schema per run; a loaded shared machine needs minutes, not the default minute.
const TIMEOUT = 600_000;

/** Every figure of both periods at every node, as plain values. */
export function figures(result: KpiResult, nodeIds: readonly string[]): unknown[] {
  return [result.current, result.previous].flatMap((evaluation) =>
    evaluation.definitions.flatMap((definition) => nodeIds.map((nodeId) => ({ id: definition.id, nodeId, ...evaluation.value(definition.id, nodeId) }))),
  );
}

/** A property over a fresh adapter per run, given how to open one for a random city, checked `numRuns` times. */
export type AdapterProperty = (open: (city: RandomCity) => Promise<StorageAdapter>, numRuns: number) => Promise<void>;

/** Runs per adapter: SQLite, PGlite plain and partitioned by district, and the server (CIVIC_GRID_PG_URL) plain and partitioned (0: not run there). */
export interface RunsPerAdapter {
  sqlite: number;
  pglite: number;
  pglitePartitioned: number;
  server: number;
  serverPartitioned: number;
}

const districtsOf = (city: RandomCity) => ({ cityId: city.hierarchy.rootId, districtIds: city.hierarchy.childIds(city.hierarchy.rootId) });

/** Declares `property` on SQLite, on PGlite and on the PostgreSQL server, plain and partitioned by district; schemas are named from `prefix`. */
export function onEachSqlAdapter(property: AdapterProperty, runs: RunsPerAdapter, prefix: string): void {
  it('on SQLite', async () => {
    await property(() => createSqliteAdapter(':memory:'), runs.sqlite);
  }, TIMEOUT);

  describe('on PGlite', () => {
    let db: PGlite;
    beforeAll(async () => {
      db = await openPglite();
    }, TIMEOUT);
    afterAll(async () => {
      await db.close();
    });
    it('plain schema', async () => {
      await property(() => createPostgresAdapter({ pglite: db, schema: freshSchema(prefix) }), runs.pglite);
    }, TIMEOUT);
    it('schema partitioned by district, the same queries unchanged', async () => {
      await property((city) => createPostgresAdapter({ pglite: db, schema: freshSchema(prefix), partitionByDistrict: districtsOf(city) }), runs.pglitePartitioned);
    }, TIMEOUT);
  });

  describe.skipIf(PG_URL === undefined)('on a PostgreSQL server', () => {
    let pool: pg.Pool;
    const schemas: string[] = [];
    beforeAll(() => {
      pool = openPool(2);
    });
    afterAll(async () => {
      for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    });
    const open = (partitioned: boolean) => (city: RandomCity) => {
      const schema = freshSchema(prefix);
      schemas.push(schema);
      return createPostgresAdapter({ pool, schema, ...(partitioned ? { partitionByDistrict: districtsOf(city) } : {}) });
    };
    it('plain schema', async () => {
      await property(open(false), runs.server);
    }, TIMEOUT);
    it.skipIf(runs.serverPartitioned === 0)('schema partitioned by district, the same queries unchanged', async () => {
      await property(open(true), runs.serverPartitioned);
    }, TIMEOUT);
  });
}
