import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import type { CivicGridError } from '../../../src/errors/civic-grid-error.js';
import { validateKpiDefinitions } from '../../../src/rules/kpi/definitions.js';
import { evaluateKpis } from '../../../src/rules/kpi/engine.js';
import { baseKpiEntityRegistry, KpiEntityRegistry } from '../../../src/rules/kpi/entity-registry.js';
import { resolvePeriod } from '../../../src/rules/kpi/period.js';
import { standardKpiEntityRegistry } from '../../../src/rules/kpi/standard-pack.js';
import { expectCivicGridError } from '../../support/expect-error.js';
import { smallCity, WISH_DEFINITIONS, wishRegistry } from './fixtures.js';

const registry = wishRegistry();
const [published, rate] = WISH_DEFINITIONS;

const failure = (run: () => unknown): CivicGridError => expectCivicGridError(run, 'VALIDATION_FAILED');

describe('validateKpiDefinitions', () => {
  it('accepts the wish definitions of every kind', () => {
    expect(validateKpiDefinitions(WISH_DEFINITIONS, registry).map((definition) => definition.kind)).toEqual(['count', 'ratio', 'sum', 'distinct', 'coverage', 'duration', 'count']);
  });

  it('rejects an unknown field, naming the field and the known ones', () => {
    const error = failure(() => validateKpiDefinitions([{ ...published, filter: { statuz: { eq: 'published' } } }], registry));
    expect(error.issues).toEqual([{ path: [0, 'filter', 'statuz'], message: expect.stringMatching(/unknown field "statuz" of wish.*known fields: id, status/) }]);
  });

  it('rejects a ratio without a denominator', () => {
    const { denominator: _, ...noDenominator } = rate;
    const error = failure(() => validateKpiDefinitions([noDenominator], registry));
    expect(error.issues.map((issue) => issue.path)).toEqual([[0, 'denominator']]);
  });

  it('rejects a ratio target outside [0, 1]', () => {
    const error = failure(() => validateKpiDefinitions([{ ...rate, target: { direction: 'atLeast', value: 90, atRisk: 5 } }], registry));
    expect(error.issues).toEqual([
      { path: [0, 'target', 'value'], message: 'a ratio target is a share in [0, 1], got 90' },
      { path: [0, 'target', 'atRisk'], message: 'a ratio at-risk band is a share in [0, 1], got 5' },
    ]);
  });

  it('lists every problem of every definition: shape, entity, fields, enum values, types, duplicates', () => {
    const error = failure(() =>
      validateKpiDefinitions(
        [
          { ...published, id: 'k0', entity: 'meeting' },
          { ...published, id: 'k1', filter: { status: { eq: 'closed' } } },
          { ...rate, numerator: { kind: 'sum', field: 'status' } },
          { ...published, id: 'k3', kind: 'median' },
          { ...published, id: 'k4', dateField: 'detail' },
          { ...published, id: 'k5', filter: { publishedAt: { gte: 'last tuesday' }, 'detail.category': { in: ['elderly', 'pets'] } } },
          { ...published, id: 'k0' },
        ],
        registry,
      ),
    );
    expect(error.issues.map((issue) => issue.path)).toEqual([
      [0, 'entity'],
      [1, 'filter', 'status'],
      [2, 'numerator', 'field'],
      [3, 'kind'],
      [4, 'dateField'],
      [5, 'filter', 'publishedAt', 'gte'],
      [5, 'filter', 'detail.category'],
      [6, 'id'],
    ]);
    expect(error.issues[1]?.message).toMatch(/"closed" is not a value of wish.status/);
    expect(error.issues[7]?.message).toMatch(/duplicate id "k0" \(also at 0\)/);
  });

  it('rejects a non-array, a bad id and an empty condition', () => {
    expect(failure(() => validateKpiDefinitions('nope', registry)).issues).toHaveLength(1);
    const error = failure(() => validateKpiDefinitions([{ ...published, id: 'Bad Id', filter: { status: {} } }], registry));
    expect(error.issues.map((issue) => issue.path)).toEqual([[0, 'id'], [0, 'filter', 'status']]);
  });
});

describe('filters that could never match (regression: accepted, then counted 0)', () => {
  const standard = standardKpiEntityRegistry();
  const resourceCount = (filter: unknown, extra: Record<string, unknown> = {}) => ({
    id: 'resources.legal',
    label: { zh: '法律资源', en: 'legal resources' },
    description: { zh: '法律资源', en: 'legal resources' },
    kind: 'count',
    entity: 'resource',
    filter,
    formula: { zh: '资源数', en: 'resources' },
    ...extra,
  });

  it('tests membership on an array field: eq, in, ne, notIn and exists', () => {
    const records = [['legal', 'medical'], ['medical'], ['legal'], ['education', 'legal', 'childCare']].map((categories, index) => ({
      kind: 'resource',
      nodeId: 'd0s0c0g0',
      record: { id: `r${index}`, categories },
    }));
    records.push({ kind: 'resource', nodeId: 'd0s0c0g0', record: { id: 'r-none' } as never });
    const count = (filter: unknown): number | null => {
      const at = new Date('2021-06-01T00:00:00Z');
      const [evaluation] = evaluateKpis({ hierarchy: smallCity(), definitions: [resourceCount(filter)], registry: standard, periods: [resolvePeriod({ kind: 'year' }, { at })], records });
      return evaluation?.value('resources.legal', 'city').value ?? null;
    };
    expect(count({ categories: { in: ['legal'] } })).toBe(3);
    expect(count({ categories: { eq: 'legal' } })).toBe(3);
    expect(count({ categories: { in: ['childCare', 'medical'] } })).toBe(3);
    expect(count({ categories: { ne: 'legal' } })).toBe(2);
    expect(count({ categories: { notIn: ['legal', 'medical'] } })).toBe(1);
    expect(count({ categories: { exists: false } })).toBe(1);
    expect(count({ categories: { exists: true } })).toBe(4);
    expect(count({ categories: { in: ['legal'], ne: 'medical' } })).toBe(2);
  });

  it('rejects values of the wrong type, text bounds on numbers, unknown array elements and enums as dates, with the path to the bad part', () => {
    const error = failure(() =>
      validateKpiDefinitions(
        [
          resourceCount({ capacity: { gt: '2' } }),
          resourceCount({ capacity: { in: [1, '2'] }, title: { eq: 3 } }, { id: 'k1' }),
          resourceCount({ categories: { in: ['legal', 'pets'] } }, { id: 'k2' }),
          resourceCount({ categories: { eq: 4 }, serviceArea: { gte: 'a' } }, { id: 'k3' }),
          resourceCount(undefined, { id: 'k4', dateField: 'kind' }),
          { ...resourceCount(undefined, { id: 'k5' }), kind: 'duration', from: 'kind', to: 'validity.to' },
          resourceCount({ 'validity.from': { gte: 'soon' }, capacity: { eq: null, lte: 4 } }, { id: 'k6' }),
        ],
        standard,
      ),
    );
    expect(error.issues.map((issue) => issue.path)).toEqual([
      [0, 'filter', 'capacity', 'gt'],
      [1, 'filter', 'capacity', 'in', 1],
      [1, 'filter', 'title', 'eq'],
      [2, 'filter', 'categories'],
      [3, 'filter', 'categories', 'eq'],
      [3, 'filter', 'serviceArea', 'gte'],
      [4, 'dateField'],
      [5, 'from'],
      [6, 'filter', 'validity.from', 'gte'],
    ]);
    expect(error.issues[0]?.message).toBe('resource.capacity is a number: "2" is a string, so the condition could never hold');
    expect(error.issues[4]?.message).toMatch(/an element of resource.categories is a string/);
    expect(error.issues[6]?.message).toMatch(/field "kind" of resource is an enum \(people, money, materials, service\) and cannot be the date/);
  });

  it('accepts as date values only the ISO dates instantReader reads, not the legacy forms Date.parse also reads', () => {
    const error = failure(() =>
      validateKpiDefinitions(
        [
          resourceCount({ 'validity.from': { gte: 'March 7 2020' } }),
          resourceCount({ 'validity.from': { gte: '2020-1-5' } }, { id: 'k1' }),
          resourceCount({ 'validity.from': { gte: '0000-01-01T-0:00:00.000Z' } }, { id: 'k2' }),
          resourceCount({ 'validity.from': { gte: '2020-03-07', lt: '2020-03-07T10:00+08:00' }, 'validity.to': { gt: 1_583_539_200_000 } }, { id: 'k3' }),
        ],
        standard,
      ),
    );
    expect(error.issues.map((issue) => issue.path)).toEqual([
      [0, 'filter', 'validity.from', 'gte'],
      [1, 'filter', 'validity.from', 'gte'],
      [2, 'filter', 'validity.from', 'gte'],
    ]);
    expect(error.issues[0]?.message).toMatch(/"March 7 2020" is not a date \(use an ISO date or date-time\)/);
  });
});

describe('KpiEntityRegistry', () => {
  it('reads field names, nested paths and enum values from a zod schema', () => {
    expect(registry.field('wish', 'detail.category')).toEqual({ type: 'string', values: ['elderly', 'children', 'hardship'] });
    expect(registry.field('wish', 'publishedAt')).toEqual({ type: 'date' });
    expect(registry.field('hierarchyNode', 'level')?.values).toContain('grid');
    expect(registry.kinds()).toEqual(['hierarchyNode', 'wish']);
    expect(standardKpiEntityRegistry().field('resource', 'categories')).toMatchObject({ type: 'array', elementType: 'string', values: expect.arrayContaining(['legal']) });
  });

  it('is immutable: with() returns a new registry', () => {
    const base = baseKpiEntityRegistry();
    base.with('meeting', z.object({ heldAt: z.date() }));
    expect(base.has('meeting')).toBe(false);
  });

  it('rejects a schema that is not an object, and an empty kind', () => {
    expect(failure(() => KpiEntityRegistry.empty().with('x', z.string())).issues).toEqual([{ path: ['x'], message: 'the schema of "x" must be a zod object, got string' }]);
    expect(failure(() => KpiEntityRegistry.empty().with('', z.object({}))).issues).toEqual([{ path: ['kind'], message: 'kind must not be empty' }]);
  });
});
