import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedWishCommands,
  CivicGridError,
  createHierarchy,
  createWishPolicy,
  evaluateKpis,
  resolvePeriod,
  standardKpiEntityRegistry,
  transitionWish,
  WISH_KPI_DEFINITIONS,
  WISH_TRANSITIONS,
  WishSchema,
  type Wish,
  type WishCommand,
} from '../../../src/index.js';
import { SMALL_CITY } from '../../support/small-city.js';
import { collected, HOUR, run, T0, TO_PUBLISHED } from './wish-fixtures.js';

const ids = fc.constantFrom('m', 'm/1', 'm%', 'm_', 'm/1/2', 'u');
const commandArb: fc.Arbitrary<WishCommand> = fc.oneof(
  fc.constant({ type: 'verify' } as const),
  fc.constant({ type: 'reject', reason: 'no' } as const),
  fc.constant({ type: 'publish' } as const),
  fc.record({ type: fc.constant('claim' as const), claimant: fc.record({ kind: fc.constantFrom('member' as const, 'unit' as const), id: ids }) }),
  fc.constant({ type: 'fulfil' } as const),
  fc.record({ type: fc.constant('giveFeedback' as const), feedback: fc.record({ rating: fc.integer({ min: 1, max: 5 }) }) }),
  fc.constant({ type: 'withdraw', reason: 'solved' } as const),
);

describe('wish lifecycle (property)', () => {
  it('random command sequences never leave WISH_TRANSITIONS; refusals are typed and change nothing', () => {
    fc.assert(
      fc.property(
        fc.array(commandArb, { maxLength: 14 }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 0, max: 48 }), { minLength: 14, maxLength: 14 }),
        (commands, claimantLimit, oneOpen, gaps) => {
          const policy = createWishPolicy('default', { oneOpenWishPerHousehold: oneOpen });
          let wish: Wish = collected('w/%_', { claimantLimit });
          let at = T0.getTime();
          commands.forEach((command, k) => {
            at += (gaps[k] ?? 0) * HOUR;
            const before = wish;
            try {
              wish = transitionWish(before, command, { at: new Date(at), policy, openWishesOfHousehold: [] });
            } catch (error) {
              expect(error).toBeInstanceOf(CivicGridError);
              expect(['INVALID_TRANSITION', 'CONFLICT', 'VALIDATION_FAILED']).toContain((error as CivicGridError).code);
              if ((error as CivicGridError).code === 'INVALID_TRANSITION') expect(allowedWishCommands(before.status)).not.toContain(command.type);
              return;
            }
            expect(allowedWishCommands(before.status)).toContain(command.type);
            if (wish.status !== before.status) expect(WISH_TRANSITIONS[before.status]).toContain(wish.status);
            else expect(command.type).toBe('claim');
            expect(WishSchema.safeParse(wish).success).toBe(true);
            expect(wish.claimants.length).toBeLessThanOrEqual(wish.claimantLimit);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a fulfilment rate rolls up from summed parts: the city’s numerator and denominator are its districts’ sums', () => {
    const hierarchy = createHierarchy(SMALL_CITY);
    const grids = SMALL_CITY.filter((node) => node.level === 'grid').map((node) => node.id);
    const endings: WishCommand[][] = [
      [],
      [{ type: 'verify' }],
      TO_PUBLISHED,
      [...TO_PUBLISHED, { type: 'claim', claimant: { kind: 'member', id: 'm' } }],
      [...TO_PUBLISHED, { type: 'claim', claimant: { kind: 'member', id: 'm' } }, { type: 'fulfil' }],
      [...TO_PUBLISHED, { type: 'claim', claimant: { kind: 'member', id: 'm' } }, { type: 'fulfil' }, { type: 'giveFeedback', feedback: { rating: 4 } }],
      [...TO_PUBLISHED, { type: 'withdraw', reason: 'solved' }],
      [{ type: 'reject', reason: 'over' }],
    ];
    const period = resolvePeriod({ kind: 'year', year: 2019 }, { at: T0 });
    fc.assert(
      fc.property(fc.array(fc.record({ grid: fc.constantFrom(...grids), ending: fc.integer({ min: 0, max: endings.length - 1 }) }), { maxLength: 40 }), (plans) => {
        const wishes = plans.map((plan, k) => ({ wish: run(collected(`w${k}`), ...(endings[plan.ending] as WishCommand[])), grid: plan.grid }));
        const [evaluation] = evaluateKpis({ hierarchy, definitions: WISH_KPI_DEFINITIONS, registry: standardKpiEntityRegistry(), periods: [period], records: wishes.map(({ wish, grid }) => ({ kind: 'wish', record: wish, nodeId: grid })) });
        const rate = (nodeId: string) => evaluation!.value('wishes.fulfilmentRate', nodeId);
        const districts = hierarchy.children(hierarchy.rootId).map((node) => rate(node.id));
        const city = rate(hierarchy.rootId);
        expect(city.numerator).toBe(districts.reduce((sum, part) => sum + (part.numerator ?? 0), 0));
        expect(city.denominator).toBe(districts.reduce((sum, part) => sum + (part.denominator ?? 0), 0));
        const published = wishes.filter(({ wish }) => ['published', 'claimed', 'fulfilled', 'feedbackGiven'].includes(wish.status)).length;
        const fulfilled = wishes.filter(({ wish }) => ['fulfilled', 'feedbackGiven'].includes(wish.status)).length;
        expect([city.numerator, city.denominator]).toEqual([fulfilled, published]);
        expect(city.value).toBe(published === 0 ? null : fulfilled / published);
      }),
      { numRuns: 60 },
    );
  });
});
