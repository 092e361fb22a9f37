import { z } from 'zod';
import type { StoredRecord } from '../../adapters/port.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import type { Need, NeedStatus } from '../../model/need.js';
import { assertTransition, CLAIM_TRANSITIONS, NEED_TRANSITIONS } from '../../rules/claiming/transitions.js';
import type { ClaimingStore } from './claiming.js';
import { liveClaimsIn } from './live-claims.js';

const NeedStepSchema = z.object({ needId: z.string().min(1), actor: z.string().min(1) }).strict();
type NeedStep = z.input<typeof NeedStepSchema>;

/** The community has checked a submitted need (审核). */
export async function verifyNeed(store: ClaimingStore, input: NeedStep): Promise<StoredRecord<Need>> {
  return stepNeed(store, 'verifyNeed', input, 'verified');
}

/** A verified need goes on the need list (需求清单), open to claims and dispatch. */
export async function publishNeed(store: ClaimingStore, input: NeedStep): Promise<StoredRecord<Need>> {
  return stepNeed(store, 'publishNeed', input, 'published');
}

/** The requester confirms fulfilled work; the need is closed. */
export async function confirmNeed(store: ClaimingStore, input: NeedStep): Promise<StoredRecord<Need>> {
  return stepNeed(store, 'confirmNeed', input, 'confirmed');
}

/** The requester takes the need back; a live claim on it is cancelled, freeing its resource. */
export async function withdrawNeed(store: ClaimingStore, input: NeedStep): Promise<StoredRecord<Need>> {
  return stepNeed(store, 'withdrawNeed', input, 'withdrawn');
}

/** The community turns the need down at review. */
export async function rejectNeed(store: ClaimingStore, input: NeedStep): Promise<StoredRecord<Need>> {
  return stepNeed(store, 'rejectNeed', input, 'rejected');
}

/** Nobody took the published need in time. */
export async function expireNeed(store: ClaimingStore, input: NeedStep): Promise<StoredRecord<Need>> {
  return stepNeed(store, 'expireNeed', input, 'expired');
}

/**
 * Moves one need through NEED_TRANSITIONS under its version guard, in one
 * transaction written as `actor`. Capacity is counted from live claims, so
 * cancelling the live claims of a need that closes is what releases their
 * resources; a need that stays open keeps its claims.
 */
async function stepNeed(store: ClaimingStore, subject: string, input: NeedStep, to: NeedStatus): Promise<StoredRecord<Need>> {
  const { needId, actor } = parseWithSchema(NeedStepSchema, input, subject);
  return store.as(actor).transaction(async (tx) => {
    const need = await tx.getOrThrow('need', needId);
    assertTransition(NEED_TRANSITIONS, 'need', need.id, need.data.status, to);
    if (NEED_TRANSITIONS[to].length === 0) {
      for (const claim of await liveClaimsIn(tx, need.scope, { needId: need.id })) {
        assertTransition(CLAIM_TRANSITIONS, 'claim', claim.id, claim.data.status, 'cancelled');
        await tx.update('claim', claim.id, { status: 'cancelled' }, { expectedVersion: claim.version });
      }
    }
    return tx.update('need', need.id, { status: to }, { expectedVersion: need.version });
  });
}
