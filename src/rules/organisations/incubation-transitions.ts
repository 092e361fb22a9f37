import type { IncubationStage } from '../../model/social-organisation.js';
import type { TransitionTable } from '../claiming/transitions.js';

/** One stage at a time (a start-up may graduate without key support); any group still in incubation may leave. */
export const INCUBATION_TRANSITIONS: TransitionTable<IncubationStage> = {
  seed: ['start-up', 'exited'],
  'start-up': ['key-support', 'graduated', 'exited'],
  'key-support': ['graduated', 'exited'],
  graduated: ['exited'],
  exited: [],
};
