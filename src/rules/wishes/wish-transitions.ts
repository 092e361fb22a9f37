import type { WishStatus } from '../../model/wish.js';
import type { TransitionTable } from '../claiming/transitions.js';

/**
 * The status changes transitionWish can make, for a store kind (see WISH_STORE_TRANSITIONS): a wish
 * is verified before it is published and claimed before it is fulfilled. A further claimant of a
 * claimed wish keeps its status, so it needs no entry.
 */
export const WISH_TRANSITIONS: TransitionTable<WishStatus> = {
  collected: ['verified', 'rejected', 'withdrawn'],
  verified: ['published', 'withdrawn'],
  published: ['claimed', 'withdrawn'],
  claimed: ['fulfilled', 'withdrawn'],
  fulfilled: ['feedbackGiven'],
  feedbackGiven: [],
  withdrawn: [],
  rejected: [],
};
