import { describe, expect, it } from 'vitest';
import { createPostgresAdapter, pgliteClient, type PostgresClient } from '../../../src/adapters/postgres/index.js';
import { createMemoryAdapter } from '../../../src/adapters/memory/index.js';
import { compileKpisToSql } from '../../../src/adapters/sql/kpi/compile-kpis-to-sql.js';
import { createSqliteAdapter } from '../../../src/adapters/sqlite/index.js';
import { createStore } from '../../../src/adapters/store.js';
import { KPI_ROW_BATCH } from '../../../src/adapters/sql/kpi/read-kpi-rows.js';
import { CivicGridError } from '../../../src/errors/civic-grid-error.js';
import { createHierarchy } from '../../../src/rules/hierarchy/hierarchy.js';
import { computeKpis } from '../../../src/services/kpi/compute-kpis.js';
import { computeKpisInDatabase } from '../../../src/services/kpi/compute-kpis-in-database.js';
import { openPglite } from '../../adapters/postgres-setup.js';
import { smallCity } from '../../rules/kpi/fixtures.js';
import { ItemSchema, itemRegistry } from './kpi-database-fixtures.js';

const hierarchy = smallCity();
const registry = itemRegistry();
const text = { zh: '指标', en: 'figure' };
const counting = (filter: Record<string, unknown>) => [{ id: 'items.matching', label: text, description: text, formula: text, kind: 'count', entity: 'item', filter }];
const options = { hierarchy, registry, period: { kind: 'year', year: 2021 } as const, at: new Date('2021-06-01T00:00:00Z') };

async function failure(promise: Promise<unknown>): Promise<CivicGridError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CivicGridError);
  return error as CivicGridError;
}

describe('computeKpisInDatabase', () => {
  it('refuses an adapter that does not sit on SQL, rather than streaming', async () => {
    const error = await failure(computeKpisInDatabase({ adapter: createMemoryAdapter(), definitions: counting({}), ...options }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues[0]?.path).toEqual(['adapter']);
  });

  it('refuses records whose scope contradicts the hierarchy, naming the scope', async () => {
    const adapter = await createSqliteAdapter(':memory:');
    const store = createStore(adapter, { kinds: { item: ItemSchema } });
    // Grid d0s0c0g0 filed straight under the city: computeKpis would place it at the grid, a roll-up by path cannot.
    await store.insert('item', { id: 'r1' }, { scope: ['city', 'd0s0c0g0'] });
    const error = await failure(computeKpisInDatabase({ store, definitions: counting({}), ...options }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('"/city/d0s0c0g0/"');
    await store.close();
  });

  it('answers each call for its own hierarchy-node definitions, though it keeps the last answer per hierarchy', async () => {
    const adapter = await createSqliteAdapter(':memory:');
    const nodesAt = (level: string) => [{ id: 'nodes.counted', label: text, description: text, formula: text, kind: 'count', entity: 'hierarchyNode', filter: { level: { eq: level } } }];
    const expected = (level: string) => hierarchy.nodes().filter((node) => node.level === level).length;
    for (const level of ['community', 'grid', 'community']) {
      const result = await computeKpisInDatabase({ adapter, definitions: nodesAt(level), ...options });
      expect(result.current.value('nodes.counted', hierarchy.rootId).value).toBe(expected(level));
    }
    expect(expected('community')).not.toBe(expected('grid'));
    await adapter.close();
  });

  it('reads more rows than one cursor batch on PostgreSQL, and a refusal mid-cursor leaves the adapter usable', async () => {
    const buildings = KPI_ROW_BATCH + 7;
    const chain = ['city', 'district', 'street', 'community', 'grid'].map((level, index, levels) => ({ id: `n${index}`, level, name: level, parentId: index === 0 ? null : `n${index - 1}` }));
    const wide = createHierarchy([...chain, ...Array.from({ length: buildings }, (_, index) => ({ id: `b${index}`, level: 'building', name: `b${index}`, parentId: 'n4' }))]);
    const db = await openPglite();
    const store = createStore(await createPostgresAdapter({ pglite: db }), { kinds: { item: ItemSchema } });
    await store.insertMany(
      'item',
      Array.from({ length: buildings }, (_, index) => ({ value: { id: `r${index}`, status: index % 3 === 0 ? 'done' : 'open' }, scope: wide.pathOf(`b${index}`) })),
    );
    const wideOptions = { ...options, hierarchy: wide, definitions: counting({ status: { eq: 'done' } }) };
    const inDatabase = await computeKpisInDatabase({ store, ...wideOptions });
    const streamed = await computeKpis({ store, ...wideOptions });
    const values = (result: typeof streamed) => wide.nodes().map((node) => result.current.value('items.matching', node.id));
    expect(values(inDatabase)).toEqual(values(streamed));
    expect(inDatabase.current.value('items.matching', 'n0').value).toBe(Math.ceil(buildings / 3));
    // A counted record of the last building filed under the city instead: the rows after the first batch hold the contradiction.
    await store.insert('item', { id: 'stray', status: 'done' }, { scope: ['n0', `b${buildings - 1}`] });
    const error = await failure(computeKpisInDatabase({ store, ...wideOptions }));
    expect(error.code).toBe('VALIDATION_FAILED');
    await store.remove('item', 'stray', { expectedVersion: 1 });
    expect(values(await computeKpisInDatabase({ store, ...wideOptions }))).toEqual(values(streamed));
    await store.close();
    await db.close();
  }, 120_000);

  it('sets work_mem (and JIT off) for its own transaction only on PostgreSQL: a size below the server minimum is refused there, a valid one leaves the session as it was', async () => {
    const db = await openPglite();
    const adapter = await createPostgresAdapter({ pglite: db });
    const before = (await db.query<{ work_mem: string }>('SHOW work_mem')).rows[0]?.work_mem;
    expect(before).not.toBe('64MB');
    // 32kB passes the option's shape; only PostgreSQL, having received it, knows its minimum is 64kB.
    await expect(computeKpisInDatabase({ adapter, definitions: counting({}), workMem: '32kB', ...options })).rejects.toThrow(/work_mem/);
    await computeKpisInDatabase({ adapter, definitions: counting({}), workMem: '64MB', ...options });
    expect((await db.query<{ work_mem: string }>('SHOW work_mem')).rows[0]?.work_mem).toBe(before);
    const error = await failure(computeKpisInDatabase({ adapter, definitions: counting({}), workMem: '64 MB', ...options }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues[0]?.path).toEqual(['workMem']);
    await adapter.close();
    await db.close();
  }, 120_000);

  it('reads rows as arrays, and the same figures from a PGlite wrapper that drops rowMode and from a client whose connections cannot give arrays', async () => {
    const db = await openPglite();
    const items = (['done', 'open', 'done', 'void'] as const).map((status, index) => ({ value: { id: `r${index}`, status }, scope: hierarchy.pathOf(index % 2 === 0 ? 'd0s0c0g0' : 'd0s0c1g0') }));
    const definitions = counting({ status: { eq: 'done' } });
    const direct = createStore(await createPostgresAdapter({ pglite: db, schema: 'arrays_direct' }), { kinds: { item: ItemSchema } });
    await direct.insertMany('item', items);
    const values = (result: Awaited<ReturnType<typeof computeKpis>>) => hierarchy.nodes().map((node) => result.current.value('items.matching', node.id));
    const streamed = values(await computeKpis({ store: direct, definitions, ...options }));
    expect(values(await computeKpisInDatabase({ store: direct, definitions, ...options }))).toEqual(streamed);
    expect(streamed.some((value) => value.value === 2)).toBe(true);
    // A wrapper passing only (sql, params) on: PGlite answers with row objects, turned into arrays.
    const objectsOnly = { query: (sql: string, params?: unknown[]) => db.query<Record<string, unknown>>(sql, params) };
    const dropped = await createPostgresAdapter({ pglite: objectsOnly, schema: 'arrays_direct' });
    expect(values(await computeKpisInDatabase({ adapter: dropped, definitions, ...options }))).toEqual(streamed);
    // A custom client whose connections have query and execute only.
    const base = pgliteClient(db);
    const client: PostgresClient = { withConnection: (fn) => base.withConnection((connection) => fn({ query: (sql, params) => connection.query(sql, params), execute: (sql, params) => connection.execute(sql, params) })) };
    const plainClient = await createPostgresAdapter({ client, schema: 'arrays_direct' });
    expect(values(await computeKpisInDatabase({ adapter: plainClient, definitions, ...options }))).toEqual(streamed);
    await db.close();
  }, 120_000);

  it('refuses a definition the database would order differently, naming it', async () => {
    const adapter = await createSqliteAdapter(':memory:');
    const error = await failure(computeKpisInDatabase({ adapter, definitions: counting({ 'detail.kind': { lt: '\uE000' } }), ...options }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('KPI "items.matching" cannot be computed in sqlite');
    await adapter.close();
  });
});

describe('compileKpisToSql', () => {
  it('binds every value: filter values and field names never appear in the SQL text', () => {
    for (const dialect of ['postgres', 'sqlite'] as const) {
      const [statement] = compileKpisToSql({ definitions: counting({ 'detail.kind': { eq: "x'); DROP TABLE civic_grid_records; --" } }), registry, dialect }).statements;
      expect(statement?.sql).not.toContain('DROP');
      expect(statement?.sql).not.toContain('detail');
      const params = statement?.params({ rootScope: ['city'], timeZone: 'Asia/Shanghai', periods: [{ start: new Date(0), end: new Date(1) }, { start: new Date(0), end: new Date(1) }] });
      // PostgreSQL binds it as JSON text (compared as jsonb), SQLite as the string itself.
      expect(params?.some((param) => typeof param === 'string' && param.includes("x'); DROP TABLE civic_grid_records; --"))).toBe(true);
    }
  });

  it('binds no value the SQL does not use: PostgreSQL cannot type an unused placeholder (regression: a date field tested only for existence bound the time zone)', () => {
    const bindings = { rootScope: ['city'], timeZone: 'Asia/Shanghai', periods: [{ start: new Date(0), end: new Date(1) }, { start: new Date(0), end: new Date(1) }] };
    for (const filter of [{ day: { exists: false } }, { day: { eq: null } }, { day: { gte: '2021-03-01' } }, {}]) {
      const [statement] = compileKpisToSql({ definitions: counting(filter), registry, dialect: 'postgres' }).statements;
      const count = statement?.params(bindings).length ?? 0;
      const unused = Array.from({ length: count }, (_, index) => `$${index + 1}`).filter((placeholder) => !new RegExp(`\\${placeholder}(?!\\d)`).test(statement?.sql ?? ''));
      expect({ filter, unused }).toEqual({ filter, unused: [] });
    }
  });
});
