import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import type { CivicGridError } from '../../../src/errors/civic-grid-error.js';
import { validateKpiDefinitions } from '../../../src/rules/kpi/definitions.js';
import { baseKpiEntityRegistry, KpiEntityRegistry } from '../../../src/rules/kpi/entity-registry.js';
import { expectCivicGridError } from '../../support/expect-error.js';
import { WISH_DEFINITIONS, wishRegistry } from './fixtures.js';

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
      [5, 'filter', 'publishedAt'],
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

describe('KpiEntityRegistry', () => {
  it('reads field names, nested paths and enum values from a zod schema', () => {
    expect(registry.field('wish', 'detail.category')).toEqual({ type: 'string', values: ['elderly', 'children', 'hardship'] });
    expect(registry.field('wish', 'publishedAt')).toEqual({ type: 'date' });
    expect(registry.field('hierarchyNode', 'level')?.values).toContain('grid');
    expect(registry.kinds()).toEqual(['hierarchyNode', 'wish']);
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
