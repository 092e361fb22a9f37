import { CivicGridError } from '../../errors/civic-grid-error.js';
import { zodIssuesToIssues } from '../../errors/parse-with-schema.js';
import { GridEventSchema, type GridEvent } from '../../model/grid-event.js';

/**
 * Events known to satisfy GridEventSchema: parsed here, or made by reportEvent / transitionEvent
 * from such events. Each is deeply frozen, so it cannot have changed since it was checked, and
 * passing it back (a sweep every few minutes over the same open events) skips the ~6 µs parse.
 */
const checkedEvents = new WeakSet<object>();

/** Deep-freezes `event` (already valid by construction) and remembers it as checked. */
export function markCheckedGridEvent(event: GridEvent): GridEvent {
  deepFreeze(event);
  checkedEvents.add(event);
  return event;
}

/** Freezes `value` and everything in it, stopping at what is frozen already (the parts shared with a checked event). */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
}

/**
 * `input` as a checked, frozen GridEvent: as is when it was checked before, else parsed.
 * Throws VALIDATION_FAILED with the issues under `path` (e.g. ['events', 3]).
 */
export function checkedGridEvent(input: unknown, subject: string, path: (string | number)[]): GridEvent {
  if (typeof input === 'object' && input !== null && checkedEvents.has(input)) return input as GridEvent;
  const parsed = GridEventSchema.safeParse(input);
  if (!parsed.success) throw CivicGridError.validation(subject, zodIssuesToIssues(parsed.error, path), parsed.error);
  return markCheckedGridEvent(parsed.data);
}
