import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import { createPostgresAdapter } from 'civic-grid/adapters/postgres';
import { rejection } from 'civic-grid/testing';
import { createStore } from '../../../src/adapters/store.js';
import { matchNeeds } from '../../../src/rules/matching/match-needs.js';
import { accept, cancel, CLAIMING_KINDS, claimNeed, dispatch } from '../../../src/services/claiming/claiming.js';
import { dispatchOpenNeeds } from '../../../src/services/claiming/dispatch-open-needs.js';
import { freshSchema, openPool, PG_URL } from '../../adapters/postgres-setup.js';
import { AT, claimingStore, HIERARCHY, need, resource, UNITS } from './claiming-fixtures.js';

const LATER = new Date(AT.getTime() + 3_600_000);
const options = { hierarchy: HIERARCHY, units: UNITS, actor: 'c1' };

describe('dispatchOpenNeeds', () => {
  it('runs a second round around live claims, where matchNeeds + dispatch on published needs fails', async () => {
    const store = await claimingStore(createMemoryAdapter(), ['n1', 'n2', 'n3'].map((id) => need(id)), [resource('clinic', 'hospital', 2)]);
    const first = await dispatchOpenNeeds(store, { ...options, at: AT });
    expect(first.claims.map((claim) => [claim.data.needId, claim.data.resourceId, claim.data.via])).toEqual([
      ['n1', 'clinic', 'dispatch'],
      ['n2', 'clinic', 'dispatch'],
    ]);
    expect(first.match.unmatched).toEqual([{ needId: 'n3', reason: 'all-compatible-full', resourceIds: ['clinic'] }]);
    await accept(store, { claimId: (first.claims[0] as { id: string }).id, actor: 'hospital' });
    await cancel(store, { claimId: (first.claims[1] as { id: string }).id, actor: 'hospital' });

    // The trap: the published needs (n2, n3) matched against the full capacity of 2, then dispatched.
    const published = (await store.query('need', { scope: [], where: { status: 'published' }, limit: 10 })).records.map((record) => record.data);
    const naive = matchNeeds({ needs: published, resources: [resource('clinic', 'hospital', 2)], units: UNITS, hierarchy: HIERARCHY, at: LATER });
    expect((await rejection(dispatch(store, { result: naive, actor: 'c1', at: LATER }))).message).toBe('resource "clinic" is full (2 live claims)');

    const second = await dispatchOpenNeeds(store, { ...options, at: LATER });
    expect(second.match.assignments.map((pair) => [pair.needId, pair.locked])).toEqual([
      ['n1', true],
      ['n2', false],
    ]);
    expect(second.claims.map((claim) => claim.data.needId)).toEqual(['n2']);
    expect(second.match.unmatched.map((unmatched) => unmatched.needId)).toEqual(['n3']);
    const live = await store.query('claim', { scope: [], where: { resourceId: 'clinic', status: ['proposed', 'accepted'] }, limit: 10 });
    expect(live.records).toHaveLength(2);
  });

  it('leaves needs claimed without a resource out of the round, and counts proposed claims against capacity', async () => {
    const store = await claimingStore(createMemoryAdapter(), ['n1', 'n2', 'n3'].map((id) => need(id)), [resource('clinic', 'hospital', 2)]);
    await claimNeed(store, { needId: 'n1', unitId: 'school', claimId: 'direct', actor: 'school', at: AT });
    await accept(store, { claimId: 'direct', actor: 'c1' });
    await claimNeed(store, { needId: 'n2', unitId: 'hospital', resourceId: 'clinic', claimId: 'manual', actor: 'hospital', at: AT });
    const round = await dispatchOpenNeeds(store, { ...options, at: AT });
    expect(round.match.assignments.map((pair) => [pair.needId, pair.resourceId, pair.locked])).toEqual([['n3', 'clinic', false]]);
    expect(round.claims).toHaveLength(1);
    const again = await dispatchOpenNeeds(store, { ...options, at: LATER });
    expect([again.match.assignments, again.claims, again.match.unmatched]).toEqual([[], [], []]);
  });

  it('runs a round again at the same instant after a cancel (claim ids do not collide)', async () => {
    const store = await claimingStore(createMemoryAdapter(), [need('n1')], [resource('clinic', 'hospital', 1)]);
    const first = await dispatchOpenNeeds(store, { ...options, at: AT });
    await cancel(store, { claimId: (first.claims[0] as { id: string }).id, actor: 'hospital' });
    const second = await dispatchOpenNeeds(store, { ...options, at: AT });
    expect(second.claims.map((claim) => claim.data.needId)).toEqual(['n1']);
    expect(second.claims[0]?.id).not.toBe(first.claims[0]?.id);
  });

  it('keeps going when an accepted claim’s resource was deleted: nothing is left to lock', async () => {
    const store = await claimingStore(createMemoryAdapter(), [need('n1'), need('n2')], [resource('gone', 'hospital', 1), resource('clinic', 'hospital', 1)]);
    await claimNeed(store, { needId: 'n1', unitId: 'hospital', resourceId: 'gone', claimId: 'k1', actor: 'hospital', at: AT });
    await accept(store, { claimId: 'k1', actor: 'c1' });
    await store.remove('resource', 'gone', { expectedVersion: 2 });
    const round = await dispatchOpenNeeds(store, { ...options, at: AT });
    expect(round.match.assignments.map((pair) => [pair.needId, pair.resourceId, pair.locked])).toEqual([['n2', 'clinic', false]]);
  });

  it('dispatches only the published needs inside `scope`', async () => {
    const store = await claimingStore(createMemoryAdapter(), [need('in-g1'), need('in-g2', 'published', { locationId: 'g2' })], [resource('clinic', 'hospital', 5)]);
    const round = await dispatchOpenNeeds(store, { ...options, at: AT, scope: HIERARCHY.pathOf('g2') });
    expect(round.claims.map((claim) => claim.data.needId)).toEqual(['in-g2']);
    expect((await store.getOrThrow('need', 'in-g1')).data.status).toBe('published');
  });

  it('partial mode writes what still fits and reports the rest; all-or-nothing writes nothing', async () => {
    // A need left published although a claim holds it (written by another app): the pair cannot be written.
    const store = await claimingStore(createMemoryAdapter(), [need('n1'), need('n2'), need('n3')], [resource('clinic', 'hospital', 3), resource('tutors', 'school', 3, { categories: ['education'] })]);
    await store.insert('claim', { id: 'stray', needId: 'n2', unitId: 'school', direction: 'unitClaimsNeed', claimedBy: 'school', via: 'manual', status: 'proposed', createdAt: AT.toISOString() }, { scope: HIERARCHY.pathOf('g1') });

    const error = await rejection(dispatchOpenNeeds(store, { ...options, at: AT }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe('need "n2" is already claimed by claim "stray"');
    expect((await store.query('claim', { scope: [], limit: 10 })).records.map((claim) => claim.id)).toEqual(['stray']);

    const partial = await dispatchOpenNeeds(store, { ...options, at: AT, mode: 'partial' });
    expect(partial.claims.map((claim) => claim.data.needId)).toEqual(['n1', 'n3']);
    expect(partial.skipped).toEqual([{ needId: 'n2', resourceId: 'clinic', code: 'CONFLICT', message: 'need "n2" is already claimed by claim "stray"' }]);
    expect((await store.getOrThrow('need', 'n2')).version).toBe(1);
  });

  it('names every bad option, and leaves the store alone', async () => {
    const store = await claimingStore(createMemoryAdapter(), [need('n1')], [resource('clinic', 'hospital', 1)]);
    const error = await rejection(dispatchOpenNeeds(store, { hierarchy: {} as never, units: UNITS, at: new Date(Number.NaN), actor: '', mode: 'some' as never }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.path)).toEqual([['hierarchy'], ['at'], ['actor'], ['mode']]);
    const unknownUnit = await rejection(dispatchOpenNeeds(store, { ...options, units: [], at: AT }));
    expect(unknownUnit.issues).toEqual([{ path: ['resources', 0, 'unitId'], message: 'unknown unit "hospital"' }]);
    expect((await store.getOrThrow('need', 'n1')).version).toBe(1);
  });

  it.skipIf(PG_URL === undefined)('on a PostgreSQL server, two concurrent partial rounds never over-fill a resource', async () => {
    const [poolA, poolB] = [openPool(), openPool()];
    const schema = freshSchema('dispatch');
    try {
      const ids = Array.from({ length: 8 }, (_, k) => `n${k}`);
      const storeA = await claimingStore(await createPostgresAdapter({ pool: poolA, schema }), ids.map((id) => need(id)), [resource('clinic', 'hospital', 5)]);
      const storeB = createStore(await createPostgresAdapter({ pool: poolB, schema }), { kinds: CLAIMING_KINDS });
      const rounds = await Promise.allSettled([dispatchOpenNeeds(storeA, { ...options, at: AT, mode: 'partial' }), dispatchOpenNeeds(storeB, { ...options, actor: 'c2', at: LATER, mode: 'partial' })]);
      for (const round of rounds) if (round.status === 'rejected') expect((round.reason as { code: string }).code).toBe('VERSION_CONFLICT');
      const live = await storeA.query('claim', { scope: [], where: { status: ['proposed', 'accepted'] }, limit: 100 });
      expect(live.records.length).toBe(5);
      expect(new Set(live.records.map((claim) => claim.data.needId)).size).toBe(5);
    } finally {
      await poolA.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await Promise.all([poolA.end(), poolB.end()]);
    }
  });
});
