import { describe, expect, it } from 'vitest';
import { collectWishRecord, createWishPolicy, DEFAULT_WISH_POLICY, personalFieldsOf, transitionWish, WISH_POLICY_PRESETS, WishSchema } from '../../../src/index.js';
import { expectCivicGridError } from '../../support/expect-error.js';
import { collected, HOUR, intake, MEMBER_A, MEMBER_B, run, T0, TO_PUBLISHED } from './wish-fixtures.js';

const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);

describe('transitionWish', () => {
  it('runs collected → verified → published → claimed → fulfilled → feedbackGiven, stamping each stage', () => {
    const done = run(collected('w/1'), ...TO_PUBLISHED, MEMBER_A, { type: 'fulfil' }, { type: 'giveFeedback', feedback: { rating: 5, comment: '谢谢' } });
    expect(done).toMatchObject({ status: 'feedbackGiven', claimants: [{ kind: 'member', id: 'm/a' }], feedback: { rating: 5 } });
    expect([done.collectedAt, done.verifiedAt, done.publishedAt, done.claimedAt, done.fulfilledAt, done.feedbackAt]).toEqual([0, 1, 2, 3, 4, 5].map((h) => at(h).toISOString()));
    expect(WishSchema.safeParse(done).success).toBe(true);
  });

  it('names the allowed moves when a command does not fit: a claim on an unpublished wish', () => {
    const error = expectCivicGridError(() => run(collected('w'), { type: 'verify' }, MEMBER_A), 'INVALID_TRANSITION');
    expect(error.message).toContain('allowed from verified: publish, withdraw');
    expect(error.issues[0]?.path).toEqual(['command', 'type']);
    expect(expectCivicGridError(() => run(collected('w'), MEMBER_A), 'INVALID_TRANSITION').message).toContain('allowed from collected: verify, reject, withdraw');
    expect(expectCivicGridError(() => run(collected('w'), { type: 'reject', reason: 'x' }, { type: 'verify' }), 'INVALID_TRANSITION').message).toContain('rejected is final');
  });

  it('refuses at verification a wish over the cap, with the field and the cap (Guangzhou ¥300), and accepts one at the cap', () => {
    const over = expectCivicGridError(() => run(collected('w', { valueYuan: 500.01 }), { type: 'verify' }), 'VALIDATION_FAILED');
    expect(over.issues).toEqual([{ path: ['wish', 'valueYuan'], message: '¥500.01 is over the cap of ¥500 (policy default)' }]);
    expect(run(collected('w', { valueYuan: 500 }), { type: 'verify' }).status).toBe('verified');
    const guangzhou = createWishPolicy('guangzhou');
    const context = { at: at(1), policy: guangzhou, openWishesOfHousehold: [] };
    expect(expectCivicGridError(() => transitionWish(collected('w', { valueYuan: 300.01 }), { type: 'verify' }, context), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['wish', 'valueYuan']);
    expect(transitionWish(collected('w', { valueYuan: 300 }), { type: 'verify' }, context).status).toBe('verified');
    expect(expectCivicGridError(() => createWishPolicy('guangzhou', { valueCapYuan: 600 }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['valueCapYuan']);
  });

  it('refuses a second open wish of one household, unless the policy allows several; the list must be given', () => {
    const wish = collected('w2');
    const error = expectCivicGridError(() => transitionWish(wish, { type: 'verify' }, { at: at(1), policy: DEFAULT_WISH_POLICY, openWishesOfHousehold: ['w1', 'w2'] }), 'VALIDATION_FAILED');
    expect(error.issues).toEqual([{ path: ['wish', 'householdId'], message: 'the household already has an open wish (w1): one open wish per household (policy default)' }]);
    // Its own id in the list is not another wish.
    expect(transitionWish(wish, { type: 'verify' }, { at: at(1), policy: DEFAULT_WISH_POLICY, openWishesOfHousehold: ['w2'] }).status).toBe('verified');
    expect(expectCivicGridError(() => transitionWish(wish, { type: 'verify' }, { at: at(1), policy: DEFAULT_WISH_POLICY }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['openWishesOfHousehold']);
    const several = createWishPolicy('default', { oneOpenWishPerHousehold: false });
    expect(transitionWish(wish, { type: 'verify' }, { at: at(1), policy: several, openWishesOfHousehold: ['w1'] }).status).toBe('verified');
  });

  it('refuses a category outside the policy and a claimant limit above it', () => {
    const policy = createWishPolicy('sanya', { categories: ['elderlyCare'] });
    const error = expectCivicGridError(() => transitionWish(collected('w', { claimantLimit: 2 }), { type: 'verify' }, { at: at(1), policy, openWishesOfHousehold: [] }), 'VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.path)).toEqual([['wish', 'category'], ['wish', 'claimantLimit']]);
  });

  it('takes members up to the limit, then refuses with CONFLICT naming the holders; a unit claims alone', () => {
    expect(expectCivicGridError(() => run(collected('w'), ...TO_PUBLISHED, MEMBER_A, MEMBER_B), 'CONFLICT').issues[0]?.message).toContain('is full: 1 claimant allowed (claimed by member "m/a")');
    const two = run(collected('w', { claimantLimit: 2 }), ...TO_PUBLISHED, MEMBER_A, MEMBER_B);
    expect(two.claimants.map((claimant) => claimant.id)).toEqual(['m/a', 'm/b']);
    expect(two.claimedAt).toBe(at(3).toISOString());
    expect(expectCivicGridError(() => run(collected('w', { claimantLimit: 3 }), ...TO_PUBLISHED, MEMBER_A, MEMBER_A), 'CONFLICT').message).toContain('already claimed by member "m/a"');
    const unit = { type: 'claim', claimant: { kind: 'unit', id: 'u/1' } } as const;
    expect(expectCivicGridError(() => run(collected('w', { claimantLimit: 3 }), ...TO_PUBLISHED, MEMBER_A, unit), 'CONFLICT').message).toContain('a unit claims a wish alone');
    expect(expectCivicGridError(() => run(collected('w', { claimantLimit: 3 }), ...TO_PUBLISHED, unit, MEMBER_A), 'CONFLICT').message).toContain('claimed by a unit');
    const noUnits = createWishPolicy('default', { unitsMayClaim: false });
    const published = run(collected('w'), ...TO_PUBLISHED);
    expect(expectCivicGridError(() => transitionWish(published, unit, { at: at(9), policy: noUnits }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['command', 'claimant', 'kind']);
  });

  it('refuses bad input with the path: a time before the last stage, money with fractions of a fen, a bad command', () => {
    const verified = run(collected('w'), { type: 'verify' });
    expect(expectCivicGridError(() => transitionWish(verified, { type: 'publish' }, { at: T0, policy: DEFAULT_WISH_POLICY }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['at']);
    expect(expectCivicGridError(() => transitionWish(verified, { type: 'publish' }, { at: new Date(Number.NaN), policy: DEFAULT_WISH_POLICY }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['at']);
    expect(expectCivicGridError(() => collected('w', { valueYuan: 0.001 }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['intake', 'valueYuan']);
    expect(expectCivicGridError(() => collected('w', { valueYuan: -1 }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['intake', 'valueYuan']);
    expect(expectCivicGridError(() => run(verified, { type: 'withdraw', reason: '' }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['command', 'reason']);
    expect(expectCivicGridError(() => transitionWish({ ...verified, status: 'claimed' }, { type: 'fulfil' }, { at: at(5), policy: DEFAULT_WISH_POLICY }), 'VALIDATION_FAILED').issues.map((issue) => issue.path)).toContainEqual(['wish', 'publishedAt']);
    expect(expectCivicGridError(() => collectWishRecord(intake('w'), { at: T0, policy: { ...DEFAULT_WISH_POLICY, valueCapYuan: 0 } }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['valueCapYuan']);
  });

  it('declares the resident, household, description and feedback comment as personal data', () => {
    expect(personalFieldsOf(WishSchema).map((field) => `${field.field}:${field.kind}`).sort()).toEqual(
      ['description:freeText', 'feedback.comment:freeText', 'householdId:personId', 'resident.address:address', 'resident.name:name', 'resident.phone:phone'],
    );
  });

  it('keeps the presets as data: default ¥500, Guangzhou ¥300, Sanya one claimant', () => {
    expect(WISH_POLICY_PRESETS.default.valueCapYuan).toBe(500);
    expect(WISH_POLICY_PRESETS.guangzhou).toMatchObject({ valueCapYuan: 300, oneOpenWishPerHousehold: true });
    expect(WISH_POLICY_PRESETS.sanya.maxClaimantLimit).toBe(1);
  });
});
