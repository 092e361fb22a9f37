import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import type { StorageAdapter } from '../../../src/adapters/port.js';
import { isCivicGridError } from '../../../src/errors/civic-grid-error.js';
import { advanceAppointment, assignContactPoint, circulateAgenda, holdMeeting, moveOrganisationStage, recommendCommitteeMember, registerLeader, registerOrganisation } from '../../../src/index.js';
import { raceOnSqlAdapters } from '../../support/racing-adapters.js';
import { CALLIGRAPHY, COMMUNITY, partyBuildingStore, SCHOOL, scheduleStreetMeeting, STREET, type PartyBuildingStore } from './party-building-fixtures.js';

/** Exactly one of two writers wins; the loser is refused as a loser should be (stale version, or the step the winner took is gone). */
function expectOneWinner(outcomes: PromiseSettledResult<unknown>[]): number {
  const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  expect(lost).toHaveLength(1);
  const reason = lost[0]?.reason;
  expect(['VERSION_CONFLICT', 'INVALID_TRANSITION', 'CONFLICT'].some((code) => isCivicGridError(reason, code as never)), String(reason)).toBe(true);
  return outcomes.findIndex((outcome) => outcome.status === 'fulfilled');
}

const updatesOf = async (store: PartyBuildingStore, kind: string, id: string) => (await store.readAudit({ kind, id, limit: 100 })).filter((entry) => entry.op === 'update').map((entry) => entry.actor);

/** Two writers on each of the four kinds at once: a leader's last place, a meeting held twice, one appointment step taken twice, one incubation stage taken twice. */
async function race(adapterA: StorageAdapter, adapterB: StorageAdapter): Promise<void> {
  const [storeA, storeB] = [partyBuildingStore(adapterA), partyBuildingStore(adapterB)];

  await registerLeader(storeA, { leader: { id: 'leader/1', name: '张', locationId: 's1/a' }, scope: STREET, actor: 'org' });
  await assignContactPoint(storeA, { point: { id: 'cp/0', leaderId: 'leader/1', nodeId: 'c_1%' }, scope: COMMUNITY, actor: 'org' });
  expectOneWinner(
    await Promise.allSettled([
      assignContactPoint(storeA, { point: { id: 'cp/1', leaderId: 'leader/1', nodeId: 'c_1%' }, scope: COMMUNITY, actor: 'a' }),
      assignContactPoint(storeB, { point: { id: 'cp/1%', leaderId: 'leader/1', nodeId: 'c_1%' }, scope: COMMUNITY, actor: 'b' }),
    ]),
  );
  expect((await storeA.query('contactPoint', { scope: [], where: { leaderId: 'leader/1' }, limit: 10 })).records).toHaveLength(2);

  await scheduleStreetMeeting(storeA);
  await circulateAgenda(storeA, { meetingId: 'jm/1', at: new Date('2020-07-01T00:00:00Z'), actor: 'clerk' });
  const hold = (store: PartyBuildingStore, actor: string) =>
    holdMeeting(store, { meetingId: 'jm/1', minutes: actor, resolutions: [{ id: `r-${actor}`, agendaItemId: 'a1', decision: 'x' }], tasks: [{ id: `t-${actor}`, ownerUnitId: SCHOOL, due: '2020-08-01T00:00:00Z' }], actor });
  const held = expectOneWinner(await Promise.allSettled([hold(storeA, 'a'), hold(storeB, 'b')]));
  const winner = ['a', 'b'][held] as string;
  expect((await storeA.getOrThrow('jointMeeting', 'jm/1')).data.minutes).toBe(winner);
  expect((await storeA.query('meetingResolution', { scope: [], limit: 10 })).records.map((record) => record.id)).toEqual([`r-${winner}`]);
  expect((await storeA.query('meetingTask', { scope: [], limit: 10 })).records.map((record) => record.id)).toEqual([`t-${winner}`]);

  await recommendCommitteeMember(storeA, { member: { id: 'm/1', name: '赵', committeeId: 'party/c_1%', tenure: 'part-time', homeUnitId: SCHOOL }, scope: COMMUNITY, actor: 'street' });
  const stepped = expectOneWinner(await Promise.allSettled([advanceAppointment(storeA, { memberId: 'm/1', to: 'screened', actor: 'a' }), advanceAppointment(storeB, { memberId: 'm/1', to: 'screened', actor: 'b' })]));
  expect((await storeA.getOrThrow('committeeMember', 'm/1')).data.status).toBe('screened');
  expect(await updatesOf(storeA, 'committeeMember', 'm/1')).toEqual([['a', 'b'][stepped]]);

  await registerOrganisation(storeA, { organisation: CALLIGRAPHY, scope: COMMUNITY, actor: 'community' });
  const moved = expectOneWinner(await Promise.allSettled([moveOrganisationStage(storeA, { organisationId: 'org/1', to: 'start-up', actor: 'a' }), moveOrganisationStage(storeB, { organisationId: 'org/1', to: 'start-up', actor: 'b' })]));
  expect((await storeA.getOrThrow('socialOrganisation', 'org/1')).data.stage).toBe('start-up');
  expect(await updatesOf(storeA, 'socialOrganisation', 'org/1')).toEqual([['a', 'b'][moved]]);
}

describe('party-building races: two writers, one wins, nothing half-written', () => {
  it('on memory', async () => {
    const adapter = createMemoryAdapter();
    await race(adapter, adapter);
  });
  raceOnSqlAdapters('party_building', race);
});
