import type { StorageAdapter } from '../../../src/adapters/port.js';
import { createStore } from '../../../src/adapters/store.js';
import { DEFAULT_WISH_POLICY, type WishIntake } from '../../../src/index.js';
import { collectWish, publishWish, verifyWish, WISH_KINDS, WISH_STORE_TRANSITIONS, type WishStore } from '../../../src/services/wishes/index.js';
import { intake, T0 } from '../../rules/wishes/wish-fixtures.js';

export const policy = DEFAULT_WISH_POLICY;
export const GRID = ['tc', 'wy', 's1', 'c1', 'g/1'];
export const COLLECTOR = 'grid-worker/1';
export const context = { actor: COLLECTOR, at: T0, policy };

export function wishStore(adapter: StorageAdapter): WishStore {
  return createStore(adapter, { kinds: WISH_KINDS, transitions: WISH_STORE_TRANSITIONS });
}

/** Collects a wish; with `publish`, verifies and publishes it too. */
export async function stored(store: WishStore, id: string, overrides: Partial<WishIntake> = {}, publish = false): Promise<void> {
  await collectWish(store, { ...context, intake: intake(id, overrides), scope: GRID });
  if (!publish) return;
  await verifyWish(store, { ...context, wishId: id });
  await publishWish(store, { ...context, wishId: id });
}
