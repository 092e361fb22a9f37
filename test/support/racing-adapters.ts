import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { createPostgresAdapter } from 'civic-grid/adapters/postgres';
import { createSqliteAdapter } from 'civic-grid/adapters/sqlite';
import type { StorageAdapter } from '../../src/adapters/port.js';
import { freshSchema, openPool, PG_URL, pgliteForTheseTests } from '../adapters/postgres-setup.js';

/** Two workers' adapters on one database: the same adapter where the engine is one session, two pools on a server. */
export type RaceOnOneDatabase = (adapterA: StorageAdapter, adapterB: StorageAdapter) => Promise<void>;

/**
 * Registers `race` on SQLite (one file), PGlite (one schema) and, when CIVIC_GRID_PG_URL is set, a PostgreSQL
 * server through two pools. better-sqlite3 is synchronous and PGlite is a single session, so in-process workers
 * share one adapter there (its transactions queue); the server gets two real connections.
 */
export function raceOnSqlAdapters(prefix: string, race: RaceOnOneDatabase): void {
  it('on SQLite, one database file', async () => {
    const dir = mkdtempSync(join(tmpdir(), `civic-grid-${prefix}-`));
    try {
      const adapter = await createSqliteAdapter(join(dir, `${prefix}.sqlite`));
      await race(adapter, adapter);
      await adapter.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('on PostgreSQL (PGlite)', () => {
    const pglite = pgliteForTheseTests();
    it('one schema', async () => {
      const adapter = await createPostgresAdapter({ pglite: pglite.db, schema: freshSchema(prefix) });
      await race(adapter, adapter);
    });
  });

  it.skipIf(PG_URL === undefined)('on a PostgreSQL server (CIVIC_GRID_PG_URL), two pools', async () => {
    const [poolA, poolB] = [openPool(), openPool()];
    const schema = freshSchema(prefix);
    try {
      await race(await createPostgresAdapter({ pool: poolA, schema }), await createPostgresAdapter({ pool: poolB, schema }));
    } finally {
      await poolA.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await Promise.all([poolA.end(), poolB.end()]);
    }
  });
}
