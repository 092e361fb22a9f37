import fc from 'fast-check';
import { describe, expect } from 'vitest';
import type { StorageAdapter } from '../../../src/adapters/port.js';
import { createStore } from '../../../src/adapters/store.js';
import { computeKpis } from '../../../src/services/kpi/compute-kpis.js';
import { computeKpisInDatabase } from '../../../src/services/kpi/compute-kpis-in-database.js';
import { type RandomCity, cityArbitrary, definitionsArbitrary, ItemSchema, itemArbitrary, itemRegistry, periodArbitrary, plain, recordScope } from './kpi-database-fixtures.js';
import { figures, onEachSqlAdapter } from './on-each-sql-adapter.js';

const registry = itemRegistry();

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
        const items = records.map(({ item, node, below }, index) => ({ value: plain({ ...item, id: `r${index}` }) as { id: string }, scope: recordScope(city, node, below ? String(index) : null) }));
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
  onEachSqlAdapter(databaseEqualsStreaming, { sqlite: 40, pglite: 25, pglitePartitioned: 10, server: 25, serverPartitioned: 10 }, 'kpidb');
});
