import { describe, expect, it } from 'vitest';
import {
  createHierarchy,
  DEFAULT_WISH_POLICY,
  evaluateKpis,
  formatKpiValue,
  generateCity,
  generateWishes,
  resolvePeriod,
  standardKpiEntityRegistry,
  standardKpiPack,
  WishSchema,
  WISH_KPI_DEFINITIONS,
  WISH_POLICY_PRESETS,
  type KpiDefinition,
} from '../../src/index.js';
import { expectCivicGridError } from '../support/expect-error.js';

const city = generateCity({ seed: 2020 });
const hierarchy = createHierarchy(city.nodes);
const season = generateWishes({ seed: 2019, city, policy: DEFAULT_WISH_POLICY, year: 2019 });
const year2019 = resolvePeriod({ kind: 'year', year: 2019 }, { at: new Date('2020-07-13T02:00:00Z') });

function evaluate(wishes = season.wishes) {
  const [evaluation] = evaluateKpis({
    hierarchy,
    definitions: standardKpiPack(),
    registry: standardKpiEntityRegistry(),
    periods: [year2019],
    records: wishes.map((wish) => ({ kind: 'wish', record: wish, nodeId: wish.locationId })),
  });
  if (evaluation === undefined) throw new Error('one period, one evaluation');
  return evaluation;
}

const definition = (id: string): KpiDefinition => WISH_KPI_DEFINITIONS.find((each) => each.id === id) as KpiDefinition;

describe('generateWishes: a Tongchuan 2019 season', () => {
  it('the KPI engine finds 650 wishes published at a fulfilment rate shown as 90.5%, out of the data', () => {
    const evaluation = evaluate();
    const rate = evaluation.value('wishes.fulfilmentRate', hierarchy.rootId);
    expect(evaluation.value('wishes.published', hierarchy.rootId).value).toBe(650);
    expect(rate).toMatchObject({ numerator: 588, denominator: 650 });
    expect(formatKpiValue(definition('wishes.fulfilmentRate'), rate).en).toBe('90.5%');
    expect(evaluation.value('wishes.fulfilled', hierarchy.rootId).value).toBe(588);
    // Rejected and withdrawn wishes were collected too.
    expect(evaluation.value('wishes.collected', hierarchy.rootId).value).toBe(650 + 40 + 20);
  });

  it('value delivered is the exact sum of the fulfilled wishes, in whole fen', () => {
    const delivered = season.wishes.filter((wish) => wish.status === 'fulfilled' || wish.status === 'feedbackGiven');
    const fen = delivered.reduce((sum, wish) => sum + Math.round(wish.valueYuan * 100), 0);
    expect(evaluate().value('wishes.valueDelivered', hierarchy.rootId).value).toBe(fen / 100);
  });

  it('every wish parses, stays in 2019 and respects the policy: refusals are the rules’ own (over the cap, a second open wish)', () => {
    expect(season.wishes.filter((wish) => !WishSchema.safeParse(wish).success)).toEqual([]);
    const rejected = season.wishes.filter((wish) => wish.status === 'rejected');
    expect(rejected).toHaveLength(40);
    for (const wish of rejected) expect(wish.closingReason).toMatch(/over the cap|one open wish per household/);
    expect(rejected.some((wish) => /one open wish per household/.test(wish.closingReason ?? ''))).toBe(true);
    for (const wish of season.wishes.filter((each) => each.status !== 'rejected')) expect(wish.valueYuan).toBeLessThanOrEqual(DEFAULT_WISH_POLICY.valueCapYuan);
    for (const wish of season.wishes) {
      for (const at of [wish.collectedAt, wish.fulfilledAt, wish.feedbackAt, wish.closedAt]) if (at !== undefined) expect(at >= '2018-12-31T16:00:00.000Z' && at < '2019-12-31T16:00:00.000Z').toBe(true);
    }
    expect(season.scopes.every((scope, k) => scope[scope.length - 1] === season.wishes[k]?.locationId && scope[0] === hierarchy.rootId)).toBe(true);
  });

  it('refuses bad options with the path: a rate above 1, a city without grids, a negative count', () => {
    const base = { seed: 1, city, policy: DEFAULT_WISH_POLICY, year: 2019 };
    expect(expectCivicGridError(() => generateWishes({ ...base, fulfilmentRate: 1.2 }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['fulfilmentRate']);
    expect(expectCivicGridError(() => generateWishes({ ...base, rejected: -1 }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['rejected']);
    expect(expectCivicGridError(() => generateWishes({ ...base, city: { nodes: city.nodes.filter((node) => node.level !== 'grid') } }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['city', 'nodes']);
    expect(expectCivicGridError(() => generateWishes({ ...base, policy: { ...DEFAULT_WISH_POLICY, categories: [] } }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['categories']);
  });

  it('a Guangzhou season keeps every verified wish within ¥300', () => {
    const guangzhou = generateWishes({ seed: 3, city, policy: WISH_POLICY_PRESETS.guangzhou, year: 2019, published: 100 });
    for (const wish of guangzhou.wishes.filter((each) => each.verifiedAt !== undefined)) expect(wish.valueYuan).toBeLessThanOrEqual(300);
    expect(guangzhou.wishes.filter((wish) => wish.status === 'rejected').every((wish) => /¥300|one open wish/.test(wish.closingReason ?? ''))).toBe(true);
  });

  it('is the same for the same seed and differs for another', () => {
    const small = { city, policy: DEFAULT_WISH_POLICY, year: 2019, published: 50 };
    expect(generateWishes({ seed: 1, ...small })).toEqual(generateWishes({ seed: 1, ...small }));
    expect(generateWishes({ seed: 2, ...small }).wishes).not.toEqual(generateWishes({ seed: 1, ...small }).wishes);
  });
});
