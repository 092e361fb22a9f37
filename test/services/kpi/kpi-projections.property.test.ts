import fc from 'fast-check';
import { describe, expect } from 'vitest';
import type { StorageAdapter } from '../../../src/adapters/port.js';
import { createStore } from '../../../src/adapters/store.js';
import { computeKpis } from '../../../src/services/kpi/compute-kpis.js';
import { computeKpisInDatabase } from '../../../src/services/kpi/compute-kpis-in-database.js';
import { type RandomCity, cityArbitrary, definitionsArbitrary, ItemSchema, itemArbitrary, itemRegistry, periodArbitrary, plain, recordScope } from './kpi-database-fixtures.js';
import { figures, onEachSqlAdapter } from './on-each-sql-adapter.js';

const registry = itemRegistry();

const placed = fc.record({ item: itemArbitrary, node: fc.nat(), below: fc.boolean() });
const change = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), record: placed }),
  fc.record({ op: fc.constant('update' as const), target: fc.nat(), record: placed, move: fc.boolean() }),
  fc.record({ op: fc.constant('remove' as const), target: fc.nat() }),
);
type Change = typeof change extends fc.Arbitrary<infer T> ? T : never;
const scenario = fc.record({
  city: cityArbitrary,
  records: fc.array(placed, { maxLength: 30 }),
  // Two packs, so two projections of one kind live side by side.
  packs: fc.tuple(definitionsArbitrary, definitionsArbitrary),
  steps: fc.array(
    fc.record({
      changes: fc.array(change, { maxLength: 6 }),
      // A transaction that rolls back leaves a gap in the audit's seq and must change nothing.
      rolledBack: fc.option(change, { nil: undefined }),
      second: fc.boolean(),
      period: periodArbitrary,
    }),
    { minLength: 1, maxLength: 4 },
  ),
});

/**
 * After any sequence of inserts, updates (moves to another scope included),
 * removals and rolled-back writes, an incremental call answers exactly what
 * computeKpis answers, at every node: the projection follows the audit log.
 */
async function incrementalEqualsStreaming(open: (city: RandomCity) => Promise<StorageAdapter>, numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(scenario, async ({ city, records, packs, steps }) => {
      const adapter = await open(city);
      try {
        const store = createStore(adapter, { kinds: { item: ItemSchema } });
        let next = 0;
        const live: string[] = [];
        const scopeOf = (node: number, below: boolean): string[] => recordScope(city, node, below ? String(node) : null);
        const valueOf = (item: Record<string, unknown>, id: string) => plain({ ...item, id }) as { id: string };
        const apply = async (target: typeof store, step: Change): Promise<void> => {
          if (step.op === 'insert') {
            const id = `r${next++}`;
            await target.insert('item', valueOf(step.record.item, id), { scope: scopeOf(step.record.node, step.record.below) });
            live.push(id);
            return;
          }
          const id = live[step.target % Math.max(1, live.length)];
          if (id === undefined) return;
          const stored = await target.getOrThrow('item', id);
          if (step.op === 'remove') {
            await target.remove('item', id, { expectedVersion: stored.version });
            live.splice(live.indexOf(id), 1);
            return;
          }
          const scope = step.move ? { scope: scopeOf(step.record.node, step.record.below) } : {};
          await target.update('item', id, valueOf(step.record.item, id), { expectedVersion: stored.version, ...scope });
        };
        if (records.length > 0) {
          await store.insertMany(
            'item',
            records.map(({ item, node, below }) => {
              const id = `r${next++}`;
              live.push(id);
              return { value: valueOf(item, id), scope: scopeOf(node, below) };
            }),
          );
        }
        for (const step of steps) {
          const options = { hierarchy: city.hierarchy, definitions: step.second ? packs[1] : packs[0], registry, period: step.period.spec, at: step.period.at, timeZone: step.period.timeZone };
          const streamed = await computeKpis({ store, ...options });
          const incremental = await computeKpisInDatabase({ store, ...options, incremental: true });
          expect(figures(incremental, city.nodeIds)).toEqual(figures(streamed, city.nodeIds));
          for (const one of step.changes) await apply(store, one);
          if (step.rolledBack !== undefined) {
            const before = [...live];
            const undo = new Error('rolled back');
            await expect(
              store.transaction(async (tx) => {
                await apply(tx, step.rolledBack as Change);
                throw undo;
              }),
            ).rejects.toBe(undo);
            live.splice(0, live.length, ...before);
            next += 1;
          }
        }
        const last = steps.at(-1) as (typeof steps)[number];
        const options = { hierarchy: city.hierarchy, definitions: last.second ? packs[1] : packs[0], registry, period: last.period.spec, at: last.period.at, timeZone: last.period.timeZone };
        const streamed = await computeKpis({ store, ...options });
        expect(figures(await computeKpisInDatabase({ store, ...options, incremental: true }), city.nodeIds)).toEqual(figures(streamed, city.nodeIds));
      } finally {
        await adapter.close();
      }
    }),
    { numRuns },
  );
}

describe('computeKpisInDatabase incremental equals computeKpis after any changes', () => {
  onEachSqlAdapter(incrementalEqualsStreaming, { sqlite: 30, pglite: 15, pglitePartitioned: 8, server: 15, serverPartitioned: 5 }, 'kpiproj');
});
