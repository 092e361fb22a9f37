import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from '../../../src/adapters/memory/index.js';
import { createStore } from '../../../src/adapters/store.js';
import { isCivicGridError } from '../../../src/errors/civic-grid-error.js';
import { createKpiAggregator } from '../../../src/rules/kpi/engine.js';
import { resolvePeriod } from '../../../src/rules/kpi/period.js';
import { computeKpis, followAuditLog, nodeOfScope } from '../../../src/services/kpi/compute-kpis.js';
import { HIERARCHY_DEFINITIONS, smallCity, TestWishSchema, WISH_DEFINITIONS, wish, wishRegistry } from '../../rules/kpi/fixtures.js';

const hierarchy = smallCity();
const registry = wishRegistry();
const at = new Date('2020-07-13T04:00:00Z');
const gridIds = hierarchy.atLevel('grid').map((node) => node.id);

function openStore() {
  let tick = Date.UTC(2020, 0, 1);
  return createStore(createMemoryAdapter(), { kinds: { wish: TestWishSchema }, clock: () => new Date((tick += 1000)) });
}

describe('computeKpis over a store', () => {
  it('streams the store page by page and reproduces 650 published, 588 fulfilled: 90.5%', async () => {
    const store = openStore();
    const items = Array.from({ length: 700 }, (_, index) => ({
      value: wish(`w${String(index).padStart(3, '0')}`, {
        status: index < 588 ? 'fulfilled' : index < 650 ? 'claimed' : 'withdrawn',
        fulfilledAt: index < 588 ? '2020-04-01T02:00:00.000Z' : null,
      }),
      scope: [...hierarchy.pathOf(gridIds[index % gridIds.length] as string), `household-${index}`],
    }));
    await store.insertMany('wish', items);
    let pages = 0;
    const counting = { query: (kind: string, query: Parameters<typeof store.query>[1]) => (pages++, store.query(kind as 'wish', query)) };
    const result = await computeKpis({ store: counting, hierarchy, definitions: WISH_DEFINITIONS, registry, period: { kind: 'yearToDate' }, at, pageSize: 64 });
    expect(pages).toBe(Math.ceil(700 / 64));
    const report = result.report();
    const rate = report.figures.find((figure) => figure.id === 'wishes.fulfilmentRate');
    expect(rate).toMatchObject({ display: { zh: '90.5%', en: '90.5%' }, status: 'met', value: { numerator: 588, denominator: 650 } });
    expect(report.unplaced).toBe(0);
    expect(result.report('d1').figures[0]?.children.map((child) => child.nodeId)).toEqual(['d1s0', 'd1s1']);
    await store.close();
  });

  it('keeps an aggregator fed from the audit log equal to a recompute from the store', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ id: fc.integer({ min: 0, max: 9 }), status: fc.constantFrom('published', 'fulfilled', 'withdrawn' as const), grid: fc.constantFrom(...gridIds), remove: fc.boolean() }), { maxLength: 30 }),
        async (steps) => {
          const store = openStore();
          const year = resolvePeriod({ kind: 'year', year: 2020 }, { at });
          const aggregator = createKpiAggregator({ hierarchy, definitions: WISH_DEFINITIONS, registry, periods: [year] });
          let seq = 0;
          for (const step of steps) {
            const id = `w${step.id}`;
            const current = await store.get('wish', id);
            const value = wish(id, { status: step.status, fulfilledAt: step.status === 'fulfilled' ? '2020-03-03T00:00:00.000Z' : null });
            if (current === null) await store.insert('wish', value, { scope: hierarchy.pathOf(step.grid) });
            else if (step.remove) await store.remove('wish', id, { expectedVersion: current.version });
            else await store.update('wish', id, value, { expectedVersion: current.version, scope: hierarchy.pathOf(step.grid) });
            if (step.id % 3 === 0) seq = await followAuditLog({ store, aggregator, hierarchy, afterSeq: seq, pageSize: 4 });
          }
          await followAuditLog({ store, aggregator, hierarchy, afterSeq: seq, pageSize: 4 });
          const full = await computeKpis({ store, hierarchy, definitions: WISH_DEFINITIONS, registry, period: { kind: 'year', year: 2020 }, at });
          for (const definition of WISH_DEFINITIONS) {
            for (const node of hierarchy.nodes()) expect(aggregator.evaluation().value(definition.id, node.id)).toEqual(full.current.value(definition.id, node.id));
          }
          await store.close();
        },
      ),
      { numRuns: 25 },
    );
  });

  it('gives an aggregator fed by followAuditLog the hierarchy figures computeKpis reports (regression: they were 0)', async () => {
    const store = openStore();
    const definitions = [...WISH_DEFINITIONS, ...HIERARCHY_DEFINITIONS];
    const year = resolvePeriod({ kind: 'year', year: 2020 }, { at });
    const aggregator = createKpiAggregator({ hierarchy, definitions, registry, periods: [year] });
    await store.insert('wish', wish('w1'), { scope: hierarchy.pathOf('d0s0c0g0') });
    await followAuditLog({ store, aggregator, hierarchy, afterSeq: 0 });
    // A hierarchyNode change (say, from a store that also keeps the nodes) must not count a node twice.
    aggregator.apply({ kind: 'hierarchyNode', before: null, after: { nodeId: 'd0s0c0', record: hierarchy.get('d0s0c0') ?? {} } });
    const full = await computeKpis({ store, hierarchy, definitions, registry, period: { kind: 'year', year: 2020 }, at });
    for (const node of hierarchy.nodes()) {
      for (const id of ['hierarchy.communities', 'hierarchy.grids', 'wishes.published']) expect(aggregator.evaluation().value(id, node.id)).toEqual(full.current.value(id, node.id));
    }
    expect(aggregator.evaluation().value('hierarchy.communities', 'city').value).toBe(8);
    expect(aggregator.evaluation().value('hierarchy.grids', 'd0').value).toBe(12);
    await store.close();
  });

  it('places a record at the deepest scope node the hierarchy knows', () => {
    expect(nodeOfScope(hierarchy, ['city', 'd0', 'd0s0', 'household-9'])).toBe('d0s0');
  });

  it('rejects bad options listing every issue', async () => {
    try {
      await computeKpis({ store: {} as never, hierarchy: {} as never, definitions: 'x' as never, registry, period: { kind: 'yearToDate' }, at: new Date('nope'), pageSize: 0 });
      expect.unreachable();
    } catch (error) {
      expect(isCivicGridError(error, 'VALIDATION_FAILED')).toBe(true);
      expect((error as { issues: { path: unknown[] }[] }).issues.map((issue) => issue.path)).toEqual([['store'], ['hierarchy'], ['definitions'], ['at'], ['pageSize']]);
    }
    await expect(followAuditLog({ store: openStore(), aggregator: createKpiAggregator({ hierarchy, definitions: WISH_DEFINITIONS, registry, periods: [resolvePeriod({ kind: 'year' }, { at })] }), hierarchy, afterSeq: -1 })).rejects.toThrow(/afterSeq/);
  });
});
