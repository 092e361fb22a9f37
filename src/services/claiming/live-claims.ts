import type { StoredRecord } from '../../adapters/port.js';
import type { Claim, ClaimStatus } from '../../model/claim.js';
import { queryAll } from '../query-all.js';
import type { ClaimingStore } from './claiming.js';

/** Claims that still hold their need and use up their resource's capacity. */
export const LIVE_CLAIM: readonly ClaimStatus[] = ['proposed', 'accepted'];

/** Every live claim in `scope` (the whole store for `[]`), optionally of one need. */
export async function liveClaimsIn(store: ClaimingStore, scope: readonly string[], of: { needId?: string } = {}): Promise<StoredRecord<Claim>[]> {
  return queryAll(store, 'claim', { scope, where: { ...of, status: [...LIVE_CLAIM] } });
}
