import fc from 'fast-check';
import { z } from 'zod';
import type { HierarchyNode } from '../../../src/model/hierarchy-node.js';
import type { KpiFilter } from '../../../src/model/kpi-definition.js';
import type { KpiPeriodSpec } from '../../../src/model/kpi-period.js';
import { createHierarchy, type Hierarchy } from '../../../src/rules/hierarchy/hierarchy.js';
import { baseKpiEntityRegistry, type KpiEntityRegistry } from '../../../src/rules/kpi/entity-registry.js';

/**
 * A kind whose fields take anything, so records carry every shape the
 * engines must agree on: numbers with decimals, strings, booleans, nulls,
 * missing fields, arrays, and dates in every form instantReader reads.
 */
export const ItemSchema = z.object({
  id: z.string(),
  status: z.enum(['open', 'done', 'void']).nullable().optional(),
  amount: z.unknown().optional(),
  key: z.unknown().optional(),
  at: z.unknown().optional(),
  done: z.unknown().optional(),
  day: z.iso.date().nullable().optional(),
  tags: z.array(z.unknown()).optional(),
  detail: z.object({ kind: z.string().optional(), n: z.unknown().optional() }).optional(),
});

export function itemRegistry(): KpiEntityRegistry {
  return baseKpiEntityRegistry().with('item', ItemSchema);
}

/** Ids that are prefixes of each other and hold the characters the scope encoding escapes. */
const nodeId = fc.string({ unit: fc.constantFrom('a', 'b', '/', '%', '_'), minLength: 1, maxLength: 3 });

export interface RandomCity {
  hierarchy: Hierarchy;
  nodeIds: string[];
}

/** The scope of a record at the city's node number `node` (wrapping), or below it at household `household` (a level below the modelled ones, rolled up from the node). */
export function recordScope(city: RandomCity, node: number, household: string | null): string[] {
  return [...city.hierarchy.pathOf(city.nodeIds[node % city.nodeIds.length] as string), ...(household === null ? [] : [`household:${household}`])];
}

/** city → districts → streets → communities → grids, one to three children each, sometimes none. */
export const cityArbitrary: fc.Arbitrary<RandomCity> = fc
  .tuple(
    fc.uniqueArray(nodeId, { minLength: 40, maxLength: 40 }),
    fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 40, maxLength: 40 }),
    fc.array(fc.constantFrom(undefined, 'urban', 'rural'), { minLength: 40, maxLength: 40 }),
  )
  .map(([ids, fanOut, areas]) => {
    const levels = ['city', 'district', 'street', 'community', 'grid'] as const;
    const nodes: HierarchyNode[] = [{ id: ids[0] as string, level: 'city', name: 'c', parentId: null }];
    let next = 1;
    const grow = (parent: HierarchyNode, depth: number): void => {
      if (depth >= levels.length) return;
      const children = Math.max(depth === 1 ? 1 : 0, fanOut[next % fanOut.length] as number);
      for (let child = 0; child < children && next < ids.length; child++) {
        const area = areas[next];
        const node: HierarchyNode = { id: ids[next++] as string, level: levels[depth] as HierarchyNode['level'], name: 'n', parentId: parent.id, ...(area === undefined ? {} : { area }) };
        nodes.push(node);
        grow(node, depth + 1);
      }
    };
    grow(nodes[0] as HierarchyNode, 1);
    const hierarchy = createHierarchy(nodes);
    return { hierarchy, nodeIds: nodes.map((node) => node.id) };
  });

const instant = fc.date({ min: new Date('2020-10-01T00:00:00Z'), max: new Date('2022-03-01T00:00:00Z'), noInvalidDate: true });
const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** A date in every form the engines read (mostly), and some they cannot. */
export const dateValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: instant.map((date) => date.toISOString()) },
  { weight: 2, arbitrary: instant.map((date) => date.getTime()) },
  instant.map((date) => date.toISOString().slice(0, 10)),
  instant.map((date) => date.toISOString().slice(0, 16)),
  instant.map((date) => `${date.toISOString().slice(0, 19)}+08:00`),
  instant.map((date) => `${date.toISOString().slice(0, 19)}.5Z`),
  instant.map((date) => date.getTime() + 0.25),
  fc.integer({ min: 1, max: 28 }).map((day) => `2021-0${(day % 9) + 1}-${pad(day)}`),
  // Around New York's fall-back and spring-forward hours: a repeated and a skipped wall-clock time; then unreadable values.
  fc.constantFrom('2021-11-07T01:30', '2021-03-14T02:30', '2021-02-30', '2021-13-01', '2021-01-01T24:00', 'soon', true, null, {}, undefined),
);

const amount = fc.oneof(
  fc.constantFrom(0.1, 0.2, 0.3, 1e21, 5e-324, -0.5, 3, 2.675, 1e-7, 123456789.123),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  fc.constantFrom('3', null, true, undefined),
);
const scalar = fc.constantFrom<unknown>('x', 'y', 1, 1.5, '1', true, false, null, undefined);

const forms: readonly ((date: Date) => unknown)[] = [
  (date) => date.toISOString(),
  (date) => date.getTime(),
  (date) => date.toISOString().slice(0, 16),
  (date) => date.toISOString().slice(0, 10),
];

/** Mostly a start and an end up to 40 days later (sometimes before it), in one form; else any two date values. */
const times = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.tuple(instant, fc.integer({ min: -3_600_000, max: 40 * 86_400_000 }), fc.constantFrom(...forms)).map(([start, span, form]) => ({ at: form(start), done: form(new Date(start.getTime() + span)) })),
  },
  { weight: 1, arbitrary: fc.record({ at: dateValue, done: dateValue }, { requiredKeys: [] }) },
);

export const itemArbitrary = fc
  .tuple(
    fc.record(
      {
        status: fc.constantFrom('open', 'done', 'void', null, undefined),
        amount,
        key: scalar,
        day: fc.oneof(fc.constant(null), instant.map((date) => date.toISOString().slice(0, 10))),
        tags: fc.array(scalar, { maxLength: 3 }),
        detail: fc.record({ kind: fc.constantFrom('k', 'k1', 'l', '\u{1F600}', '\uE000'), n: scalar }, { requiredKeys: [] }),
      },
      { requiredKeys: ['status', 'amount'] },
    ),
    times,
  )
  .map(([rest, dates]) => ({ ...rest, ...dates }));

/** Drops undefined values: the store holds plain JSON. */
export function plain(record: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
}

const condition: fc.Arbitrary<KpiFilter> = fc.oneof(
  fc.constantFrom<KpiFilter>(
    { status: { eq: 'done' } },
    { status: { ne: null } },
    { status: { in: ['open', null] } },
    { status: { notIn: ['void'] } },
    { status: { exists: false } },
    { amount: { gt: 0.2 } },
    { amount: { lte: 3 } },
    { amount: { eq: 0.3 } },
    { amount: { ne: '3' } },
    { key: { in: [1, 'x', true] } },
    { key: { eq: null } },
    { tags: { eq: 'x' } },
    { tags: { in: [1, null] } },
    { tags: { ne: true } },
    { tags: { notIn: ['y', 1.5] } },
    { tags: { exists: true } },
    { day: { gte: '2021-03-01' } },
    { day: { lt: '2021-06-01T00:00:00+08:00' } },
    { day: { eq: '2021-03-01' } },
    { day: { ne: null, lte: '2021-12-31' } },
    { day: { exists: false } },
    { 'detail.kind': { gt: 'k' } },
    { 'detail.kind': { lte: 'k1' } },
    { 'detail.n': { eq: 1 } },
  ),
);

const filter = fc.option(
  fc.array(condition, { minLength: 1, maxLength: 2 }).map((parts) => Object.assign({}, ...parts) as KpiFilter),
  { nil: undefined },
);
const dateField = fc.constantFrom(undefined, 'at', 'done', 'day');
const text = { zh: '指标', en: 'figure' };

/** The parts of a groupCount (and a coverage's minimum): thresholds on the values the measures take, ties included. */
const groupArbitrary = fc.record({
  measure: fc.constantFrom(
    (numerator: KpiFilter | undefined) => ({ kind: 'count', ...(numerator === undefined ? {} : { filter: numerator }) }),
    () => ({ kind: 'sum', field: 'amount' }),
    (numerator: KpiFilter | undefined) => ({ kind: 'distinct', field: 'detail.n', ...(numerator === undefined ? {} : { filter: numerator }) }),
    () => ({ kind: 'distinct', field: 'key' }),
    (numerator: KpiFilter | undefined, denominator: KpiFilter | undefined) => ({
      kind: 'ratio',
      numerator: { kind: 'count', ...(numerator === undefined ? {} : { filter: numerator }) },
      denominator: { kind: 'sum', field: 'amount', ...(denominator === undefined ? {} : { filter: denominator }) },
    }),
    (numerator: KpiFilter | undefined) => ({ kind: 'ratio', numerator: { kind: 'count', ...(numerator === undefined ? {} : { filter: numerator }) }, denominator: { kind: 'count' } }),
  ),
  passes: fc.constantFrom({ gte: 2 }, { gt: 0.3 }, { gte: 0.3 }, { lt: 0.5 }, { gte: 1, lte: 3 }, { lte: 0 }, { gte: 0.5, lt: 1 }, { gt: -1 }),
  share: fc.boolean(),
  coverage: fc.constantFrom({}, { minRecords: 2 }, { minRecords: 3, minRecordsByArea: { rural: 1 } }, { minRecordsByArea: { urban: 2 } }),
});

/** One definition of a random kind over items, with random filters and date field. */
const definition = fc
  .tuple(
    fc.constantFrom('count', 'sum', 'distinct', 'ratio', 'coverage', 'duration', 'hierarchy', 'groupCount', 'groupCount'),
    filter,
    dateField,
    filter,
    filter,
    fc.constantFrom('amount', 'key', 'detail.n', 'status'),
    fc.constantFrom('grid', 'community', 'street'),
    groupArbitrary,
  )
  .map(([kind, where, date, numerator, denominator, field, level, group]) => {
    const common = { label: text, description: text, formula: text, entity: 'item', ...(where === undefined ? {} : { filter: where }), ...(date === undefined ? {} : { dateField: date }) };
    switch (kind) {
      case 'sum':
        return { ...common, kind, field: field === 'key' || field === 'status' ? 'amount' : field };
      case 'distinct':
        return { ...common, kind, field };
      case 'ratio':
        return {
          ...common,
          kind,
          numerator: { kind: 'count', ...(numerator === undefined ? {} : { filter: numerator }) },
          denominator: field === 'key' ? { kind: 'distinct', field: 'key' } : { kind: 'sum', field: 'amount', ...(denominator === undefined ? {} : { filter: denominator }) },
        };
      case 'coverage':
        return { ...common, kind, level, ...group.coverage };
      case 'groupCount':
        return { ...common, kind, groupBy: field === 'amount' ? 'detail.kind' : field, measure: group.measure(numerator, denominator), passes: group.passes, ...(group.share ? { share: true } : {}) };
      case 'duration':
        return { ...common, kind, from: 'at', to: 'done', unit: 'minutes' };
      case 'hierarchy':
        return { label: text, description: text, formula: text, kind: 'count', entity: 'hierarchyNode', filter: { level: { eq: level } } };
      default:
        return { ...common, kind };
    }
  });

export const definitionsArbitrary = fc.array(definition, { minLength: 1, maxLength: 5 }).map((list) => list.map((item, index) => ({ ...item, id: `kpi${index}` })));

export const periodArbitrary: fc.Arbitrary<{ spec: KpiPeriodSpec; at: Date; timeZone: string }> = fc.record({
  spec: fc.constantFrom<KpiPeriodSpec>({ kind: 'year', year: 2021 }, { kind: 'quarter', year: 2021, quarter: 1 }, { kind: 'month', year: 2021, month: 11 }, { kind: 'yearToDate' }),
  at: fc.date({ min: new Date('2021-02-01T00:00:00Z'), max: new Date('2021-12-31T00:00:00Z'), noInvalidDate: true }),
  timeZone: fc.constantFrom('Asia/Shanghai', 'America/New_York'),
});
