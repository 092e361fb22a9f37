import fc from 'fast-check';
import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import { createPostgresAdapter } from 'civic-grid/adapters/postgres';
import { createSqliteAdapter } from 'civic-grid/adapters/sqlite';
import type pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { StorageAdapter } from '../../src/adapters/port.js';
import { freshSchema, openPool, PG_URL, pgliteForTheseTests } from '../adapters/postgres-setup.js';

/** How many cases each adapter runs: the SQL ones cost more per case. */
export interface RunsPerAdapter {
  readonly memory: number;
  readonly sqlite: number;
  readonly pglite: number;
  readonly server: number;
}

/**
 * Registers one property per adapter: memory, SQLite `:memory:`, PGlite and, when CIVIC_GRID_PG_URL is set, a
 * PostgreSQL server. Each case gets a fresh adapter (its own schema on PostgreSQL), closed (and the schema dropped)
 * after the check, whatever it threw.
 */
export function propertyOnEachAdapter<T>(prefix: string, arbitrary: fc.Arbitrary<T>, runs: RunsPerAdapter, check: (adapter: StorageAdapter, value: T) => Promise<void>): void {
  const run = (open: () => Promise<StorageAdapter>, numRuns: number, afterCase?: () => Promise<void>) =>
    fc.assert(
      fc.asyncProperty(arbitrary, async (value) => {
        const adapter = await open();
        try {
          await check(adapter, value);
        } finally {
          await adapter.close();
          await afterCase?.();
        }
      }),
      { numRuns },
    );

  it('on the memory adapter', () => run(async () => createMemoryAdapter(), runs.memory));
  it('on SQLite (:memory:)', () => run(() => createSqliteAdapter(':memory:'), runs.sqlite));

  describe('on PGlite', () => {
    const pglite = pgliteForTheseTests();
    it('one schema per case', () => run(() => createPostgresAdapter({ pglite: pglite.db, schema: freshSchema(prefix) }), runs.pglite));
  });

  describe.skipIf(PG_URL === undefined)('on a PostgreSQL server (CIVIC_GRID_PG_URL)', () => {
    let pool: pg.Pool;
    beforeAll(() => {
      pool = openPool(2);
    });
    afterAll(async () => {
      await pool.end();
    });
    it('one schema per case', () => {
      let schema = '';
      return run(
        () => createPostgresAdapter({ pool, schema: (schema = freshSchema(prefix)) }),
        runs.server,
        async () => void (await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)),
      );
    });
  });
}
