import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { isCivicGridError } from '../../../src/errors/civic-grid-error.js';
import { evaluateKpis } from '../../../src/rules/kpi/engine.js';
import type { KpiEvaluation } from '../../../src/rules/kpi/evaluation.js';
import { gridEventRateDefinitions } from '../../../src/rules/kpi/grid-event-rates.js';
import { createKpiPack, extendKpiPack } from '../../../src/rules/kpi/pack.js';
import { previousPeriod, resolvePeriod } from '../../../src/rules/kpi/period.js';
import { rankKpi } from '../../../src/rules/kpi/ranking.js';
import { buildKpiReport } from '../../../src/rules/kpi/report.js';
import { standardKpiEntityRegistry, standardKpiPack } from '../../../src/rules/kpi/standard-pack.js';
import { kpiStatus } from '../../../src/rules/kpi/targets.js';
import { smallCity, WISH_DEFINITIONS, wish, wishRegistry } from './fixtures.js';

const hierarchy = smallCity();
const at = new Date('2020-07-13T04:00:00Z');
const ytd = resolvePeriod({ kind: 'yearToDate' }, { at });
const registry = wishRegistry();

function evaluate(records: { nodeId: string; record: ReturnType<typeof wish> }[]): [KpiEvaluation, KpiEvaluation] {
  const periods = [ytd, previousPeriod(ytd)];
  return evaluateKpis({ hierarchy, definitions: WISH_DEFINITIONS, periods, registry, records: records.map((placed) => ({ kind: 'wish', ...placed })) }) as [KpiEvaluation, KpiEvaluation];
}

describe('kpiStatus', () => {
  it('is met, at risk within the band, or missed, in each direction', () => {
    const atLeast = { direction: 'atLeast', value: 0.9, atRisk: 0.05 } as const;
    expect([0.905, 0.9, 0.86, 0.849].map((value) => kpiStatus(atLeast, value))).toEqual(['met', 'met', 'atRisk', 'missed']);
    const atMost = { direction: 'atMost', value: 14, atRisk: 7 } as const;
    expect([3, 20, 22].map((value) => kpiStatus(atMost, value))).toEqual(['met', 'atRisk', 'missed']);
    const full = { direction: 'equal', value: 1, atRisk: 0.1 } as const;
    expect([1, 0.95, 0.5].map((value) => kpiStatus(full, value))).toEqual(['met', 'atRisk', 'missed']);
    expect(kpiStatus(undefined, 1)).toBe('noTarget');
    expect(kpiStatus(full, null)).toBe('noData');
  });
});

describe('buildKpiReport', () => {
  const records = [
    { nodeId: 'd0s0c0g0', record: wish('a', { status: 'fulfilled', fulfilledAt: '2020-03-05T02:00:00.000Z' }) },
    { nodeId: 'd0s1c0g0', record: wish('b', { status: 'claimed' }) },
    { nodeId: 'd1s0c0g0', record: wish('c', { status: 'fulfilled', fulfilledAt: '2020-03-02T02:00:00.000Z' }) },
    { nodeId: 'd1s0c0g1', record: wish('d', { status: 'fulfilled', publishedAt: '2019-05-01T02:00:00.000Z', fulfilledAt: '2019-05-02T02:00:00.000Z' }) },
  ];

  it('reports each figure with value, formula, target, status, change against the previous period and drill-down', () => {
    const [current, previous] = evaluate(records);
    const report = buildKpiReport({ hierarchy, current, previous, nodeId: 'city' });
    expect(report.period.label.zh).toBe('今年以来（2020年1月1日至7月13日）');
    expect(report.previousPeriod?.start).toBe('2018-12-31T16:00:00.000Z');
    const rate = report.figures.find((figure) => figure.id === 'wishes.fulfilmentRate');
    expect(rate).toMatchObject({
      display: { en: '66.7%' },
      status: 'missed',
      formula: { en: 'fulfilled / published, withdrawn excluded' },
      previous: { value: 1 },
      tag: 'L',
    });
    expect(rate?.change).toBeCloseTo(2 / 3 - 1, 12);
    expect(rate?.children.map((child) => [child.nodeId, child.display.en, child.status])).toEqual([
      ['d0', '50.0%', 'missed'],
      ['d1', '100.0%', 'met'],
    ]);
    const stock = report.figures.find((figure) => figure.id === 'wishes.elderlyStock');
    expect(stock).toMatchObject({ previous: null, change: null, status: 'noTarget', value: { value: 4 } });
    expect(report.figures.find((figure) => figure.id === 'wishes.timeToFulfil')?.display.en).toBe('median 1.0 d, p90 4.0 d');
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('rejects an unknown node and a previous evaluation of other KPIs', () => {
    const [current] = evaluate(records);
    expect(() => buildKpiReport({ hierarchy, current, nodeId: 'nowhere' })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    const [other] = evaluateKpis({ hierarchy, definitions: WISH_DEFINITIONS.slice(0, 2), periods: [ytd], registry, records: [] }) as [KpiEvaluation];
    expect(() => buildKpiReport({ hierarchy, current, previous: other, nodeId: 'city' })).toThrow(/same KPIs/);
  });
});

describe('rankKpi', () => {
  it('leaves out nodes below the minimum sample and says so; a community with one case does not top it', () => {
    const records = [
      { nodeId: 'd0s0c0g0', record: wish('one', { status: 'fulfilled', fulfilledAt: '2020-03-02T02:00:00.000Z' }) },
      ...Array.from({ length: 10 }, (_, index) => ({ nodeId: 'd0s0c1g0', record: wish(`m${index}`, { status: index < 8 ? 'fulfilled' : 'claimed' }) })),
      ...Array.from({ length: 10 }, (_, index) => ({ nodeId: 'd0s1c0g0', record: wish(`n${index}`, { status: index < 8 ? 'fulfilled' : 'claimed' }) })),
      ...Array.from({ length: 10 }, (_, index) => ({ nodeId: 'd0s1c1g0', record: wish(`p${index}`, { status: index < 9 ? 'fulfilled' : 'claimed' }) })),
    ];
    const [current] = evaluate(records);
    const communities = hierarchy.atLevel('community').map((node) => node.id);
    const ranking = rankKpi(current, 'wishes.fulfilmentRate', { nodeIds: communities, minSampleSize: 5 });
    expect(ranking.ranked.map((entry) => [entry.rank, entry.nodeId])).toEqual([
      [1, 'd0s1c1'],
      [2, 'd0s0c1'],
      [2, 'd0s1c0'],
    ]);
    expect(ranking.excluded).toContainEqual({ nodeId: 'd0s0c0', sampleSize: 1, reason: 'belowMinimumSample' });
    expect(ranking.note.en).toBe('5 of 8 left out with fewer than 5 in the sample');
    const durations = rankKpi(current, 'wishes.timeToFulfil', { nodeIds: communities, minSampleSize: 1 });
    expect(durations.higherIsBetter).toBe(false);
  });

  it('rejects bad options listing every issue, and unknown KPIs', () => {
    const [current] = evaluate([]);
    try {
      rankKpi(current, 'wishes.fulfilmentRate', { nodeIds: [], minSampleSize: 0 });
      expect.unreachable();
    } catch (error) {
      expect(isCivicGridError(error, 'VALIDATION_FAILED')).toBe(true);
      expect((error as { issues: { path: unknown[] }[] }).issues.map((issue) => issue.path)).toEqual([['nodeIds'], ['minSampleSize']]);
    }
    expect(() => rankKpi(current, 'nope', { nodeIds: ['city'], minSampleSize: 1 })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('packs', () => {
  it('the standard pack is named, versioned, tagged and sourced', () => {
    const pack = standardKpiPack();
    expect([pack.name, pack.version]).toEqual(['civic-grid/standard', '1.1.0']);
    for (const definition of pack.definitions) {
      expect(definition.tag).toMatch(/^[NL]$/);
      expect(definition.source).toBeTruthy();
    }
  });

  it('an app adds, replaces and removes definitions without touching the original', () => {
    const pack = standardKpiPack();
    const base = pack.definitions.find((definition) => definition.id === 'needs.fulfilmentRate');
    const stricter = { ...base, target: { direction: 'atLeast', value: 0.95, atRisk: 0.02 } };
    const custom = extendKpiPack(pack, { definitions: [stricter, { ...WISH_DEFINITIONS[0], entity: 'need', filter: { status: { eq: 'expired' } }, dateField: 'createdAt', id: 'needs.expired' }], remove: ['hierarchy.grids'], name: 'tongchuan' }, standardKpiEntityRegistry());
    expect(custom.name).toBe('tongchuan');
    expect(custom.definitions.find((definition) => definition.id === 'needs.fulfilmentRate')?.target?.value).toBe(0.95);
    expect(custom.definitions.at(-1)?.id).toBe('needs.expired');
    expect(custom.definitions.some((definition) => definition.id === 'hierarchy.grids')).toBe(false);
    expect(pack.definitions.find((definition) => definition.id === 'needs.fulfilmentRate')?.target?.value).toBe(0.9);
    expect(() => extendKpiPack(pack, { remove: ['nope', 'nada'] }, standardKpiEntityRegistry())).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: ['remove', 'nope'] }), expect.objectContaining({ path: ['remove', 'nada'] })] }));
  });

  it('the GB/T 30428 rates validate against a grid-event kind, with configurable denominators', () => {
    const flags = Object.fromEntries(['accepted', 'registered', 'dispatched', 'handled', 'dueToClose', 'closed', 'closedOnTime', 'reworked', 'extended', 'deferred'].map((flag) => [flag, z.boolean()]));
    const events = standardKpiEntityRegistry().with('gridEvent', z.object({ id: z.string(), reportedAt: z.iso.datetime(), ...flags }));
    const jinhua = gridEventRateDefinitions({ excludeDeferred: true, reworkDenominator: 'handled' });
    const pack = createKpiPack({ name: 'jinhua', version: '1.0.0', definitions: jinhua }, events);
    const closure = pack.definitions.find((definition) => definition.id === 'gridEvents.closureRate');
    expect(closure).toMatchObject({ tag: 'N', denominator: { filter: { dueToClose: { eq: true }, deferred: { ne: true } } }, formula: { en: 'closed / due to close (deferred excluded)' } });
    const rework = jinhua.find((definition) => definition.id === 'gridEvents.reworkRate');
    expect(rework).toMatchObject({ denominator: { filter: { handled: { eq: true } } }, numerator: { filter: { handled: { eq: true }, reworked: { eq: true } } } });
    // The standard registry's gridEvent is the real entity: its stages are milestones, not boolean fields.
    expect(() => createKpiPack({ name: 'jinhua', version: '1.0.0', definitions: jinhua }, standardKpiEntityRegistry())).toThrow(/unknown field "reportedAt" of gridEvent/);
    expect(() => gridEventRateDefinitions({ reworkDenominator: 'cases' as never })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
