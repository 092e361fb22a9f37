import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import type { StorageAdapter } from '../../../src/adapters/port.js';
import { isCivicGridError } from '../../../src/errors/civic-grid-error.js';
import { claimServicePost, pointRules, recordActivity, redeemPoints, registerMember } from '../../../src/index.js';
import { raceOnSqlAdapters } from '../../support/racing-adapters.js';
import { C1, JAN, MAR, memberStore } from './member-fixtures.js';
import { createStore } from '../../../src/adapters/store.js';
import { MEMBER_KINDS } from '../../../src/services/members/member-store.js';

const actor = 'c1-secretary';

/** Exactly one of two settled calls won; the loser failed CONFLICT. Returns the winner's index. */
function oneWinner(outcomes: PromiseSettledResult<unknown>[]): number {
  const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
  expect(lost).toHaveLength(1);
  expect(isCivicGridError(lost[0]?.reason, 'CONFLICT'), String(lost[0]?.reason)).toBe(true);
  return outcomes.findIndex((outcome) => outcome.status === 'fulfilled');
}

/**
 * Two workers on one database: m1 and m2 race for the building lead's only place; m3 registers twice at once; m1 redeems
 * its 6 points twice at once. Every shipped adapter runs writing transactions one at a time (a PostgreSQL server takes
 * an advisory write lock), so the loser reads the winner's write; the version bumps guard adapters that interleave.
 */
async function race(rawA: StorageAdapter, rawB: StorageAdapter): Promise<void> {
  const seeded = await memberStore(rawA);
  for (const id of ['m1', 'm2']) await registerMember(seeded, { memberId: id, actor, at: JAN });
  await recordActivity(seeded, { activityId: 'a1', title: '义诊', organiser: { kind: 'community', id: 'c1' }, communityId: 'c1', place: '服务中心', category: 'medical', heldAt: MAR, scope: C1, participants: [{ memberId: 'm1', hours: 3, tags: ['teamService'] }], actor, at: MAR });
  const storeA = createStore(rawA, { kinds: MEMBER_KINDS, clock: () => MAR });
  const storeB = createStore(rawB, { kinds: MEMBER_KINDS, clock: () => MAR });

  const claims = await Promise.allSettled([claimServicePost(storeA, { postId: 'lead', memberId: 'm1', actor, at: MAR }), claimServicePost(storeB, { postId: 'lead', memberId: 'm2', actor, at: MAR })]);
  const winner = oneWinner(claims);
  const held = await storeA.query('postClaim', { scope: C1, where: { postId: 'lead' }, limit: 10 });
  expect(held.records.map((claim) => claim.data.memberId)).toEqual([['m1', 'm2'][winner]]);

  const registrations = await Promise.allSettled([registerMember(storeA, { memberId: 'm3', actor, at: JAN }), registerMember(storeB, { memberId: 'm3', actor: 'rival', at: MAR })]);
  const registered = oneWinner(registrations);
  expect((await storeA.getOrThrow('member', 'm3')).data.registeredAt).toBe([JAN, MAR][registered]?.toISOString());
  expect((await storeA.query('registration', { scope: C1, where: { memberId: 'm3' }, limit: 10 })).records).toHaveLength(1);

  const rules = pointRules('default');
  const redemptions = await Promise.allSettled(
    [storeA, storeB].map((store, index) => redeemPoints(store, { redemptionId: `r${index}`, memberId: 'm1', points: 4, item: '毛巾', rules, actor, at: MAR })),
  );
  // 4 + 4 > 6: the second redemption would take the ledger below zero.
  oneWinner(redemptions);
  expect((await storeA.query('pointRedemption', { scope: [], limit: 10 })).records).toHaveLength(1);
}

describe('member operations under races', () => {
  it('on the memory adapter', async () => {
    const adapter = createMemoryAdapter();
    await race(adapter, adapter);
  });
  raceOnSqlAdapters('members', race);
});
