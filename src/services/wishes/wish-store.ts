import { z } from 'zod';
import { personalData } from '../../access/personal-data.js';
import type { Store } from '../../adapters/store.js';
import { WishSchema } from '../../model/wish.js';
import { WISH_TRANSITIONS } from '../../rules/wishes/wish-transitions.js';

/**
 * One record per household that has had a wish verified, keyed by the household id. Verifying a wish
 * bumps it under the version guard, so two verifications for one household serialise and "one open wish
 * per household" holds under a race. The id is the household id: personal data, like the wish's.
 */
export const WishHouseholdSchema = z.object({ id: z.string().min(1), householdId: z.string().min(1).register(personalData, { kind: 'personId' }) }).strict();
/** A household that made a wish. */
export type WishHousehold = z.infer<typeof WishHouseholdSchema>;

/** The kinds the wish operations read and write; spread them into your store's kinds. */
export const WISH_KINDS = { wish: WishSchema, wishHousehold: WishHouseholdSchema } as const;
/** The store kinds for wishes. */
export type WishKinds = typeof WISH_KINDS;
/** `createStore(adapter, { kinds: WISH_KINDS, transitions: WISH_STORE_TRANSITIONS })` refuses a stored wish that skips a stage. */
export const WISH_STORE_TRANSITIONS = { wish: { table: WISH_TRANSITIONS } } as const;
/** A store for wishes. */
export type WishStore = Store<WishKinds>;
