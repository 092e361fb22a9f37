import { describe, expect, it } from 'vitest';
import { collectWishRecord, createHierarchy, DEFAULT_WISH_POLICY, evaluateKpis, resolvePeriod, standardKpiEntityRegistry, standardKpiPack, transitionWish, WISH_KPI_DEFINITIONS } from '../../../src/index.js';
import { SMALL_CITY } from '../../support/small-city.js';
import { collected, intake, MEMBER_A, run, TO_PUBLISHED } from '../wishes/wish-fixtures.js';

const hierarchy = createHierarchy(SMALL_CITY);

describe('wish KPI definitions', () => {
  it('are in the standard pack, validated against the registered Wish schema, with the formula beside the rate', () => {
    const pack = standardKpiPack();
    for (const definition of WISH_KPI_DEFINITIONS) expect(pack.definitions.find((each) => each.id === definition.id)).toEqual(definition);
    expect(pack.definitions.find((each) => each.id === 'wishes.fulfilmentRate')?.formula).toEqual({ zh: '已兑现 / 已公示（不含撤回）', en: 'fulfilled / published, withdrawn excluded' });
    // The need rate no longer borrows the wish figure.
    expect(pack.definitions.find((each) => each.id === 'needs.fulfilmentRate')?.source).not.toContain('90.5%');
  });

  it('leave withdrawn wishes out of the rate, and place a wish in the period of its own zone (west of UTC too)', () => {
    // Published at 20:00 on 31 December 2019 in Los Angeles: 2020 in Shanghai, 2019 in Los Angeles.
    const lateNight = new Date('2019-12-31T20:00:00-08:00');
    let late = collectWishRecord(intake('late'), { at: new Date('2019-12-30T00:00:00Z'), policy: DEFAULT_WISH_POLICY });
    late = transitionWish(late, { type: 'verify' }, { at: new Date(lateNight.getTime() - 3_600_000), policy: DEFAULT_WISH_POLICY, openWishesOfHousehold: [] });
    late = transitionWish(late, { type: 'publish' }, { at: lateNight, policy: DEFAULT_WISH_POLICY });
    const withdrawn = run(collected('gone'), ...TO_PUBLISHED, MEMBER_A, { type: 'withdraw', reason: 'moved away' });
    const fulfilled = run(collected('done'), ...TO_PUBLISHED, MEMBER_A, { type: 'fulfil' });
    const records = [late, withdrawn, fulfilled].map((wish) => ({ kind: 'wish', record: wish, nodeId: 'g1' }));
    const rateIn = (timeZone: string, year: number) => {
      const period = resolvePeriod({ kind: 'year', year }, { at: new Date('2021-01-01T00:00:00Z'), timeZone });
      const [evaluation] = evaluateKpis({ hierarchy, definitions: WISH_KPI_DEFINITIONS, registry: standardKpiEntityRegistry(), periods: [period], records });
      return evaluation!.value('wishes.fulfilmentRate', 'tc');
    };
    expect(rateIn('America/Los_Angeles', 2019)).toMatchObject({ numerator: 1, denominator: 2, value: 0.5 });
    expect(rateIn('Asia/Shanghai', 2019)).toMatchObject({ numerator: 1, denominator: 1, value: 1 });
    expect(rateIn('Asia/Shanghai', 2020)).toMatchObject({ numerator: 0, denominator: 1, value: 0 });
  });
});
