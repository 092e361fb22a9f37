import type { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StorageAdapter } from '../../../src/adapters/port.js';
import { createPostgresAdapter } from '../../../src/adapters/postgres/index.js';
import { createSqliteAdapter } from '../../../src/adapters/sqlite/index.js';
import { createStore } from '../../../src/adapters/store.js';
import { computeKpis, type KpiResult } from '../../../src/services/kpi/compute-kpis.js';
import { computeKpisInDatabase } from '../../../src/services/kpi/compute-kpis-in-database.js';
import { freshSchema, openPglite, openPool, PG_URL } from '../../adapters/postgres-setup.js';
import { type RandomCity, cityArbitrary, definitionsArbitrary, ItemSchema, itemArbitrary, itemRegistry, periodArbitrary, plain } from './kpi-database-fixtures.js';

const registry = itemRegistry();
// Each property creates a schema per run; a loaded shared machine needs minutes, not the default minute.
const TIMEOUT = 600_000;

/** Every figure of both periods at every node, as plain values. */
function figures(result: KpiResult, nodeIds: readonly string[]): unknown[] {
  return [result.current, result.previous].flatMap((evaluation) =>
    evaluation.definitions.flatMap((definition) => nodeIds.map((nodeId) => ({ id: definition.id, nodeId, ...evaluation.value(definition.id, nodeId) }))),
  );
}

const districtsOf = (city: RandomCity) => ({ cityId: city.hierarchy.rootId, districtIds: city.hierarchy.childIds(city.hierarchy.rootId) });

const scenario = fc.record({
  city: cityArbitrary,
  records: fc.array(fc.record({ item: itemArbitrary, node: fc.nat(), below: fc.boolean() }), { maxLength: 60, size: 'max' }),
  definitions: definitionsArbitrary,
  period: periodArbitrary,
});

/** On random cities, records and definitions the database answers exactly what computeKpis answers, at every node. */
async function databaseEqualsStreaming(open: (city: RandomCity) => Promise<StorageAdapter>, numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(scenario, async ({ city, records, definitions, period }) => {
      const adapter = await open(city);
      try {
        const store = createStore(adapter, { kinds: { item: ItemSchema } });
        const items = records.map(({ item, node, below }, index) => {
          const at = city.nodeIds[node % city.nodeIds.length] as string;
          // A record below the modelled levels (a household) rolls up from its node.
          const scope = [...city.hierarchy.pathOf(at), ...(below ? [`household:${index}`] : [])];
          return { value: plain({ ...item, id: `r${index}` }) as { id: string }, scope };
        });
        if (items.length > 0) await store.insertMany('item', items);
        const options = { hierarchy: city.hierarchy, definitions, registry, period: period.spec, at: period.at, timeZone: period.timeZone };
        const streamed = await computeKpis({ store, ...options });
        const inDatabase = await computeKpisInDatabase({ store, ...options });
        expect(inDatabase.period).toEqual(streamed.period);
        expect(figures(inDatabase, city.nodeIds)).toEqual(figures(streamed, city.nodeIds));
      } finally {
        await adapter.close();
      }
    }),
    { numRuns },
  );
}

describe('computeKpisInDatabase equals computeKpis', () => {
  it('on SQLite', async () => {
    await databaseEqualsStreaming(() => createSqliteAdapter(':memory:'), 40);
  }, TIMEOUT);

  describe('on PGlite', () => {
    let db: PGlite;
    beforeAll(async () => {
      db = await openPglite();
    }, TIMEOUT);
    afterAll(async () => {
      await db.close();
    });
    it('at every node, both periods', async () => {
      await databaseEqualsStreaming(() => createPostgresAdapter({ pglite: db, schema: freshSchema('kpidb') }), 25);
    }, TIMEOUT);
    it('on a schema partitioned by district, the same queries unchanged', async () => {
      await databaseEqualsStreaming((city) => createPostgresAdapter({ pglite: db, schema: freshSchema('kpidb'), partitionByDistrict: districtsOf(city) }), 10);
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
      const schema = freshSchema('kpidb');
      schemas.push(schema);
      return createPostgresAdapter({ pool, schema, ...(partitioned ? { partitionByDistrict: districtsOf(city) } : {}) });
    };
    it('at every node, both periods', async () => {
      await databaseEqualsStreaming(open(false), 25);
    }, TIMEOUT);
    it('on a schema partitioned by district, the same queries unchanged', async () => {
      await databaseEqualsStreaming(open(true), 10);
    }, TIMEOUT);
  });
});
