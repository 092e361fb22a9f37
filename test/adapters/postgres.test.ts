import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresAdapter } from 'civic-grid/adapters/postgres';
import { counterClock, describeStorageAdapter, rejection, SCOPES, SUITE_KINDS } from 'civic-grid/testing';
import { createStore } from '../../src/index.js';
import { countingPool, freshSchema, InFlight, openPool, PG_URL, schemaPerAdapter, sharedHandleWork } from './postgres-setup.js';

if (PG_URL === undefined) {
  console.warn('PostgreSQL server tests skipped: set CIVIC_GRID_PG_URL (as .ci/run does) to run them. PGlite still covers PostgreSQL.');
}

const item = (id: string, size = 1) => ({ id, name: `item ${id}`, size, tag: null });

describe.skipIf(PG_URL === undefined)('postgres server', () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = openPool();
  });
  afterAll(async () => {
    await pool.end();
  });
  const lazyPool = { query: (sql: string, params?: unknown[]) => pool.query(sql, params) };

  describeStorageAdapter('postgres on a pg Pool', {
    ...schemaPerAdapter(lazyPool, 'suite', (schema) => createPostgresAdapter({ pool, schema })),
    modelRuns: 10,
  });

  it('two connections racing on one record: exactly one wins', async () => {
    const schema = freshSchema('race');
    const [poolA, poolB] = [openPool(1), openPool(1)];
    try {
      const storeA = createStore(await createPostgresAdapter({ pool: poolA, schema }), { kinds: SUITE_KINDS, clock: counterClock(), actor: 'a' });
      const storeB = createStore(await createPostgresAdapter({ pool: poolB, schema }), { kinds: SUITE_KINDS, clock: counterClock(), actor: 'b' });
      await storeA.insert('item', item('x'), { scope: SCOPES.g1 });
      let releaseA!: () => void;
      const aHolds = new Promise<void>((resolve) => {
        releaseA = resolve;
      });
      let aUpdated!: () => void;
      const aHasUpdated = new Promise<void>((resolve) => {
        aUpdated = resolve;
      });
      const a = storeA.transaction(async (tx) => {
        await tx.update('item', 'x', { size: 2 }, { expectedVersion: 1 });
        aUpdated();
        await aHolds;
      });
      await aHasUpdated;
      // B starts while A's transaction is open, and must wait for it to finish.
      const b = storeB.update('item', 'x', { size: 3 }, { expectedVersion: 1 });
      setTimeout(releaseA, 50);
      const [outcomeA, outcomeB] = await Promise.allSettled([a, b]);
      expect(outcomeA.status).toBe('fulfilled');
      expect(outcomeB.status === 'rejected' && (outcomeB.reason as { code?: string }).code).toBe('VERSION_CONFLICT');
      const stored = await storeB.getOrThrow('item', 'x');
      expect([stored.version, stored.data.size]).toEqual([2, 2]);
    } finally {
      await poolA.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await Promise.all([poolA.end(), poolB.end()]);
    }
  });

  it('audit seq order is commit order: a change-stream reader never skips a late commit', async () => {
    const schema = freshSchema('order');
    const [poolA, poolB] = [openPool(1), openPool(1)];
    try {
      const storeA = createStore(await createPostgresAdapter({ pool: poolA, schema }), { kinds: SUITE_KINDS, clock: counterClock(), actor: 'a' });
      const storeB = createStore(await createPostgresAdapter({ pool: poolB, schema }), { kinds: SUITE_KINDS, clock: counterClock(), actor: 'b' });
      let releaseA!: () => void;
      const aHolds = new Promise<void>((resolve) => {
        releaseA = resolve;
      });
      let aInserted!: () => void;
      const aHasInserted = new Promise<void>((resolve) => {
        aInserted = resolve;
      });
      const a = storeA.transaction(async (tx) => {
        await tx.insert('item', item('a'), { scope: SCOPES.g1 });
        aInserted();
        await aHolds;
      });
      await aHasInserted;
      // B writes while A (which took the earlier seq) is still open; a reader follows right after B commits.
      const seenAfterB = storeB.insert('item', item('b'), { scope: SCOPES.g1 }).then(async () => (await storeB.readAudit({ afterSeq: 0, limit: 100 })).map((entry) => entry.id));
      setTimeout(releaseA, 100);
      const [, seen] = await Promise.all([a, seenAfterB]);
      expect(seen).toEqual(['a', 'b']);
    } finally {
      await poolA.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await Promise.all([poolA.end(), poolB.end()]);
    }
  });

  it('never asks a pg client to run a query while another is running, even with Promise.all on one handle', async () => {
    const schema = freshSchema('overlap');
    const inFlight = new InFlight();
    try {
      await sharedHandleWork(await createPostgresAdapter({ pool: countingPool(pool, inFlight), schema }));
      expect(inFlight.max).toBe(1);
    } finally {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  });

  it('a backend terminated mid-transaction leaves none of it', async () => {
    const schema = freshSchema('crash');
    const applicationName = `cg_crash_${process.pid}`;
    const victim = openPool(1);
    const victimConfig = victim.options as { application_name?: string };
    victimConfig.application_name = applicationName;
    try {
      const store = createStore(await createPostgresAdapter({ pool: victim, schema }), { kinds: SUITE_KINDS, clock: counterClock() });
      await store.insert('item', item('before'), { scope: SCOPES.g1 });
      const batch = (from: number) => Array.from({ length: 500 }, (_, index) => ({ value: item(`r${from + index}`), scope: SCOPES.g1 }));
      const error = await rejection(
        store.transaction(async (tx) => {
          await tx.insertMany('item', batch(0));
          await tx.update('item', 'before', { size: 9 }, { expectedVersion: 1 });
          const killed = await pool.query('SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
          expect(killed.rows.map((row) => row.done)).toEqual([true]);
          await tx.insertMany('item', batch(500));
        }),
      );
      expect(error.code).toBe('ADAPTER_FAILURE');
      expect(error.cause).toBeInstanceOf(Error);
      const counts = await pool.query(`SELECT count(*)::int AS records, (SELECT count(*)::int FROM "${schema}".civic_grid_audit) AS audit FROM "${schema}".civic_grid_records`);
      expect(counts.rows[0]).toEqual({ records: 1, audit: 1 });
      const before = await pool.query(`SELECT version FROM "${schema}".civic_grid_records WHERE id = 'before'`);
      expect(before.rows[0]?.version).toBe(1);
    } finally {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await victim.end();
    }
  });
});
