import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import { rejection } from 'civic-grid/testing';
import { accept, claimNeed, claimResource, fulfil } from '../../../src/services/claiming/claiming.js';
import { confirmNeed, expireNeed, publishNeed, rejectNeed, verifyNeed, withdrawNeed } from '../../../src/services/claiming/need-lifecycle.js';
import { AT, claimingStore, need, resource } from './claiming-fixtures.js';

describe('the need lifecycle', () => {
  it('takes a need from submitted through verified and published to confirmed, auditing each actor', async () => {
    const store = await claimingStore(createMemoryAdapter(), [need('n1', 'submitted')], [resource('clinic', 'hospital', 1)]);
    expect((await verifyNeed(store, { needId: 'n1', actor: 'c1-reviewer' })).data.status).toBe('verified');
    expect((await publishNeed(store, { needId: 'n1', actor: 'c1-reviewer' })).data.status).toBe('published');
    await claimNeed(store, { needId: 'n1', unitId: 'hospital', resourceId: 'clinic', claimId: 'k1', actor: 'hospital', at: AT });
    await accept(store, { claimId: 'k1', actor: 'c1' });
    await fulfil(store, { claimId: 'k1', actor: 'hospital' });
    const confirmed = await confirmNeed(store, { needId: 'n1', actor: 'p1' });
    expect(confirmed.data.status).toBe('confirmed');
    expect(confirmed.version).toBe(7);
    const audit = await store.readAudit({ kind: 'need', id: 'n1', limit: 10 });
    expect(audit.map((entry) => [entry.actor, entry.after?.data['status']])).toEqual([
      ['system', 'submitted'],
      ['c1-reviewer', 'verified'],
      ['c1-reviewer', 'published'],
      ['hospital', 'claimed'],
      ['c1', 'in-progress'],
      ['hospital', 'fulfilled'],
      ['p1', 'confirmed'],
    ]);
  });

  it('withdraws a claimed need: its live claim is cancelled and the resource has room again', async () => {
    const store = await claimingStore(createMemoryAdapter(), [need('n1'), need('n2')], [resource('clinic', 'hospital', 1)]);
    await claimResource(store, { needId: 'n1', resourceId: 'clinic', communityId: 'c1', claimId: 'k1', actor: 'c1', at: AT });
    expect((await rejection(claimResource(store, { needId: 'n2', resourceId: 'clinic', communityId: 'c1', actor: 'c1', at: AT }))).code).toBe('CONFLICT');
    expect((await withdrawNeed(store, { needId: 'n1', actor: 'p1' })).data.status).toBe('withdrawn');
    expect((await store.getOrThrow('claim', 'k1')).data.status).toBe('cancelled');
    const second = await claimResource(store, { needId: 'n2', resourceId: 'clinic', communityId: 'c1', claimId: 'k2', actor: 'c1', at: AT });
    expect(second.data.status).toBe('proposed');
    expect((await store.readAudit({ kind: 'claim', id: 'k1', limit: 10 })).map((entry) => entry.actor)).toEqual(['c1', 'p1']);
  });

  it('rejects a submitted or verified need and expires a published one; closed needs stay closed', async () => {
    const store = await claimingStore(createMemoryAdapter(), [need('n1', 'submitted'), need('n2', 'verified'), need('n3')], []);
    expect((await rejectNeed(store, { needId: 'n1', actor: 'c1' })).data.status).toBe('rejected');
    expect((await rejectNeed(store, { needId: 'n2', actor: 'c1' })).data.status).toBe('rejected');
    expect((await expireNeed(store, { needId: 'n3', actor: 'scheduler' })).data.status).toBe('expired');
    const error = await rejection(withdrawNeed(store, { needId: 'n3', actor: 'p1' }));
    expect(error.code).toBe('INVALID_TRANSITION');
    expect(error.message).toBe('need "n3" cannot go from expired to withdrawn: expired is final');
  });

  it('refuses moves past the transition table and leaves the need and its claim as they were', async () => {
    const store = await claimingStore(createMemoryAdapter(), [need('n1', 'submitted'), need('n2')], [resource('clinic', 'hospital', 1)]);
    expect((await rejection(publishNeed(store, { needId: 'n1', actor: 'c1' }))).code).toBe('INVALID_TRANSITION');
    expect((await rejection(confirmNeed(store, { needId: 'n2', actor: 'p1' }))).code).toBe('INVALID_TRANSITION');
    await claimNeed(store, { needId: 'n2', unitId: 'hospital', resourceId: 'clinic', claimId: 'k2', actor: 'hospital', at: AT });
    await accept(store, { claimId: 'k2', actor: 'c1' });
    // In progress: the table has no way to withdrawn, so the accepted claim must survive too.
    expect((await rejection(withdrawNeed(store, { needId: 'n2', actor: 'p1' }))).code).toBe('INVALID_TRANSITION');
    expect((await rejection(expireNeed(store, { needId: 'n2', actor: 'scheduler' }))).code).toBe('INVALID_TRANSITION');
    expect((await store.getOrThrow('claim', 'k2')).data.status).toBe('accepted');
    const n2 = await store.getOrThrow('need', 'n2');
    expect([n2.data.status, n2.version]).toEqual(['in-progress', 3]);
    expect((await store.getOrThrow('need', 'n1')).version).toBe(1);
  });

  it('names every bad field, and NOT_FOUND for an unknown need', async () => {
    const store = await claimingStore(createMemoryAdapter(), [need('n1', 'submitted')], []);
    const error = await rejection(verifyNeed(store, { needId: '', actor: '', extra: 1 } as never));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.path)).toEqual([['needId'], ['actor'], []]);
    expect((await rejection(rejectNeed(store, { needId: 'n1/../n2', actor: 'c1' }))).code).toBe('NOT_FOUND');
  });
});
