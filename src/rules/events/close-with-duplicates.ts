import type { GridEvent } from '../../model/grid-event.js';
import type { EventActor, EventCommand } from './event-command.js';
import { transitionEvent, type EventContext, type EventEffect, type EventTransition } from './transition-event.js';

/** The original event's close and the closeAsDuplicate of each event waiting on it. */
export interface CloseWithDuplicatesResult {
  original: EventTransition;
  /** One closeAsDuplicate transition per event waiting on the original. */
  duplicates: (EventTransition & { eventId: string })[];
}

/**
 * Closes `original` (a close command) and every event in `events` marked as its duplicate and still
 * waiting (status duplicate). The original's effects end with duplicatesClosed listing them.
 */
export function closeWithDuplicates(
  original: GridEvent,
  events: readonly GridEvent[],
  command: Extract<EventCommand, { type: 'close' }>,
  context: EventContext,
): CloseWithDuplicatesResult {
  const closed = transitionEvent(original, command, context);
  const actor: EventActor | undefined = command.actor;
  const duplicates = events
    .filter((event) => event.duplicateOf === original.id && event.status === 'duplicate')
    .map((event) => ({ eventId: event.id, ...transitionEvent(event, { type: 'closeAsDuplicate', ...(actor === undefined ? {} : { actor }) }, context) }));
  const duplicatesClosed: EventEffect = { type: 'duplicatesClosed', originalId: original.id, duplicateIds: duplicates.map((d) => d.eventId) };
  return { original: { ...closed, effects: [...closed.effects, duplicatesClosed] }, duplicates };
}
