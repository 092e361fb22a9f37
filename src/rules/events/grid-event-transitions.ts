import type { GridEventStatus } from '../../model/grid-event.js';
import type { TransitionTable } from '../claiming/transitions.js';

/**
 * The status changes transitionEvent can make, for a store kind:
 * `createStore(adapter, { kinds: { gridEvent: GridEventSchema }, transitions: { gridEvent: { table: GRID_EVENT_TRANSITIONS } } })`
 * then refuses a stored event that skips a stage. Commands that keep the status (extend, escalate…) need no entry.
 */
export const GRID_EVENT_TRANSITIONS: TransitionTable<GridEventStatus> = {
  reported: ['registered', 'notRegistered', 'duplicate'],
  registered: ['dispatched', 'deferred', 'duplicate'],
  notRegistered: [],
  dispatched: ['inProgress', 'deferred'],
  inProgress: ['handled', 'deferred'],
  handled: ['closed', 'inProgress'],
  closed: ['evaluated', 'registered'],
  evaluated: ['registered'],
  // Resume returns to the stage that was deferred.
  deferred: ['registered', 'dispatched', 'inProgress'],
  duplicate: ['closedAsDuplicate'],
  closedAsDuplicate: [],
};
