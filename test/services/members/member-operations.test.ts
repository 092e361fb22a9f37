import { describe, expect, it } from 'vitest';
import { claimServicePost, pointRules, recordActivity, redeemPoints, registerMember, reportPolicy, reportToCommunity, type MemberStore, type RecordActivityInput } from '../../../src/index.js';
import { expectCivicGridErrorAsync } from '../../support/expect-error.js';
import { C1, JAN, MAR, memberStore, snapshot } from './member-fixtures.js';

const actor = 'c1-secretary';
const rules = pointRules('default');
const policy = reportPolicy();

function activity(overrides: Partial<RecordActivityInput> = {}): RecordActivityInput {
  return {
    activityId: 'a1',
    title: '义诊',
    organiser: { kind: 'community', id: 'c1' },
    communityId: 'c1',
    place: '社区党群服务中心',
    category: 'medical',
    heldAt: MAR,
    scope: C1,
    participants: [
      { memberId: 'm1', hours: 3, tags: ['teamService'] },
      { memberId: 'm2', hours: 1.5 },
    ],
    actor,
    at: MAR,
    ...overrides,
  };
}

/** Expects `operation` to fail with `code` and (unless null) the issue path, leaving the store exactly as it was. */
async function expectRefused(store: MemberStore, operation: () => Promise<unknown>, code: Parameters<typeof expectCivicGridErrorAsync>[1], path: (string | number)[] | null): Promise<void> {
  const before = await snapshot(store);
  const error = await expectCivicGridErrorAsync(operation, code);
  if (path !== null) expect(error.issues.map((issue) => issue.path)).toContainEqual(path);
  expect(await snapshot(store)).toEqual(before);
}

describe('registerMember', () => {
  it('registers once, with the home community and unit, audited as the actor; a second registration is CONFLICT', async () => {
    const store = await memberStore();
    const registration = await registerMember(store, { memberId: 'm1', actor, at: JAN });
    expect(registration.data).toEqual({ id: 'm1', memberId: 'm1', communityId: 'c1', unitId: 'hospital', registeredAt: JAN.toISOString(), reports: [] });
    expect(registration.scope).toEqual(C1);
    expect((await store.getOrThrow('member', 'm1')).data.registeredAt).toBe(JAN.toISOString());
    const audit = await store.readAudit({ limit: 100 });
    expect(audit.filter((entry) => entry.actor === actor).map((entry) => `${entry.op} ${entry.kind}`)).toEqual(['insert registration', 'update member']);
    await expectRefused(store, () => registerMember(store, { memberId: 'm1', actor, at: MAR }), 'CONFLICT', ['memberId']);
  });

  it('refuses bad input and unknown members, writing nothing', async () => {
    const store = await memberStore();
    await expectRefused(store, () => registerMember(store, { memberId: 'nobody', actor, at: JAN }), 'NOT_FOUND', null);
    await expectRefused(store, () => registerMember(store, { memberId: '', actor, at: JAN }), 'VALIDATION_FAILED', ['memberId']);
    await expectRefused(store, () => registerMember(store, { memberId: 'm1', actor: '', at: JAN }), 'VALIDATION_FAILED', ['actor']);
    await expectRefused(store, () => registerMember(store, { memberId: 'm1', actor, at: 'today' as never }), 'VALIDATION_FAILED', ['at']);
    await expectRefused(store, () => registerMember(store, null as never), 'VALIDATION_FAILED', null);
    await expectRefused(store, () => registerMember(store, { memberId: 'm\u0000', actor, at: JAN }), 'VALIDATION_FAILED', null);
    await expectRefused(store, () => registerMember(store, { memberId: 'm\ud800', actor, at: JAN }), 'VALIDATION_FAILED', null);
  });
});

describe('reportToCommunity', () => {
  it('appends one report per half year, late after the deadline, and refuses a second one or a future half year', async () => {
    const store = await memberStore();
    await expectRefused(store, () => reportToCommunity(store, { memberId: 'm1', policy, actor, at: MAR }), 'NOT_FOUND', null);
    await registerMember(store, { memberId: 'm1', actor, at: JAN });
    await reportToCommunity(store, { memberId: 'm1', policy, actor, at: MAR });
    // H2 reported on 1 January: late (the deadline is 31 December, Shanghai time).
    const late = await reportToCommunity(store, { memberId: 'm1', policy, halfYear: '2019-H2', actor, at: new Date('2020-01-01T00:30:00+08:00') });
    expect(late.data.reports).toEqual([
      { halfYear: '2019-H1', reportedAt: MAR.toISOString(), onTime: true },
      { halfYear: '2019-H2', reportedAt: '2019-12-31T16:30:00.000Z', onTime: false },
    ]);
    await expectRefused(store, () => reportToCommunity(store, { memberId: 'm1', policy, actor, at: new Date('2019-06-01T09:00:00+08:00') }), 'CONFLICT', ['halfYear']);
    await expectRefused(store, () => reportToCommunity(store, { memberId: 'm1', policy, halfYear: '2020-H2', actor, at: new Date('2020-03-01T09:00:00+08:00') }), 'VALIDATION_FAILED', ['halfYear']);
    await expectRefused(store, () => reportToCommunity(store, { memberId: 'm1', policy, halfYear: '2019-H3' as never, actor, at: MAR }), 'VALIDATION_FAILED', ['halfYear']);
    await expectRefused(store, () => reportToCommunity(store, { memberId: 'm1', policy: { timeZone: 'UTC' } as never, actor, at: MAR }), 'VALIDATION_FAILED', ['policy', 'deadlines']);
  });

  it('reads the half year in the city zone, west of UTC', async () => {
    const store = await memberStore();
    await registerMember(store, { memberId: 'm1', actor, at: JAN });
    const losAngeles = reportPolicy({ timeZone: 'America/Los_Angeles' });
    // 30 June 23:00 in Los Angeles is 1 July in UTC: an on-time H1 report there.
    const stored = await reportToCommunity(store, { memberId: 'm1', policy: losAngeles, actor, at: new Date('2019-06-30T23:00:00-07:00') });
    expect(stored.data.reports).toEqual([{ halfYear: '2019-H1', reportedAt: '2019-07-01T06:00:00.000Z', onTime: true }]);
  });
});

describe('claimServicePost', () => {
  it('lets registered members of the community claim within capacity; a full post, a second claim or an unregistered member is refused', async () => {
    const store = await memberStore();
    for (const id of ['m1', 'm2', 'm4']) await registerMember(store, { memberId: id, actor, at: JAN });
    const claim = await claimServicePost(store, { postId: 'lead', memberId: 'm1', actor, at: MAR });
    expect(claim.data).toEqual({ id: 'lead~m1', postId: 'lead', memberId: 'm1', communityId: 'c1', unitId: 'hospital', claimedAt: MAR.toISOString() });
    await expectRefused(store, () => claimServicePost(store, { postId: 'lead', memberId: 'm2', actor, at: MAR }), 'CONFLICT', ['postId']);
    await claimServicePost(store, { postId: 'vol', memberId: 'm1', actor, at: MAR });
    await expectRefused(store, () => claimServicePost(store, { postId: 'vol', memberId: 'm1', actor, at: MAR }), 'CONFLICT', ['memberId']);
    await expectRefused(store, () => claimServicePost(store, { postId: 'vol', memberId: 'm3', actor, at: MAR }), 'VALIDATION_FAILED', ['memberId']);
    await expectRefused(store, () => claimServicePost(store, { postId: 'vol', memberId: 'm4', actor, at: MAR }), 'VALIDATION_FAILED', ['postId']);
    await expectRefused(store, () => claimServicePost(store, { postId: '', memberId: 'm2', actor, at: MAR }), 'VALIDATION_FAILED', ['postId']);
    await expectRefused(store, () => claimServicePost(store, { postId: 'vol%', memberId: 'm2', actor, at: MAR }), 'NOT_FOUND', null);
    await expectRefused(store, () => claimServicePost(store, { postId: 'vo', memberId: 'm2', actor, at: MAR }), 'NOT_FOUND', null);
  });
});

describe('recordActivity', () => {
  it('stores the activity and one service record per participant, in one transaction', async () => {
    const store = await memberStore();
    for (const id of ['m1', 'm2']) await registerMember(store, { memberId: id, actor, at: JAN });
    const { activity: stored, records } = await recordActivity(store, activity());
    expect(records).toBe(2);
    expect(stored.data).toMatchObject({ id: 'a1', communityId: 'c1', participants: 2, heldAt: MAR.toISOString() });
    const service = await store.query('serviceRecord', { scope: C1, limit: 10 });
    expect(service.records.map((record) => [record.id, record.data.hours, record.data.unitId, record.data.tags])).toEqual([
      ['a1~m1', 3, 'hospital', ['teamService']],
      ['a1~m2', 1.5, 'hospital', []],
    ]);
    await expectRefused(store, () => recordActivity(store, activity()), 'CONFLICT', null);
  });

  it('refuses an activity before a participant registered, an unknown or unregistered member, and negative or odd hours', async () => {
    const store = await memberStore();
    await registerMember(store, { memberId: 'm1', actor, at: MAR });
    await expectRefused(store, () => recordActivity(store, activity({ heldAt: JAN, participants: [{ memberId: 'm1', hours: 2 }] })), 'VALIDATION_FAILED', ['participants', 0, 'memberId']);
    await expectRefused(store, () => recordActivity(store, activity({ participants: [{ memberId: 'm1', hours: 2 }, { memberId: 'm3', hours: 2 }, { memberId: 'ghost', hours: 1 }] })), 'VALIDATION_FAILED', ['participants', 2, 'memberId']);
    await expectRefused(store, () => recordActivity(store, activity({ participants: [{ memberId: 'm1', hours: -2 }] })), 'VALIDATION_FAILED', ['participants', 0, 'hours']);
    await expectRefused(store, () => recordActivity(store, activity({ participants: [{ memberId: 'm1', hours: 1.25 }] })), 'VALIDATION_FAILED', ['participants', 0, 'hours']);
    await expectRefused(store, () => recordActivity(store, activity({ participants: [{ memberId: 'm1', hours: Number.NaN }] })), 'VALIDATION_FAILED', ['participants', 0, 'hours']);
    await expectRefused(store, () => recordActivity(store, activity({ participants: [{ memberId: 'm1', hours: 1 }, { memberId: 'm1', hours: 1 }] })), 'VALIDATION_FAILED', ['participants', 1, 'memberId']);
    await expectRefused(store, () => recordActivity(store, activity({ participants: [] })), 'VALIDATION_FAILED', ['participants']);
    await expectRefused(store, () => recordActivity(store, activity({ scope: ['tc', 'wy'] })), 'VALIDATION_FAILED', ['scope']);
    await expectRefused(store, () => recordActivity(store, activity({ heldAt: new Date('2019-04-01T00:00:00Z') })), 'VALIDATION_FAILED', ['heldAt']);
    await expectRefused(store, () => recordActivity(store, activity({ category: 'karaoke' as never })), 'VALIDATION_FAILED', ['category']);
  });
});

describe('redeemPoints', () => {
  it('spends what service earned and refuses to go below zero, atomically', async () => {
    const store = await memberStore();
    for (const id of ['m1', 'm2']) await registerMember(store, { memberId: id, actor, at: JAN });
    await recordActivity(store, activity());
    // m1: 3 hours + 3 for team service = 6 points.
    const first = await redeemPoints(store, { redemptionId: 'r1', memberId: 'm1', points: 4, item: '洗衣液', rules, actor, at: MAR });
    expect(first.balance).toBe(2);
    expect(first.redemption.scope).toEqual(C1);
    await expectRefused(store, () => redeemPoints(store, { redemptionId: 'r2', memberId: 'm1', points: 3, item: '毛巾', rules, actor, at: MAR }), 'CONFLICT', ['points']);
    expect((await redeemPoints(store, { redemptionId: 'r2', memberId: 'm1', points: 2, item: '毛巾', rules, actor, at: MAR })).balance).toBe(0);
    await expectRefused(store, () => redeemPoints(store, { redemptionId: 'r3', memberId: 'm1', points: 0, item: '毛巾', rules, actor, at: MAR }), 'VALIDATION_FAILED', ['points']);
    await expectRefused(store, () => redeemPoints(store, { redemptionId: 'r3', memberId: 'm1', points: 1, item: '毛巾', rules: { ...rules, pointsPerHour: -1 }, actor, at: MAR }), 'VALIDATION_FAILED', ['rules', 'pointsPerHour']);
  });
});
