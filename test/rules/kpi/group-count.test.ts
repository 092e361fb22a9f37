import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isCivicGridError } from '../../../src/errors/civic-grid-error.js';
import type { KpiDefinition, KpiThreshold } from '../../../src/model/kpi-definition.js';
import type { Hierarchy } from '../../../src/rules/hierarchy/hierarchy.js';
import type { KpiRecordAt } from '../../../src/rules/kpi/aggregator.js';
import { createKpiAggregator, evaluateKpis } from '../../../src/rules/kpi/engine.js';
import { baseKpiEntityRegistry } from '../../../src/rules/kpi/entity-registry.js';
import type { KpiEvaluation } from '../../../src/rules/kpi/evaluation.js';
import { formatKpiValue } from '../../../src/rules/kpi/format.js';
import { resolvePeriod } from '../../../src/rules/kpi/period.js';
import { cityArbitrary, type RandomCity } from '../../services/kpi/kpi-database-fixtures.js';

const ServiceSchema = z.object({ id: z.string(), memberId: z.string().optional(), unitId: z.string(), hours: z.number(), registered: z.boolean(), tag: z.string(), heldAt: z.iso.datetime() });
type Service = z.infer<typeof ServiceSchema>;
const registry = baseKpiEntityRegistry().with('service', ServiceSchema);
const period = resolvePeriod({ kind: 'year', year: 2021 }, { at: new Date('2021-06-01T00:00:00Z'), timeZone: 'America/New_York' });
const text = { zh: '指标', en: 'figure' };
const common = { label: text, description: text, formula: text, entity: 'service' } as const;

/** Group keys with the characters scopes escape, and prefixes of each other. */
const key = fc.constantFrom('a', 'a/', 'a/b', '%', '%2F', '_', 'a_', 'ab');
const serviceArb = fc.record({
  memberId: fc.option(key, { nil: undefined }),
  unitId: key,
  // Half hours: every sum is exact, so a tie at the threshold is a tie.
  hours: fc.integer({ min: 0, max: 8 }).map((half) => half / 2),
  registered: fc.boolean(),
  tag: fc.constantFrom('x', 'y', 'z'),
  heldAt: fc.constantFrom('2020-12-31T23:00:00.000Z', '2021-01-01T04:59:59.000Z', '2021-01-01T05:00:00.000Z', '2021-07-01T00:00:00.000Z', '2022-01-01T05:00:00.000Z'),
});

const scenarioArb = fc.record({
  city: cityArbitrary,
  records: fc.array(fc.record({ service: serviceArb, node: fc.nat() }), { maxLength: 50 }),
  threshold: fc.constantFrom<KpiThreshold>({ gte: 1 }, { gte: 1.5 }, { gt: 1.5 }, { lte: 0.5 }, { gte: 0.5, lt: 2 }),
  rate: fc.constantFrom<KpiThreshold>({ lt: 0.5 }, { gte: 0.5 }, { gt: 0 }, { lte: 1 / 3 }),
  share: fc.boolean(),
  minRecords: fc.integer({ min: 1, max: 3 }),
  ruralMinRecords: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
});

function definitionsOf(scenario: { threshold: KpiThreshold; rate: KpiThreshold; share: boolean; minRecords: number; ruralMinRecords: number | undefined }): KpiDefinition[] {
  return [
    { ...common, id: 'hoursPast', kind: 'groupCount', groupBy: 'memberId', measure: { kind: 'sum', field: 'hours' }, passes: scenario.threshold, dateField: 'heldAt' },
    { ...common, id: 'unitsRate', kind: 'groupCount', groupBy: 'unitId', measure: { kind: 'ratio', numerator: { kind: 'count', filter: { registered: { eq: true } } }, denominator: { kind: 'count' } }, passes: scenario.rate, share: scenario.share },
    { ...common, id: 'tagsPerMember', kind: 'groupCount', groupBy: 'memberId', filter: { hours: { gt: 0 } }, measure: { kind: 'distinct', field: 'tag' }, passes: { gte: 2 }, share: true },
    {
      ...common,
      id: 'covered',
      kind: 'coverage',
      level: 'community',
      minRecords: scenario.minRecords,
      ...(scenario.ruralMinRecords === undefined ? {} : { minRecordsByArea: { rural: scenario.ruralMinRecords } }),
    },
  ];
}

const passes = (threshold: KpiThreshold, value: number): boolean =>
  (threshold.gt === undefined || value > threshold.gt) && (threshold.gte === undefined || value >= threshold.gte) && (threshold.lt === undefined || value < threshold.lt) && (threshold.lte === undefined || value <= threshold.lte);

/** The figures counted the slow way: each node's subtree, its records grouped by hand. */
function bruteForce(city: RandomCity, placed: readonly { service: Service; nodeId: string }[], scenario: Parameters<typeof definitionsOf>[0]) {
  const { hierarchy } = city;
  const inYear = (at: string) => Date.parse(at) >= period.start.getTime() && Date.parse(at) < period.end.getTime();
  return city.nodeIds.flatMap((nodeId) => {
    const inside = new Set([nodeId, ...hierarchy.descendants(nodeId).map((node) => node.id)]);
    const services = placed.filter((entry) => inside.has(entry.nodeId)).map((entry) => entry.service);
    const groupsOf = (list: readonly Service[], keyOf: (service: Service) => string | undefined) => {
      const groups = new Map<string, Service[]>();
      for (const service of list) {
        const groupKey = keyOf(service);
        if (groupKey !== undefined) groups.set(groupKey, [...(groups.get(groupKey) ?? []), service]);
      }
      return [...groups.values()];
    };
    const hours = groupsOf(services.filter((service) => inYear(service.heldAt)), (service) => service.memberId).map((group) => group.reduce((sum, service) => sum + service.hours, 0));
    const hoursPassing = hours.filter((value) => passes(scenario.threshold, value)).length;
    const rates = groupsOf(services, (service) => service.unitId).map((group) => group.filter((service) => service.registered).length / group.length);
    const ratesPassing = rates.filter((value) => passes(scenario.rate, value)).length;
    const tags = groupsOf(services.filter((service) => service.hours > 0), (service) => service.memberId).map((group) => new Set(group.map((service) => service.tag)).size);
    const tagsPassing = tags.filter((value) => value >= 2).length;
    const communities = [hierarchy.getOrThrow(nodeId), ...hierarchy.descendants(nodeId)].filter((node) => node.level === 'community');
    const covered = communities.filter((community) => {
      const within = new Set([community.id, ...hierarchy.descendants(community.id).map((node) => node.id)]);
      const minimum = community.area === 'rural' && scenario.ruralMinRecords !== undefined ? scenario.ruralMinRecords : scenario.minRecords;
      return placed.filter((entry) => within.has(entry.nodeId)).length >= minimum;
    }).length;
    return [
      { id: 'hoursPast', nodeId, value: hoursPassing, numerator: hoursPassing, denominator: hours.length, sampleSize: hours.length },
      { id: 'unitsRate', nodeId, value: scenario.share ? (rates.length === 0 ? null : ratesPassing / rates.length) : ratesPassing, numerator: ratesPassing, denominator: rates.length, sampleSize: rates.length },
      { id: 'tagsPerMember', nodeId, value: tags.length === 0 ? null : tagsPassing / tags.length, numerator: tagsPassing, denominator: tags.length, sampleSize: tags.length },
      { id: 'covered', nodeId, value: communities.length === 0 ? null : covered / communities.length, numerator: covered, denominator: communities.length, sampleSize: communities.length },
    ];
  });
}

function figures(evaluation: KpiEvaluation, city: RandomCity) {
  return city.nodeIds.flatMap((nodeId) => ['hoursPast', 'unitsRate', 'tagsPerMember', 'covered'].map((id) => ({ id, nodeId, ...evaluation.value(id, nodeId) })));
}

const placeAll = (city: RandomCity, records: readonly { service: Omit<Service, 'id'>; node: number }[]) =>
  records.map(({ service, node }, index) => ({ service: JSON.parse(JSON.stringify({ ...service, id: `s${index}` })) as Service, nodeId: city.nodeIds[node % city.nodeIds.length] as string }));

describe('groupCount and coverage with a minimum', () => {
  it('equal a brute-force grouping at every node, in the full tally', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const placed = placeAll(scenario.city, scenario.records);
        const [evaluation] = evaluateKpis({
          hierarchy: scenario.city.hierarchy,
          definitions: definitionsOf(scenario),
          periods: [period],
          registry,
          records: placed.map(({ service, nodeId }) => ({ kind: 'service', record: service, nodeId })),
        }) as [KpiEvaluation];
        expect(figures(evaluation, scenario.city)).toEqual(bruteForce(scenario.city, placed, scenario));
      }),
      { numRuns: 120 },
    );
  });

  it('equal a brute-force grouping at every node in the incremental aggregator, after inserts, moves, edits and removals', () => {
    // `keep`: an edit of a live record that keeps its node and keys, changing only what its groups measure.
    const opArb = fc.record({ slot: fc.integer({ min: 0, max: 12 }), service: fc.option(serviceArb, { nil: null }), node: fc.nat(), keep: fc.boolean() });
    fc.assert(
      fc.property(scenarioArb, fc.array(opArb, { maxLength: 60 }), (scenario, ops) => {
        const { city } = scenario;
        const aggregator = createKpiAggregator({ hierarchy: city.hierarchy, definitions: definitionsOf(scenario), periods: [period], registry });
        const live = new Map<number, KpiRecordAt>();
        for (const op of ops) {
          const before = live.get(op.slot) ?? null;
          const kept = op.keep && before !== null ? { nodeId: before.nodeId, memberId: (before.record as Service).memberId, unitId: (before.record as Service).unitId } : null;
          const nodeId = kept?.nodeId ?? (city.nodeIds[op.node % city.nodeIds.length] as string);
          const after = op.service === null ? null : { nodeId, record: JSON.parse(JSON.stringify({ ...op.service, ...(kept === null ? {} : { memberId: kept.memberId, unitId: kept.unitId }), id: `s${op.slot}` })) as Service };
          if (after === null) live.delete(op.slot);
          else live.set(op.slot, after);
          if (before !== null || after !== null) aggregator.apply({ kind: 'service', before, after });
        }
        const placed = [...live.values()].map(({ nodeId, record }) => ({ service: record as Service, nodeId }));
        expect(figures(aggregator.evaluation(0), city)).toEqual(bruteForce(city, placed, scenario));
      }),
      { numRuns: 120 },
    );
  });

  it('counts a group whose sum equals the threshold as passing gte and failing gt', () => {
    const city = fc.sample(cityArbitrary, { numRuns: 1, seed: 7 })[0] as RandomCity;
    const at = city.nodeIds[1] as string;
    const records = [0.5, 1, 1.5].map((hours, index) => ({ kind: 'service', nodeId: at, record: { id: `s${index}`, memberId: 'm/1', unitId: 'u', hours, registered: true, tag: 'x', heldAt: '2021-07-01T00:00:00.000Z' } }));
    const definition = (passes: KpiThreshold): KpiDefinition => ({ ...common, id: `past${Object.keys(passes)[0]}`, kind: 'groupCount', groupBy: 'memberId', measure: { kind: 'sum', field: 'hours' }, passes });
    const [evaluation] = evaluateKpis({ hierarchy: city.hierarchy, definitions: [definition({ gte: 3 }), definition({ gt: 3 })], periods: [period], registry, records }) as [KpiEvaluation];
    expect(evaluation.value('pastgte', city.hierarchy.rootId)).toMatchObject({ value: 1, denominator: 1 });
    expect(evaluation.value('pastgt', city.hierarchy.rootId)).toMatchObject({ value: 0, denominator: 1 });
  });

  it('shows a share as a percentage and a count as a number', () => {
    const definitions = definitionsOf({ threshold: { gte: 1 }, rate: { lt: 0.5 }, share: true, minRecords: 1, ruralMinRecords: undefined });
    expect(formatKpiValue(definitions[1] as KpiDefinition, { value: 2 / 3, numerator: 2, denominator: 3, sampleSize: 3 })).toEqual({ zh: '66.7%', en: '66.7%' });
    expect(formatKpiValue(definitions[0] as KpiDefinition, { value: 872, numerator: 872, denominator: 900, sampleSize: 900 })).toEqual({ zh: '872', en: '872' });
  });
});

describe('groupCount validation', () => {
  const hierarchy = (fc.sample(cityArbitrary, { numRuns: 1, seed: 3 })[0] as RandomCity).hierarchy;
  const issuesOf = (definition: Record<string, unknown>): { path: readonly (string | number)[]; message: string }[] => {
    try {
      evaluateKpis({ hierarchy: hierarchy as Hierarchy, definitions: [{ ...common, id: 'bad', ...definition }], periods: [period], registry, records: [] });
    } catch (error) {
      if (isCivicGridError(error) && error.code === 'VALIDATION_FAILED') return [...(error.issues ?? [])];
      throw error;
    }
    throw new Error('accepted');
  };
  const group = { kind: 'groupCount', groupBy: 'memberId', measure: { kind: 'count' }, passes: { gte: 2 } };

  it('names an unknown or unusable groupBy field', () => {
    expect(issuesOf({ ...group, groupBy: 'member' })[0]?.path).toEqual([0, 'groupBy']);
    expect(issuesOf({ ...group, groupBy: 'member id' })[0]?.path).toEqual([0, 'groupBy']);
  });

  it('names an unknown or unsummable measure field, in a ratio too', () => {
    expect(issuesOf({ ...group, measure: { kind: 'sum', field: 'tag' } })[0]?.path).toEqual([0, 'measure', 'field']);
    expect(issuesOf({ ...group, measure: { kind: 'ratio', numerator: { kind: 'count' }, denominator: { kind: 'distinct', field: 'nope' } } })[0]?.path).toEqual([0, 'measure', 'denominator', 'field']);
    expect(issuesOf({ ...group, measure: { kind: 'count', filter: { registered: { eq: 'yes' } } } })[0]?.path).toEqual([0, 'measure', 'filter', 'registered', 'eq']);
  });

  it('refuses an empty, non-finite or unmeetable threshold, and a share target above 1', () => {
    expect(issuesOf({ ...group, passes: {} })[0]?.path).toEqual([0, 'passes']);
    expect(issuesOf({ ...group, passes: { gte: Number.POSITIVE_INFINITY } })[0]?.path).toEqual([0, 'passes', 'gte']);
    expect(issuesOf({ ...group, passes: { gte: '50' } })[0]?.path).toEqual([0, 'passes', 'gte']);
    expect(issuesOf({ ...group, passes: { gt: 3, lte: 3 } })[0]?.path).toEqual([0, 'passes']);
    expect(issuesOf({ ...group, passes: { gte: 5, lt: 5 } })[0]?.message).toMatch(/no value passes/);
    expect(issuesOf({ ...group, passes: { gte: 5 }, share: true, target: { direction: 'atLeast', value: 5, atRisk: 0 } })[0]?.path).toEqual([0, 'target', 'value']);
  });

  it('refuses a coverage minimum below 1 or for an unknown area', () => {
    expect(issuesOf({ kind: 'coverage', level: 'community', minRecords: 0 })[0]?.path).toEqual([0, 'minRecords']);
    expect(issuesOf({ kind: 'coverage', level: 'community', minRecordsByArea: { suburban: 2 } })[0]?.path).toEqual([0, 'minRecordsByArea']);
  });
});
