import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import { createSqliteAdapter } from 'civic-grid/adapters/sqlite';
import type { StorageAdapter } from '../../../src/adapters/port.js';
import { isCivicGridError } from '../../../src/errors/civic-grid-error.js';
import type { NeedCategory } from '../../../src/model/need.js';
import { accept, cancel, type ClaimingStore, claimNeed, fulfil } from '../../../src/services/claiming/claiming.js';
import { dispatchOpenNeeds } from '../../../src/services/claiming/dispatch-open-needs.js';
import { confirmNeed, expireNeed, withdrawNeed } from '../../../src/services/claiming/need-lifecycle.js';
import { AT, claimingStore, HIERARCHY, need, resource, UNITS } from './claiming-fixtures.js';

// Ids that are prefixes of each other and carry LIKE and path metacharacters (the store refuses NUL and lone surrogates).
const NEED_IDS = ['n1', 'n10', 'n/1', 'n%', 'n_', 'n1_0', '需求', 'n\\x', 'n😀'];
const CATEGORIES: NeedCategory[] = ['medical', 'legal'];

type Step =
  | { op: 'round'; partial: boolean }
  | { op: 'cancel' | 'accept' | 'fulfil'; pick: number }
  | { op: 'claim'; need: number; unit: 'hospital' | 'school'; withResource: boolean }
  | { op: 'withdraw' | 'expire' | 'confirm'; need: number };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('round' as const), partial: fc.boolean() }) },
  fc.record({ op: fc.constantFrom('cancel' as const, 'accept' as const, 'fulfil' as const), pick: fc.nat(20) }),
  fc.record({ op: fc.constant('claim' as const), need: fc.nat(NEED_IDS.length - 1), unit: fc.constantFrom('hospital' as const, 'school' as const), withResource: fc.boolean() }),
  fc.record({ op: fc.constantFrom('withdraw' as const, 'expire' as const, 'confirm' as const), need: fc.nat(NEED_IDS.length - 1) }),
);

const worldArbitrary = fc.record({
  needs: fc.array(fc.record({ category: fc.constantFrom(...CATEGORIES), grid: fc.constantFrom('g1', 'g2'), urgency: fc.integer({ min: 1, max: 5 }) }), { minLength: NEED_IDS.length, maxLength: NEED_IDS.length }),
  // Capacity 0 to 2 for each (unit, category): ties and narrow bounds.
  capacities: fc.array(fc.nat(2), { minLength: 4, maxLength: 4 }),
  steps: fc.array(stepArbitrary, { maxLength: 14 }),
});

/** Legal refusals a random step may meet; anything else is a bug. */
const EXPECTED_REFUSALS = ['CONFLICT', 'INVALID_TRANSITION'];

type World = typeof worldArbitrary extends fc.Arbitrary<infer T> ? T : never;

async function runWorld(adapter: StorageAdapter, world: World): Promise<void> {
  const needIds = NEED_IDS;
  const resources = (['hospital', 'school'] as const).flatMap((unitId, u) =>
    CATEGORIES.map((category, c) => resource(`${unitId}-${category}`, unitId, world.capacities[u * 2 + c] as number, { categories: [category] })),
  );
  const needs = needIds.map((id, k) => {
    const shape = world.needs[k] as (typeof world.needs)[number];
    return need(id, 'published', { category: shape.category, locationId: shape.grid, urgency: shape.urgency });
  });
  const store = await claimingStore(adapter, needs, resources);
  try {
    for (const step of world.steps) {
      // One instant for every step: rounds and claims at the same time must not collide either.
      try {
        await applyStep(store, step, AT, needIds);
      } catch (error) {
        if (!isCivicGridError(error) || !EXPECTED_REFUSALS.includes(error.code) || step.op === 'round') throw error;
      }
      await expectConsistent(store, resources, needIds);
    }
  } finally {
    await store.close();
  }
}

async function applyStep(store: ClaimingStore, step: Step, at: Date, needIds: readonly string[]): Promise<void> {
  const live = (await store.query('claim', { scope: [], where: { status: ['proposed', 'accepted'] }, limit: 1000 })).records;
  const pickClaim = (pick: number): string | undefined => live[pick % Math.max(1, live.length)]?.id;
  switch (step.op) {
    case 'round': {
      const round = await dispatchOpenNeeds(store, { hierarchy: HIERARCHY, units: UNITS, at, actor: 'c1', ...(step.partial ? { mode: 'partial' as const } : {}) });
      // Without rivals nothing is skipped, and every published need left is one the matcher could not place.
      expect(round.skipped).toEqual([]);
      const open = (await store.query('need', { scope: [], where: { status: 'published' }, limit: 1000 })).records.map((record) => record.id).sort();
      expect(open).toEqual(round.match.unmatched.map((unmatched) => unmatched.needId).sort());
      return;
    }
    case 'cancel':
    case 'accept':
    case 'fulfil': {
      const claimId = pickClaim(step.pick);
      if (claimId === undefined) return;
      await { cancel, accept, fulfil }[step.op](store, { claimId, actor: 'c1' });
      return;
    }
    case 'claim': {
      const needId = needIds[step.need % needIds.length] as string;
      const category = (await store.getOrThrow('need', needId)).data.category;
      await claimNeed(store, { needId, unitId: step.unit, actor: step.unit, at, ...(step.withResource ? { resourceId: `${step.unit}-${category}` } : {}) });
      return;
    }
    case 'withdraw':
    case 'expire':
    case 'confirm':
      await { withdraw: withdrawNeed, expire: expireNeed, confirm: confirmNeed }[step.op](store, { needId: needIds[step.need % needIds.length] as string, actor: 'p1' });
  }
}

/** No resource over capacity, no need held twice, and a need is claimed or in progress exactly when one live claim holds it. */
async function expectConsistent(store: ClaimingStore, resources: readonly { id: string; capacity: number }[], needIds: readonly string[]): Promise<void> {
  const live = (await store.query('claim', { scope: [], where: { status: ['proposed', 'accepted'] }, limit: 1000 })).records;
  for (const { id, capacity } of resources) expect(live.filter((claim) => claim.data.resourceId === id).length).toBeLessThanOrEqual(capacity);
  const holders = new Map<string, number>();
  for (const claim of live) holders.set(claim.data.needId, (holders.get(claim.data.needId) ?? 0) + 1);
  for (const id of needIds) {
    const status = (await store.getOrThrow('need', id)).data.status;
    expect(holders.get(id) ?? 0, `live claims on need ${JSON.stringify(id)} (${status})`).toBe(status === 'claimed' || status === 'in-progress' ? 1 : 0);
  }
}

describe('repeated dispatch rounds with random claims and cancellations', () => {
  it('never over-fill a resource or hold a need twice (memory adapter)', async () => {
    await fc.assert(
      fc.asyncProperty(worldArbitrary, (world) => runWorld(createMemoryAdapter(), world)),
      { numRuns: 60 },
    );
  }, 60_000);

  it('never over-fill a resource or hold a need twice (SQLite :memory:)', async () => {
    await fc.assert(
      fc.asyncProperty(worldArbitrary, async (world) => runWorld(await createSqliteAdapter(':memory:'), world)),
      { numRuns: 15 },
    );
  }, 60_000);
});
