import type { Store } from '../../adapters/store.js';
import { GridEventSchema } from '../../model/grid-event.js';
import { GRID_EVENT_TRANSITIONS } from '../../rules/events/grid-event-transitions.js';

/** The kind the grid-event operations read and write; spread it into your store's kinds. */
export const EVENT_KINDS = { gridEvent: GridEventSchema } as const;
/** The type of {@link EVENT_KINDS}. */
export type EventKinds = typeof EVENT_KINDS;
/** `createStore(adapter, { kinds: EVENT_KINDS, transitions: EVENT_TRANSITIONS })` refuses a stored event that skips a stage. */
export const EVENT_TRANSITIONS = { gridEvent: { table: GRID_EVENT_TRANSITIONS } } as const;
/** A store that holds grid events. */
export type EventStore = Store<EventKinds>;
