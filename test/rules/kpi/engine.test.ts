import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCivicGridError } from '../../../src/errors/civic-grid-error.js';
import type { KpiChange, KpiRecordAt } from '../../../src/rules/kpi/aggregator.js';
import { createKpiAggregator, createKpiTally, evaluateKpis } from '../../../src/rules/kpi/engine.js';
import type { KpiEvaluation } from '../../../src/rules/kpi/evaluation.js';
import { formatKpiValue } from '../../../src/rules/kpi/format.js';
import { previousPeriod, resolvePeriod } from '../../../src/rules/kpi/period.js';
import { HIERARCHY_DEFINITIONS, smallCity, type TestWish, WISH_DEFINITIONS, wish, wishRegistry } from './fixtures.js';

const hierarchy = smallCity();
const registry = wishRegistry();
const at = new Date('2020-07-13T04:00:00Z');
const year2020 = resolvePeriod({ kind: 'year', year: 2020 }, { at });
const periods = [year2020, previousPeriod(year2020)];
const nodeIds = hierarchy.nodes().map((node) => node.id);
const gridIds = hierarchy.atLevel('grid').map((node) => node.id);
const definitionIds = WISH_DEFINITIONS.map((definition) => definition.id);

function evaluate(records: Iterable<KpiRecordAt>): KpiEvaluation[] {
  return evaluateKpis({ hierarchy, definitions: WISH_DEFINITIONS, periods, registry, records: [...records].map((placed) => ({ kind: 'wish', ...placed })) });
}

function allValues(evaluation: KpiEvaluation, nodes: readonly string[] = nodeIds) {
  return definitionIds.flatMap((id) => nodes.map((nodeId) => ({ id, nodeId, ...evaluation.value(id, nodeId) })));
}

describe('the source fixture', () => {
  it('reproduces 650 wishes published and 588 fulfilled as 90.5%', () => {
    const records: KpiRecordAt[] = [];
    for (let index = 0; index < 700; index++) {
      const status: TestWish['status'] = index < 588 ? 'fulfilled' : index < 620 ? 'claimed' : index < 650 ? 'published' : 'withdrawn';
      const fulfilledAt = status === 'fulfilled' ? '2020-04-01T02:00:00.000Z' : null;
      records.push({ nodeId: gridIds[index % gridIds.length] as string, record: wish(`w${index}`, { status, fulfilledAt }) });
    }
    const [current] = evaluate(records) as [KpiEvaluation];
    const rate = current.value('wishes.fulfilmentRate', 'city');
    expect(current.value('wishes.published', 'city').value).toBe(650);
    expect(rate).toMatchObject({ numerator: 588, denominator: 650, sampleSize: 650 });
    expect(formatKpiValue(current.definition('wishes.fulfilmentRate'), rate)).toEqual({ zh: '90.5%', en: '90.5%' });
  });
});

describe('rollup', () => {
  it('sums counts, recomputes ratios from summed parts, and covers each level', () => {
    const records: KpiRecordAt[] = [
      // community c0: 1 of 1 fulfilled (100%); community c1: 1 of 9 fulfilled (11.1%).
      { nodeId: 'd0s0c0g0', record: wish('a', { status: 'fulfilled', fulfilledAt: '2020-03-03T02:00:00.000Z', claimantId: 'u1', valueYuan: 10.1 }) },
      { nodeId: 'd0s0c1g0', record: wish('b', { status: 'fulfilled', fulfilledAt: '2020-03-11T02:00:00.000Z', claimantId: 'u1', valueYuan: 20.2 }) },
      ...Array.from({ length: 8 }, (_, index) => ({ nodeId: 'd0s0c1g1', record: wish(`c${index}`, { claimantId: `u${index % 3}` }) })),
    ];
    const [current] = evaluate(records) as [KpiEvaluation];
    const street = current.value('wishes.fulfilmentRate', 'd0s0');
    expect(street).toMatchObject({ numerator: 2, denominator: 10 });
    expect(street.value).toBeCloseTo(0.2, 12);
    // The average of the two communities' rates would be (1 + 1/9) / 2 ≈ 55.6%.
    expect(street.value).not.toBeCloseTo((1 + 1 / 9) / 2, 3);
    expect(current.value('wishes.value', 'city').value).toBe(30.3);
    expect(current.value('wishes.claimants', 'd0s0').value).toBe(3);
    expect(current.value('wishes.communityCoverage', 'd0s0')).toMatchObject({ value: 1, numerator: 2, denominator: 2 });
    expect(current.value('wishes.communityCoverage', 'city')).toMatchObject({ numerator: 2, denominator: 8, value: 0.25 });
    expect(current.value('wishes.communityCoverage', 'd0s0c0g0').value).toBeNull();
    expect(current.value('wishes.timeToFulfil', 'd0s0')).toMatchObject({ value: 2, p90: 10, sampleSize: 2 });
    expect(current.value('wishes.elderlyStock', 'city').value).toBe(10);
  });
});

const statusArb = fc.constantFrom<TestWish['status']>('collected', 'published', 'claimed', 'fulfilled', 'withdrawn');
const instantArb = fc.integer({ min: Date.UTC(2018, 11, 20), max: Date.UTC(2021, 0, 10) });
const wishArb = (id: string) =>
  fc.record({
    status: statusArb,
    published: fc.option(instantArb, { nil: null }),
    fulfilAfterMs: fc.option(fc.integer({ min: 0, max: 40 * 86_400_000 }), { nil: null }),
    valueYuan: fc.integer({ min: 0, max: 50_000 }).map((fen) => fen / 100),
    claimantId: fc.option(fc.constantFrom('u1', 'u2', 'u3', 'u4'), { nil: null }),
    category: fc.constantFrom('elderly', 'children', 'hardship') as fc.Arbitrary<'elderly' | 'children' | 'hardship'>,
    nodeId: fc.constantFrom(...gridIds, 'd1s0c1', 'd0', 'nowhere'),
  }).map(({ status, published, fulfilAfterMs, valueYuan, claimantId, category, nodeId }) => ({
    nodeId,
    record: wish(id, {
      status,
      publishedAt: published === null ? null : new Date(published).toISOString(),
      fulfilledAt: published === null || fulfilAfterMs === null ? null : new Date(published + fulfilAfterMs).toISOString(),
      valueYuan,
      claimantId,
      detail: { category },
    }),
  }));

const opArb = fc.oneof(
  fc.record({ op: fc.constant('upsert' as const), id: fc.integer({ min: 0, max: 25 }), next: wishArb('x') }),
  fc.record({ op: fc.constant('remove' as const), id: fc.integer({ min: 0, max: 25 }) }),
);

describe('the incremental aggregator', () => {
  it('equals a full recompute after any sequence of changes (inserts, moves, status changes, removals)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80 }), (ops) => {
        const aggregator = createKpiAggregator({ hierarchy, definitions: WISH_DEFINITIONS, periods, registry });
        const live = new Map<number, KpiRecordAt>();
        for (const op of ops) {
          const before = live.get(op.id) ?? null;
          let after: KpiRecordAt | null = null;
          if (op.op === 'upsert') {
            after = { nodeId: op.next.nodeId, record: { ...op.next.record, id: `w${op.id}` } };
            live.set(op.id, after);
          } else live.delete(op.id);
          if (before === null && after === null) continue;
          const change: KpiChange = { kind: 'wish', before, after };
          aggregator.apply(change);
        }
        const full = evaluate(live.values());
        for (const [index, evaluation] of full.entries()) {
          expect(allValues(aggregator.evaluation(index))).toEqual(allValues(evaluation));
          expect(aggregator.evaluation(index).unplaced).toBe(evaluation.unplaced);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('ignores kinds no KPI reads and rejects malformed changes listing every issue', () => {
    const aggregator = createKpiAggregator({ hierarchy, definitions: WISH_DEFINITIONS, periods, registry });
    aggregator.apply({ kind: 'meeting', before: null, after: { nodeId: 'd0', record: {} } });
    expect(aggregator.evaluation().value('wishes.published', 'city').value).toBe(0);
    const bad = { kind: '', before: { nodeId: 3, record: null }, after: 'x' } as unknown as KpiChange;
    try {
      aggregator.apply(bad);
      expect.unreachable();
    } catch (error) {
      expect(isCivicGridError(error, 'VALIDATION_FAILED')).toBe(true);
      expect((error as { issues: { path: unknown[] }[] }).issues.map((issue) => issue.path)).toEqual([['kind'], ['before', 'nodeId'], ['before', 'record'], ['after']]);
    }
    expect(() => aggregator.apply({ kind: 'wish', before: null, after: null })).toThrow(/before, an after/);
    expect(() => aggregator.evaluation(5)).toThrow(/no period 5/);
  });
});

describe('rollup properties', () => {
  const recordsArb = fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 60 }).chain((ids) => fc.tuple(...ids.map((id) => wishArb(`w${id}`))));
  const subtreeArb = fc.constantFrom(...nodeIds);

  it('a rollup at a node equals the same KPI computed over that node subtree alone', () => {
    fc.assert(
      fc.property(recordsArb, subtreeArb, (records, nodeId) => {
        const [all] = evaluate(records) as [KpiEvaluation];
        const inside = records.filter((placed) => hierarchy.has(placed.nodeId) && hierarchy.isWithin(placed.nodeId, nodeId));
        const [alone] = evaluate(inside) as [KpiEvaluation];
        expect(allValues(alone, [nodeId])).toEqual(allValues(all, [nodeId]));
        // At the root, only the records of the subtree: every figure but coverage (whose denominator is the whole city) matches.
        const atRoot = allValues(alone, ['city']).filter((value) => value.id !== 'wishes.communityCoverage');
        const atNode = allValues(all, [nodeId]).filter((value) => value.id !== 'wishes.communityCoverage');
        expect(atRoot.map(({ nodeId: _, ...rest }) => rest)).toEqual(atNode.map(({ nodeId: _, ...rest }) => rest));
      }),
      { numRuns: 100 },
    );
  });

  it('ratios are never averaged: a parent ratio is its summed numerator over its summed denominator', () => {
    fc.assert(
      fc.property(recordsArb, (records) => {
        const [evaluation] = evaluate(records) as [KpiEvaluation];
        for (const node of hierarchy.nodes()) {
          const children = hierarchy.childIds(node.id);
          if (children.length === 0) continue;
          const own = records.filter((placed) => placed.nodeId === node.id);
          const [ownOnly] = evaluate(own) as [KpiEvaluation];
          const parts = [...children.map((child) => evaluation.value('wishes.fulfilmentRate', child)), ownOnly.value('wishes.fulfilmentRate', node.id)];
          const numerator = parts.reduce((total, part) => total + (part.numerator ?? 0), 0);
          const denominator = parts.reduce((total, part) => total + (part.denominator ?? 0), 0);
          const value = evaluation.value('wishes.fulfilmentRate', node.id);
          expect(value).toMatchObject({ numerator, denominator });
          expect(value.value).toBe(denominator === 0 ? null : numerator / denominator);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('exact sums (regression: a sum without decimals rounded each value)', () => {
  const sumDefinition = { ...WISH_DEFINITIONS[2], id: 'wishes.valueExact', filter: undefined, decimals: undefined };
  const sumOf = (values: readonly number[]) => {
    const records = values.map((valueYuan, index) => ({ kind: 'wish', nodeId: gridIds[index % gridIds.length] as string, record: wish(`w${index}`, { valueYuan }) }));
    const [evaluation] = evaluateKpis({ hierarchy, definitions: [sumDefinition], periods, registry, records }) as [KpiEvaluation];
    return evaluation;
  };

  it('adds the decimals the values print as, exactly', () => {
    expect(sumOf([0.1, 0.2]).value('wishes.valueExact', 'city').value).toBe(0.3);
    expect(sumOf([1.5, -1.5, 2.5, -2.5]).value('wishes.valueExact', 'city').value).toBe(0);
    expect(sumOf([1.005, 1e-7, 1e21]).value('wishes.valueExact', 'city').value).toBe(1e21);
    expect(sumOf([1.005, 1e-7, 2]).value('wishes.valueExact', 'city').value).toBe(3.0050001);
    const evaluation = sumOf([0.1, 0.2]);
    expect(formatKpiValue(evaluation.definition('wishes.valueExact'), evaluation.value('wishes.valueExact', 'city'))).toEqual({ zh: '0.3', en: '0.3' });
  });

  it('reads any finite double as the decimal it prints as, extremes included', async () => {
    const { decimalOf } = await import('../../../src/rules/kpi/exact-sum.js');
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const { units, scale } = decimalOf(value);
        expect(scale).toBeGreaterThanOrEqual(0);
        expect(Number(`${units}e-${scale}`)).toBe(value === 0 ? 0 : value);
      }),
    );
    expect(sumOf([5e-324, Number.MAX_VALUE, -Number.MAX_VALUE]).value('wishes.valueExact', 'city').value).toBe(5e-324);
  });

  // Decimals of up to 13 digits and 6 decimals print as themselves, so the reference is their BigInt sum.
  const decimalArb = fc.record({ units: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), scale: fc.integer({ min: 0, max: 6 }), grid: fc.constantFrom(...gridIds) });

  it('equals a BigInt reference at every node, in any order, in the full tally and the aggregator alike', () => {
    fc.assert(
      fc.property(fc.array(decimalArb, { maxLength: 40 }), fc.infiniteStream(fc.nat()), (values, shuffle) => {
        const placed = values.map(({ units, scale, grid }, index) => ({ kind: 'wish', nodeId: grid, record: wish(`w${index}`, { valueYuan: Number(`${units}e-${scale}`) }) }));
        const shuffled = placed.map((record) => ({ record, key: shuffle.next().value as number })).sort((a, b) => a.key - b.key).map(({ record }) => record);
        const options = { hierarchy, definitions: [sumDefinition], periods, registry };
        const [inOrder] = evaluateKpis({ ...options, records: placed }) as [KpiEvaluation];
        const [outOfOrder] = evaluateKpis({ ...options, records: shuffled }) as [KpiEvaluation];
        const aggregator = createKpiAggregator(options);
        for (const { kind, ...after } of shuffled) aggregator.apply({ kind, before: null, after });
        for (const node of nodeIds) {
          const micro = values.filter(({ grid }) => hierarchy.isWithin(grid, node)).reduce((total, { units, scale }) => total + units * 10n ** BigInt(6 - scale), 0n);
          const expected = Number(`${micro}e-6`);
          for (const evaluation of [inOrder, outOfOrder, aggregator.evaluation()]) expect(evaluation.value('wishes.valueExact', node).value).toBe(expected);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('hierarchy figures', () => {
  it('come from the hierarchy in the full tally and the aggregator alike; hierarchyNode records fed in are ignored', () => {
    const options = { hierarchy, definitions: HIERARCHY_DEFINITIONS, periods, registry };
    const fed = hierarchy.nodes().map((node) => ({ kind: 'hierarchyNode', nodeId: node.id, record: node }));
    const [full] = evaluateKpis({ ...options, records: fed }) as [KpiEvaluation];
    const aggregator = createKpiAggregator(options);
    for (const { kind, ...after } of fed) aggregator.apply({ kind, before: null, after });
    for (const evaluation of [full, aggregator.evaluation()]) {
      expect(evaluation.value('hierarchy.communities', 'city').value).toBe(8);
      expect(evaluation.value('hierarchy.grids', 'd1s0').value).toBe(6);
      expect(evaluation.value('hierarchy.grids', 'd1s0c0g0').value).toBe(1);
    }
  });
});

describe('bad input', () => {
  it('rejects a bad hierarchy and bad periods, listing both', () => {
    try {
      createKpiTally({ hierarchy: {} as never, definitions: WISH_DEFINITIONS, periods: [{ start: new Date(2), end: new Date(1) }] as never, registry });
      expect.unreachable();
    } catch (error) {
      expect(isCivicGridError(error, 'VALIDATION_FAILED')).toBe(true);
      expect((error as { issues: { path: unknown[] }[] }).issues.map((issue) => issue.path)).toEqual([['hierarchy'], ['periods', 0]]);
    }
    expect(() => createKpiAggregator({ hierarchy, definitions: WISH_DEFINITIONS, periods: [], registry })).toThrow(/non-empty/);
  });

  it('rejects invalid definitions before tallying anything', () => {
    expect(() => evaluateKpis({ hierarchy, definitions: [{ id: 'x' }], periods, registry, records: [] })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('counts records at unknown nodes as unplaced, not anywhere', () => {
    const [current] = evaluate([{ nodeId: 'nowhere', record: wish('a') }]) as [KpiEvaluation];
    expect(current.unplaced).toBe(1);
    expect(current.value('wishes.published', 'city').value).toBe(0);
    expect(() => current.value('wishes.published', 'nowhere')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => current.value('nope', 'city')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('SortedMultiset and ISO parsing', () => {
  it('the sorted multiset selects like a sorted array under any adds and deletes', async () => {
    const { SortedMultiset } = await import('../../../src/rules/kpi/sorted-multiset.js');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 50 })), { maxLength: 2_000 }), (ops) => {
        const set = new SortedMultiset();
        const reference: number[] = [];
        for (const [add, value] of ops) {
          if (add) {
            set.add(value);
            reference.push(value);
          } else {
            const at = reference.indexOf(value);
            expect(set.delete(value)).toBe(at >= 0);
            if (at >= 0) reference.splice(at, 1);
          }
        }
        reference.sort((a, b) => a - b);
        expect(set.size).toBe(reference.length);
        for (let k = 0; k < reference.length; k += 7) expect(set.at(k)).toBe(reference[k]);
      }),
      { numRuns: 30 },
    );
  });

  it('parses toISOString() output exactly as Date.parse does, in any zone', async () => {
    const { instantReader } = await import('../../../src/rules/kpi/instant.js');
    const toEpoch = instantReader('America/New_York');
    fc.assert(
      fc.property(fc.integer({ min: -62_000_000_000_000, max: 250_000_000_000_000 }), (time) => {
        const text = new Date(time).toISOString();
        expect(toEpoch(text)).toBe(Date.parse(text));
      }),
    );
    // Date.parse rolls 31 February over into March; a day its month does not have is not a date here.
    expect(toEpoch('2020-02-31T00:00:00.000Z')).toBeNaN();
    expect(toEpoch('2020-01-01T08:00:00+08:00')).toBe(Date.parse('2020-01-01T00:00:00Z'));
    expect(toEpoch('not a date')).toBeNaN();
    expect(toEpoch('2021-13-01')).toBeNaN();
    expect(toEpoch(true)).toBeNaN();
    // No offset: a wall-clock reading in the city, not UTC and not the host's zone.
    expect(toEpoch('2021-01-01')).toBe(Date.parse('2021-01-01T00:00:00-05:00'));
    expect(toEpoch('2021-07-01T09:30')).toBe(Date.parse('2021-07-01T09:30:00-04:00'));
    expect(toEpoch('2021-07-01T09:30:15.250')).toBe(Date.parse('2021-07-01T09:30:15.250-04:00'));
    // 02:30 on 14 March 2021 does not exist in New York (clocks jump 02:00 → 03:00): it reads as 03:30 EDT.
    expect(toEpoch('2021-03-14T02:30')).toBe(Date.parse('2021-03-14T03:30:00-04:00'));
    // 01:30 on 7 November 2021 happens twice (clocks fall back 02:00 → 01:00): the first, in EDT.
    expect(toEpoch('2021-11-07T01:30')).toBe(Date.parse('2021-11-07T01:30:00-04:00'));
    expect(toEpoch('2021-11-07T02:30')).toBe(Date.parse('2021-11-07T02:30:00-05:00'));
  });
});
