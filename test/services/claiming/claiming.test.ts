import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import { rejection } from 'civic-grid/testing';
import type { StorageAdapter } from '../../../src/adapters/port.js';
import { createStore } from '../../../src/adapters/store.js';
import type { CivicGridError } from '../../../src/errors/civic-grid-error.js';
import type { Need } from '../../../src/model/need.js';
import type { Resource } from '../../../src/model/resource.js';
import {
  accept,
  cancel,
  CLAIMING_KINDS,
  CLAIMING_TRANSITIONS,
  type ClaimingStore,
  claimNeed,
  claimResource,
  createProject,
  dispatch,
  fulfil,
} from '../../../src/services/claiming/claiming.js';
import { raceOnSqlAdapters } from '../../support/racing-adapters.js';

const GRID = ['tc', 'wy', 's1', 'c1', 'g1'];
const at = new Date('2020-06-01T08:00:00+08:00');

function need(id: string, status: Need['status'] = 'published'): Need {
  return { id, category: 'medical', description: 'check-up', locationId: 'g1', quantity: 1, urgency: 3, requester: { kind: 'resident', id: 'p1' }, createdAt: at.toISOString(), status };
}
function resource(id: string, unitId: string, capacity: number): Resource {
  return { id, unitId, kind: 'service', title: 'clinic', categories: ['medical'], capacity, serviceArea: ['c1'], availability: { start: at.toISOString(), end: '2020-07-01T00:00:00+08:00' }, validity: { from: at.toISOString(), to: '2020-12-31T00:00:00+08:00' } };
}

async function seeded(adapter: StorageAdapter): Promise<ClaimingStore> {
  const store = createStore(adapter, { kinds: CLAIMING_KINDS, transitions: CLAIMING_TRANSITIONS });
  await store.insertMany('need', ['n1', 'n2', 'n3'].map((id) => ({ value: need(id), scope: GRID })));
  await store.insert('need', need('draft', 'submitted'), { scope: GRID });
  await store.insert('resource', resource('clinic', 'hospital', 2), { scope: ['tc', 'wy', 's1', 'c1'] });
  await store.insert('resource', resource('school-tutors', 'school', 5), { scope: ['tc', 'wy', 's1', 'c1'] });
  return store;
}

describe('claiming on the memory adapter', () => {
  it('runs a claim through accept and fulfil, and signs a project from it', async () => {
    const store = await seeded(createMemoryAdapter());
    const claim = await claimNeed(store, { needId: 'n1', unitId: 'hospital', resourceId: 'clinic', claimId: 'k1', actor: 'hospital', at });
    expect(claim.data).toMatchObject({ status: 'proposed', direction: 'unitClaimsNeed', via: 'manual' });
    expect((await store.getOrThrow('need', 'n1')).data.status).toBe('claimed');
    await accept(store, { claimId: 'k1', actor: 'c1' });
    expect((await store.getOrThrow('need', 'n1')).data.status).toBe('in-progress');
    const project = await createProject(store, { projectId: 'p1', title: 'free clinic', claimIds: ['k1'], communityId: 'c1', startDate: at, beneficiaries: 30, outcomes: { residentsIntoJobs: 3 }, actor: 'c1', at });
    expect(project.data).toMatchObject({ status: 'signed', unitId: 'hospital', category: 'medical', claimIds: ['k1'] });
    expect(project.scope).toEqual(['tc', 'wy', 's1', 'c1']);
    await fulfil(store, { claimId: 'k1', actor: 'hospital' });
    expect((await store.getOrThrow('need', 'n1')).data.status).toBe('fulfilled');
    const audit = await store.readAudit({ kind: 'need', id: 'n1', limit: 10 });
    expect(audit.map((entry) => [entry.actor, entry.after?.data['status']])).toEqual([
      ['system', 'published'],
      ['hospital', 'claimed'],
      ['c1', 'in-progress'],
      ['hospital', 'fulfilled'],
    ]);
  });

  it('lets a community claim a resource, and cancelling puts the need back', async () => {
    const store = await seeded(createMemoryAdapter());
    const claim = await claimResource(store, { needId: 'n2', resourceId: 'school-tutors', communityId: 'c1', claimId: 'k2', actor: 'c1', at });
    expect(claim.data).toMatchObject({ unitId: 'school', claimedBy: 'c1', direction: 'communityClaimsResource' });
    await cancel(store, { claimId: 'k2', actor: 'c1' });
    expect((await store.getOrThrow('need', 'n2')).data.status).toBe('published');
    await claimNeed(store, { needId: 'n2', unitId: 'hospital', claimId: 'k3', actor: 'hospital', at });
  });

  it('refuses illegal moves with INVALID_TRANSITION and leaves everything as it was', async () => {
    const store = await seeded(createMemoryAdapter());
    expect((await rejection(claimNeed(store, { needId: 'draft', unitId: 'hospital', actor: 'hospital', at }))).code).toBe('INVALID_TRANSITION');
    await claimNeed(store, { needId: 'n1', unitId: 'hospital', claimId: 'k1', actor: 'hospital', at });
    expect((await rejection(fulfil(store, { claimId: 'k1', actor: 'hospital' }))).code).toBe('INVALID_TRANSITION');
    await cancel(store, { claimId: 'k1', actor: 'hospital' });
    expect((await rejection(accept(store, { claimId: 'k1', actor: 'c1' }))).code).toBe('INVALID_TRANSITION');
    expect((await store.getOrThrow('claim', 'k1')).data.status).toBe('cancelled');
    expect((await rejection(createProject(store, { projectId: 'p', title: 't', claimIds: ['k1'], communityId: 'c1', startDate: at, beneficiaries: 1, actor: 'c1', at }))).issues).toEqual([
      { path: ['claimIds', 0], message: 'claim "k1" is cancelled, not accepted' },
    ]);
  });

  it('refuses a full resource, and dispatches all or nothing', async () => {
    const store = await seeded(createMemoryAdapter());
    await claimResource(store, { needId: 'n1', resourceId: 'clinic', communityId: 'c1', claimId: 'a', actor: 'c1', at });
    await claimResource(store, { needId: 'n2', resourceId: 'clinic', communityId: 'c1', claimId: 'b', actor: 'c1', at });
    expect((await rejection(claimResource(store, { needId: 'n3', resourceId: 'clinic', communityId: 'c1', actor: 'c1', at }))).code).toBe('CONFLICT');
    const assignments = [
      { needId: 'n3', resourceId: 'school-tutors', unitId: 'school', score: 50, locked: false },
      { needId: 'n1', resourceId: 'clinic', unitId: 'hospital', score: 40, locked: true },
    ];
    const claims = await dispatch(store, { result: { assignments: assignments as never }, actor: 'c1', at });
    expect(claims.map((claim) => [claim.data.needId, claim.data.via, claim.data.score])).toEqual([['n3', 'dispatch', 50]]);
    // n3 is claimed now: a second dispatch of it fails as a whole.
    expect((await rejection(dispatch(store, { result: { assignments: [{ ...assignments[0], locked: false }] as never }, actor: 'c1', at }))).code).toBe('CONFLICT');
  });

  it('names every bad field of its inputs', async () => {
    const store = await seeded(createMemoryAdapter());
    const error = await rejection(claimNeed(store, { needId: '', unitId: 'hospital', actor: '', at: 'now' as unknown as Date }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.path)).toEqual([['needId'], ['actor'], ['at']]);
    expect((await rejection(accept(store, { claimId: 'nope', actor: 'c1' }))).code).toBe('NOT_FOUND');
    expect((await rejection(claimNeed(store, { needId: 'n1', unitId: 'school', resourceId: 'clinic', actor: 'school', at }))).issues[0]?.path).toEqual(['resourceId']);
  });
});

/** Two claimants race for the same need: exactly one claim wins, the other gets CONFLICT naming it. */
async function race(storeA: ClaimingStore, storeB: ClaimingStore): Promise<void> {
  for (const needId of ['n1', 'n2', 'n3']) {
    const outcomes = await Promise.allSettled([
      claimNeed(storeA, { needId, unitId: 'hospital', claimId: `${needId}-hospital`, actor: 'hospital', at }),
      claimNeed(storeB, { needId, unitId: 'school', claimId: `${needId}-school`, actor: 'school', at }),
    ]);
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = (won[0] as PromiseFulfilledResult<{ id: string }>).value.id;
    expect((lost[0]?.reason as CivicGridError).code).toBe('CONFLICT');
    expect((lost[0]?.reason as CivicGridError).message).toBe(`need "${needId}" is already claimed by claim "${winner}"`);
    const live = await storeA.query('claim', { scope: [], where: { needId }, limit: 10 });
    expect(live.records.map((claim) => claim.id)).toEqual([winner]);
  }
}

describe('the claiming race', () => {
  // The adapter's own tests race separate processes on one SQLite file.
  raceOnSqlAdapters('claim', async (adapterA, adapterB) =>
    race(await seeded(adapterA), createStore(adapterB, { kinds: CLAIMING_KINDS, transitions: CLAIMING_TRANSITIONS })),
  );
});
