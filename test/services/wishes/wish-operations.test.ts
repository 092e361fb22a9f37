import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import { createWishPolicy, transitionWish } from '../../../src/index.js';
import { claimWish, collectWish, fulfilWish, giveWishFeedback, publishWish, rejectWish, verifyWish, withdrawWish, type WishStore } from '../../../src/services/wishes/index.js';
import { expectCivicGridErrorAsync } from '../../support/expect-error.js';
import { intake } from '../../rules/wishes/wish-fixtures.js';
import { context, GRID, stored, wishStore } from './wish-store-fixtures.js';

/** Every record of every wish kind, to check that a refused operation wrote nothing. */
async function snapshot(store: WishStore) {
  const wishes = await store.query('wish', { scope: [], limit: 100 });
  const households = await store.query('wishHousehold', { scope: [], limit: 100 });
  const audit = await store.readAudit({ limit: 1000 });
  return { wishes: wishes.records, households: households.records, audit: audit.length };
}

describe('wish operations on a store', () => {
  it('run a wish through its life, one audited, versioned write per step', async () => {
    const store = wishStore(createMemoryAdapter());
    await stored(store, 'w/1', {}, true);
    await claimWish(store, { ...context, actor: 'member/a', wishId: 'w/1', claimant: { kind: 'member', id: 'member/a' } });
    await fulfilWish(store, { ...context, actor: 'member/a', wishId: 'w/1' });
    const done = await giveWishFeedback(store, { ...context, actor: 'resident', wishId: 'w/1', feedback: { rating: 5, comment: '很满意' } });
    expect(done.data).toMatchObject({ status: 'feedbackGiven', claimants: [{ kind: 'member', id: 'member/a' }], feedback: { rating: 5 } });
    expect(done.version).toBe(6);
    expect(done.scope).toEqual(GRID);
    const audit = await store.readAudit({ kind: 'wish', id: 'w/1', limit: 10 });
    expect(audit.map((entry) => [entry.op, entry.actor])).toEqual([
      ['insert', 'grid-worker/1'],
      ['update', 'grid-worker/1'],
      ['update', 'grid-worker/1'],
      ['update', 'member/a'],
      ['update', 'member/a'],
      ['update', 'resident'],
    ]);
  });

  it('refuse bad input and leave the store exactly as it was: over the cap, a claim on an unpublished wish, a second open wish of a household', async () => {
    const store = wishStore(createMemoryAdapter());
    await stored(store, 'over', { valueYuan: 500.01 });
    await stored(store, 'first', { householdId: 'hh/1' }, true);
    await stored(store, 'second', { householdId: 'hh/1' });
    const before = await snapshot(store);
    expect((await expectCivicGridErrorAsync(() => verifyWish(store, { ...context, wishId: 'over' }), 'VALIDATION_FAILED')).issues[0]?.path).toEqual(['wish', 'valueYuan']);
    expect((await expectCivicGridErrorAsync(() => claimWish(store, { ...context, wishId: 'second', claimant: { kind: 'member', id: 'm' } }), 'INVALID_TRANSITION')).message).toContain('allowed from collected: verify, reject, withdraw');
    const household = await expectCivicGridErrorAsync(() => verifyWish(store, { ...context, wishId: 'second' }), 'VALIDATION_FAILED');
    expect(household.issues).toEqual([{ path: ['wish', 'householdId'], message: 'the household already has an open wish (first): one open wish per household (policy default)' }]);
    await expectCivicGridErrorAsync(() => verifyWish(store, { ...context, wishId: 'missing' }), 'NOT_FOUND');
    await expectCivicGridErrorAsync(() => collectWish(store, { ...context, intake: intake('first'), scope: GRID }), 'CONFLICT');
    expect((await expectCivicGridErrorAsync(() => collectWish(store, { ...context, intake: intake('x', { valueYuan: 1.005 }), scope: GRID }), 'VALIDATION_FAILED')).issues[0]?.path).toEqual(['intake', 'valueYuan']);
    expect((await expectCivicGridErrorAsync(() => verifyWish(store, { ...context, wishId: 'second', at: 'today' as never }), 'VALIDATION_FAILED')).issues[0]?.path).toEqual(['at']);
    expect(await snapshot(store)).toEqual(before);
    // Once the first is delivered, the household may have its next wish verified; a rejected one never counted.
    await claimWish(store, { ...context, wishId: 'first', claimant: { kind: 'unit', id: 'unit/1' } });
    await fulfilWish(store, { ...context, wishId: 'first' });
    expect((await verifyWish(store, { ...context, wishId: 'second' })).data.status).toBe('verified');
    await rejectWish(store, { ...context, wishId: 'over', reason: 'over the cap' });
    expect((await withdrawWish(store, { ...context, wishId: 'second', reason: 'solved' })).data.status).toBe('withdrawn');
  });

  it('under a policy allowing several open wishes, verifies a household’s second wish', async () => {
    const store = wishStore(createMemoryAdapter());
    const several = createWishPolicy('default', { oneOpenWishPerHousehold: false });
    for (const id of ['a', 'b']) await collectWish(store, { ...context, policy: several, intake: intake(id, { householdId: 'hh' }), scope: GRID });
    await verifyWish(store, { ...context, policy: several, wishId: 'a' });
    expect((await verifyWish(store, { ...context, policy: several, wishId: 'b' })).data.status).toBe('verified');
    expect((await store.query('wishHousehold', { scope: [], limit: 10 })).records).toEqual([]);
  });

  it('the store kind refuses a written wish that skips a stage', async () => {
    const store = wishStore(createMemoryAdapter());
    await stored(store, 'w');
    const record = await store.getOrThrow('wish', 'w');
    const skipped = { ...record.data, status: 'published' as const, verifiedAt: context.at.toISOString(), publishedAt: context.at.toISOString() };
    await expectCivicGridErrorAsync(() => store.update('wish', 'w', skipped, { expectedVersion: record.version }), 'INVALID_TRANSITION');
    const verified = transitionWish(record.data, { type: 'verify' }, { ...context, openWishesOfHousehold: [] });
    expect((await store.update('wish', 'w', verified, { expectedVersion: record.version })).data.status).toBe('verified');
  });
});
