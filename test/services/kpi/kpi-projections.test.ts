import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from '../../../src/adapters/memory/index.js';
import type { StorageAdapter } from '../../../src/adapters/port.js';
import { createPostgresAdapter } from '../../../src/adapters/postgres/index.js';
import { createSqliteAdapter } from '../../../src/adapters/sqlite/index.js';
import { createStore } from '../../../src/adapters/store.js';
import { CivicGridError } from '../../../src/errors/civic-grid-error.js';
import { computeKpisInDatabase } from '../../../src/services/kpi/compute-kpis-in-database.js';
import { dropKpiProjections } from '../../../src/services/kpi/kpi-projections.js';
import { freshSchema, openPglite, openPool, PG_URL } from '../../adapters/postgres-setup.js';
import { smallCity } from '../../rules/kpi/fixtures.js';
import { ItemSchema, itemRegistry } from './kpi-database-fixtures.js';

const hierarchy = smallCity();
const registry = itemRegistry();
const text = { zh: '指标', en: 'figure' };
const definitions = [
  { id: 'items.done', label: text, description: text, formula: text, kind: 'count', entity: 'item', filter: { status: { eq: 'done' } } },
  { id: 'items.amount', label: text, description: text, formula: text, kind: 'sum', entity: 'item', field: 'amount', dateField: 'at' },
];
const options = { hierarchy, registry, definitions, period: { kind: 'year', year: 2021 } as const, at: new Date('2021-06-01T00:00:00Z'), incremental: true };
const grid = ['city', 'd0', 'd0s0', 'd0s0c0', 'd0s0c0g0'];

const done = async (adapter: StorageAdapter): Promise<number> => (await computeKpisInDatabase({ adapter, ...options })).current.value('items.done', 'city').value as number;

describe('computeKpisInDatabase incremental', () => {
  /** Two calls race on a fresh schema: one builds the projection (one kind, one statement), the other waits and reads it; another period reads it too. */
  async function racingCalls(adapter: StorageAdapter, projections: () => Promise<number>): Promise<void> {
    const store = createStore(adapter, { kinds: { item: ItemSchema } });
    await store.insert('item', { id: 'a/%_', status: 'done', amount: 2, at: '2021-03-01' }, { scope: grid });
    const [first, second] = await Promise.all([computeKpisInDatabase({ store, ...options }), computeKpisInDatabase({ store, ...options })]);
    expect(first.current.value('items.amount', 'city').value).toBe(2);
    expect(second.current.value('items.amount', 'city').value).toBe(2);
    expect(await projections()).toBe(1);
    await computeKpisInDatabase({ store, ...options, period: { kind: 'year', year: 2020 } });
    expect(await projections()).toBe(1);
  }

  it('builds one projection per statement when two calls race on a fresh PGlite schema', async () => {
    const db = await openPglite();
    const schema = freshSchema('kpiproj');
    const count = async () => (await db.query<{ count: number }>(`SELECT count(*)::int AS count FROM "${schema}".civic_grid_kpi_projections`)).rows[0]?.count;
    await racingCalls(await createPostgresAdapter({ pglite: db, schema }), count as () => Promise<number>);
    await db.close();
  });

  it.skipIf(PG_URL === undefined)('builds one projection per statement when two calls race on two connections of a PostgreSQL server', async () => {
    const pool = openPool(2);
    const schema = freshSchema('kpiproj');
    const count = async () => (await pool.query<{ count: number }>(`SELECT count(*)::int AS count FROM "${schema}".civic_grid_kpi_projections`)).rows[0]?.count;
    // Both connections open before the race: otherwise one call is done before the other has connected.
    await Promise.all([pool.query('SELECT pg_sleep(0.05)'), pool.query('SELECT pg_sleep(0.05)')]);
    try {
      await racingCalls(await createPostgresAdapter({ pool, schema }), count as () => Promise<number>);
    } finally {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    }
  });

  it('does not see records written around the store until dropKpiProjections, then builds afresh', async () => {
    const db = new Database(':memory:');
    const adapter = await createSqliteAdapter(db);
    const store = createStore(adapter, { kinds: { item: ItemSchema } });
    await store.insert('item', { id: 'r1', status: 'done' }, { scope: grid });
    expect(await done(adapter)).toBe(1);
    // A bulk load straight into the table leaves no audit entry.
    db.prepare("INSERT INTO civic_grid_records (kind, id, version, scope, depth, created_at, updated_at, data) SELECT kind, 'r2', 1, scope, depth, created_at, updated_at, data FROM civic_grid_records WHERE id = 'r1'").run();
    expect(await done(adapter)).toBe(1);
    expect(await dropKpiProjections({ adapter })).toBe(1);
    expect(await done(adapter)).toBe(2);
    // Writes through the store are followed again.
    await store.remove('item', 'r1', { expectedVersion: 1 });
    expect(await done(adapter)).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name GLOB 'civic_grid_kpi_projection_[0-9]*'").get()).toEqual({ n: 1 });
    await adapter.close();
  });

  it('indexes each projection by scope on PostgreSQL, and indexes one built without it on the next call', async () => {
    const db = await openPglite();
    const schema = freshSchema('kpiindex');
    const adapter = await createPostgresAdapter({ pglite: db, schema });
    const store = createStore(adapter, { kinds: { item: ItemSchema } });
    // Ids with characters that sort before '/', beside ids they extend: the roll-up reads the scopes in order.
    for (const [id, scope] of [
      ['r1', grid],
      ['r2', [...grid.slice(0, 4), 'd0s0c0g0-b']],
      ['r3', [...grid.slice(0, 4), 'd0s0c0g0.b']],
      ['r4', [...grid, 'below']],
    ] as const) {
      await store.insert('item', { id, status: 'done', amount: 1, at: '2021-03-01' }, { scope: [...scope] });
    }
    const indexes = async (): Promise<string[]> => (await db.query<{ indexname: string }>('SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND indexname LIKE $2 ORDER BY 1', [schema, '%\\_scope'])).rows.map((row) => row.indexname);
    const first = await computeKpisInDatabase({ adapter, ...options });
    expect(await indexes()).toEqual(['civic_grid_kpi_projection_1_scope']);
    await db.exec(`DROP INDEX "${schema}".civic_grid_kpi_projection_1_scope`);
    const again = await computeKpisInDatabase({ adapter, ...options });
    expect(await indexes()).toEqual(['civic_grid_kpi_projection_1_scope']);
    for (const result of [first, again]) {
      expect(result.current.value('items.done', 'city').value).toBe(4);
      expect(result.current.value('items.done', 'd0s0c0').value).toBe(4);
      expect(result.current.value('items.done', 'd0s0c0g0').value).toBe(2);
    }
    await db.close();
  });

  it('refuses an adapter that does not sit on SQL, and options that are not { adapter } or { store }', async () => {
    const refused = async (promise: Promise<unknown>): Promise<CivicGridError> => {
      const error = await promise.then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(CivicGridError);
      return error as CivicGridError;
    };
    const memory = await refused(dropKpiProjections({ adapter: createMemoryAdapter() }));
    expect(memory.code).toBe('VALIDATION_FAILED');
    expect(memory.issues[0]?.path).toEqual(['adapter']);
    const both = await refused(dropKpiProjections({}));
    expect(both.code).toBe('VALIDATION_FAILED');
    const flag = await refused(computeKpisInDatabase({ adapter: createMemoryAdapter(), ...options, incremental: 'yes' as unknown as boolean }));
    expect(flag.issues[0]?.path).toEqual(['incremental']);
  });
});
