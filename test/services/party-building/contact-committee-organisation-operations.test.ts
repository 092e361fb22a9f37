import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import {
  advanceAppointment,
  assignContactPoint,
  changeOrganisationTier,
  moveOrganisationStage,
  recommendCommitteeMember,
  recordContactVisit,
  recordOrganisationActivity,
  registerLeader,
  registerOrganisation,
} from '../../../src/index.js';
import { expectCivicGridErrorAsync } from '../../support/expect-error.js';
import { CALLIGRAPHY, COMMUNITY, partyBuildingStore, SCHOOL, snapshot, STREET, type PartyBuildingStore } from './party-building-fixtures.js';

const fresh = () => partyBuildingStore(createMemoryAdapter());
const OTHER_COMMUNITY = ['tc', 'wy', 's1/a', 'c_1'];

async function withLeader(store: PartyBuildingStore) {
  await registerLeader(store, { leader: { id: 'leader/1', name: '张书记', homeSectorId: 's1/a', locationId: 's1/a' }, scope: STREET, actor: 'org-dept' });
}

describe('contact points on a store', () => {
  it('assigns points within the quota, records visits on the point and as records, all audited', async () => {
    const store = fresh();
    await withLeader(store);
    await assignContactPoint(store, { point: { id: 'cp/1', leaderId: 'leader/1', nodeId: 'c_1%' }, scope: COMMUNITY, actor: 'org-dept' });
    await assignContactPoint(store, { point: { id: 'cp/1%', leaderId: 'leader/1', nodeId: 'c_1' }, scope: OTHER_COMMUNITY, actor: 'org-dept' });
    const before = await snapshot(store);
    const full = await expectCivicGridErrorAsync(() => assignContactPoint(store, { point: { id: 'cp/2', leaderId: 'leader/1', nodeId: 'c_1%' }, scope: COMMUNITY, actor: 'org-dept' }), 'CONFLICT');
    expect(full.issues.map((issue) => issue.path)).toEqual([['point', 'leaderId']]);
    await expectCivicGridErrorAsync(() => assignContactPoint(store, { point: { id: 'cp/2', leaderId: 'leader/none', nodeId: 'c_1%' }, scope: COMMUNITY, actor: 'org-dept' }), 'NOT_FOUND');
    await expectCivicGridErrorAsync(() => recordContactVisit(store, { pointId: 'cp/none', visitId: 'v1', visit: { date: '2020-03-01', issuesSolved: 1 }, actor: 'leader/1' }), 'NOT_FOUND');
    expect(await snapshot(store)).toEqual(before);
    // A charter allowing 3 points per leader lets the third through.
    await assignContactPoint(store, { point: { id: 'cp/2', leaderId: 'leader/1', nodeId: 'c_1%' }, scope: COMMUNITY, actor: 'org-dept', rules: { minPointsPerLeader: 1, maxPointsPerLeader: 3, minVisitsPerYear: 5, coverageLevel: 'community' } });

    const { point, visit } = await recordContactVisit(store, { pointId: 'cp/1', visitId: 'cp/1-v1', visit: { date: '2020-03-01', issuesSolved: 2 }, actor: 'leader/1' });
    expect(point.data.visits).toEqual([{ date: '2020-03-01', issuesSolved: 2 }]);
    expect([visit.data, visit.scope]).toEqual([{ id: 'cp/1-v1', pointId: 'cp/1', leaderId: 'leader/1', nodeId: 'c_1%', date: '2020-03-01', issuesSolved: 2 }, COMMUNITY]);
    const beforeDuplicate = await snapshot(store);
    await expectCivicGridErrorAsync(() => recordContactVisit(store, { pointId: 'cp/1', visitId: 'cp/1-v1', visit: { date: '2020-04-01', issuesSolved: 0 }, actor: 'leader/1' }), 'CONFLICT');
    expect(await snapshot(store)).toEqual(beforeDuplicate);
    const audit = await store.readAudit({ kind: 'contactVisit', limit: 10 });
    expect(audit.map((entry) => [entry.op, entry.actor])).toEqual([['insert', 'leader/1']]);
  });

  it('refuses bad input with VALIDATION_FAILED and the path', async () => {
    const store = fresh();
    const cases: [() => Promise<unknown>, (string | number)[]][] = [
      [() => registerLeader(store, { leader: { id: 'l', name: '', locationId: 's1/a' }, scope: STREET, actor: 'a' }), ['leader', 'name']],
      [() => registerLeader(store, { leader: { id: 'l', name: '张', locationId: 'wy' }, scope: STREET, actor: 'a' }), ['scope']],
      [() => assignContactPoint(store, { point: { id: 'p', leaderId: 'l', nodeId: 'c_1%' }, scope: STREET, actor: 'a' }), ['scope']],
      [() => assignContactPoint(store, { point: { id: 'p', leaderId: 'l', nodeId: 'c_1%' }, scope: COMMUNITY, actor: 'a', rules: { minPointsPerLeader: 3, maxPointsPerLeader: 2, minVisitsPerYear: 5, coverageLevel: 'community' } }), ['rules', 'minPointsPerLeader']],
      [() => recordContactVisit(store, { pointId: 'p', visitId: 'v', visit: { date: '2020-02-30', issuesSolved: 0 }, actor: 'a' }), ['visit', 'date']],
      [() => recordContactVisit(store, { pointId: 'p', visitId: 'v', visit: { date: '2020-02-01', issuesSolved: -1 }, actor: 'a' }), ['visit', 'issuesSolved']],
    ];
    for (const [action, path] of cases) expect((await expectCivicGridErrorAsync(action, 'VALIDATION_FAILED')).issues[0]?.path).toEqual(path);
    expect(await store.readAudit({ limit: 10 })).toEqual([]);
  });
});

describe('committee appointments on a store', () => {
  it('walks a part-time candidate through 推荐 → 筛选 → 批复 → 聘用 → 公示, refusing skipped steps and a full committee', async () => {
    const store = fresh();
    await recommendCommitteeMember(store, { member: { id: 'm/1', name: '赵校长', committeeId: 'party/c_1%', tenure: 'part-time', homeUnitId: SCHOOL }, scope: COMMUNITY, actor: 'street' });
    const before = await snapshot(store);
    await expectCivicGridErrorAsync(() => advanceAppointment(store, { memberId: 'm/1', to: 'appointed', actor: 'street' }), 'INVALID_TRANSITION');
    expect(await snapshot(store)).toEqual(before);
    for (const to of ['screened', 'approved', 'appointed', 'announced'] as const) await advanceAppointment(store, { memberId: 'm/1', to, actor: `step-${to}` });
    expect((await store.getOrThrow('committeeMember', 'm/1')).data.status).toBe('announced');
    expect((await store.readAudit({ kind: 'committeeMember', limit: 10 })).map((entry) => entry.actor)).toEqual(['street', 'step-screened', 'step-approved', 'step-appointed', 'step-announced']);

    await recommendCommitteeMember(store, { member: { id: 'm/2', name: '钱', committeeId: 'party/c_1%', tenure: 'full-time' }, scope: COMMUNITY, actor: 'street' });
    await advanceAppointment(store, { memberId: 'm/2', to: 'screened', actor: 'street' });
    await advanceAppointment(store, { memberId: 'm/2', to: 'approved', actor: 'street' });
    const rules = { minMembers: 1, maxMembers: 1, minPartTimePercent: 0 };
    const full = await expectCivicGridErrorAsync(() => advanceAppointment(store, { memberId: 'm/2', to: 'appointed', actor: 'street', rules }), 'CONFLICT');
    expect(full.issues.map((issue) => issue.path)).toEqual([['to']]);
    // Another committee's seats do not count: m/1 sits on party/c_1%, not party/c_1.
    await recommendCommitteeMember(store, { member: { id: 'm/3', name: '孙', committeeId: 'party/c_1', tenure: 'full-time' }, scope: OTHER_COMMUNITY, actor: 'street' });
    for (const to of ['screened', 'approved', 'appointed'] as const) await advanceAppointment(store, { memberId: 'm/3', to, actor: 'street', rules });
  });

  it('refuses bad input with VALIDATION_FAILED and the path', async () => {
    const store = fresh();
    const cases: [() => Promise<unknown>, (string | number)[]][] = [
      [() => recommendCommitteeMember(store, { member: { id: 'm', name: '赵', committeeId: 'p', tenure: 'part-time' }, scope: COMMUNITY, actor: 'a' }), ['member', 'homeUnitId']],
      [() => recommendCommitteeMember(store, { member: { id: 'm', name: '赵', committeeId: 'p', tenure: 'full-time', status: 'announced' } as never, scope: COMMUNITY, actor: 'a' }), ['member', 'status']],
      [() => recommendCommitteeMember(store, { member: { id: 'm', name: '赵', committeeId: 'p', tenure: 'full-time' }, scope: [], actor: 'a' }), ['scope']],
      [() => advanceAppointment(store, { memberId: 'm', to: 'elected' as never, actor: 'a' }), ['to']],
      [() => advanceAppointment(store, { memberId: 'm', to: 'screened', actor: 'a', rules: { minMembers: 9, maxMembers: 5, minPartTimePercent: 20 } }), ['rules', 'minMembers']],
    ];
    for (const [action, path] of cases) expect((await expectCivicGridErrorAsync(action, 'VALIDATION_FAILED')).issues[0]?.path).toEqual(path);
    await expectCivicGridErrorAsync(() => advanceAppointment(store, { memberId: 'm/none', to: 'screened', actor: 'a' }), 'NOT_FOUND');
    expect(await store.readAudit({ limit: 10 })).toEqual([]);
  });
});

describe('community organisations on a store', () => {
  it('registers, incubates stage by stage, changes tier and records activities; an exited group takes no more', async () => {
    const store = fresh();
    await registerOrganisation(store, { organisation: CALLIGRAPHY, scope: COMMUNITY, actor: 'community' });
    const before = await snapshot(store);
    await expectCivicGridErrorAsync(() => moveOrganisationStage(store, { organisationId: 'org/1', to: 'graduated', actor: 'base' }), 'INVALID_TRANSITION');
    await expectCivicGridErrorAsync(() => registerOrganisation(store, { organisation: CALLIGRAPHY, scope: COMMUNITY, actor: 'community' }), 'CONFLICT');
    expect(await snapshot(store)).toEqual(before);
    for (const to of ['start-up', 'key-support', 'graduated'] as const) await moveOrganisationStage(store, { organisationId: 'org/1', to, actor: 'base' });
    await changeOrganisationTier(store, { organisationId: 'org/1', tier: 'filed', actor: 'street' });
    const active = await recordOrganisationActivity(store, { organisationId: 'org/1', activity: { date: '2020-06-01', title: '端午书法展', participants: 40 }, actor: 'org/1' });
    expect(active.data).toMatchObject({ stage: 'graduated', tier: 'filed', activities: [{ date: '2020-06-01', title: '端午书法展', participants: 40 }] });
    await moveOrganisationStage(store, { organisationId: 'org/1', to: 'exited', actor: 'base' });
    const exited = await snapshot(store);
    await expectCivicGridErrorAsync(() => recordOrganisationActivity(store, { organisationId: 'org/1', activity: { date: '2020-07-01', title: 'x', participants: 1 }, actor: 'org/1' }), 'INVALID_TRANSITION');
    await expectCivicGridErrorAsync(() => moveOrganisationStage(store, { organisationId: 'org/1', to: 'seed', actor: 'base' }), 'INVALID_TRANSITION');
    expect(await snapshot(store)).toEqual(exited);
  });

  it('refuses bad input with VALIDATION_FAILED and the path', async () => {
    const store = fresh();
    const cases: [() => Promise<unknown>, (string | number)[]][] = [
      [() => registerOrganisation(store, { organisation: { ...CALLIGRAPHY, type: '文体活动' as never }, scope: COMMUNITY, actor: 'a' }), ['organisation', 'type']],
      [() => registerOrganisation(store, { organisation: { ...CALLIGRAPHY, members: -1 }, scope: COMMUNITY, actor: 'a' }), ['organisation', 'members']],
      [() => registerOrganisation(store, { organisation: CALLIGRAPHY, scope: OTHER_COMMUNITY, actor: 'a' }), ['scope']],
      [() => moveOrganisationStage(store, { organisationId: 'org/1', to: 'hatched' as never, actor: 'a' }), ['to']],
      [() => changeOrganisationTier(store, { organisationId: 'org/1', tier: 'national' as never, actor: 'a' }), ['tier']],
      [() => recordOrganisationActivity(store, { organisationId: 'org/1', activity: { date: '2020-06-01', title: '', participants: 1 }, actor: 'a' }), ['activity', 'title']],
    ];
    for (const [action, path] of cases) expect((await expectCivicGridErrorAsync(action, 'VALIDATION_FAILED')).issues[0]?.path).toEqual(path);
    await expectCivicGridErrorAsync(() => moveOrganisationStage(store, { organisationId: 'org/none', to: 'start-up', actor: 'a' }), 'NOT_FOUND');
    expect(await store.readAudit({ limit: 10 })).toEqual([]);
  });
});
