import { CivicGridError } from '../../errors/civic-grid-error.js';
import { zodIssuesToIssues } from '../../errors/parse-with-schema.js';
import { GridEventSchema, type GridEvent } from '../../model/grid-event.js';
import type { EventCatalogue } from './event-policy.js';

/** Returns what it is given from its constructor, so a subclass's private field lands on that object. */
class PrivateFieldHost {
  constructor(target: object) {
    return target as PrivateFieldHost;
  }
}

/**
 * Events known to satisfy GridEventSchema: parsed here, or made by reportEvent / transitionEvent
 * from such events. Each is deeply frozen, so it cannot have changed since it was checked, and
 * passing it back (a sweep every few minutes over the same open events) skips the ~6 µs parse.
 * The mark is a few private fields: spreads, structuredClone and JSON do not copy them and nothing
 * outside can set them, as with a WeakSet, but adding them costs ~40 ns, not ~1.5 µs (a sweep makes
 * 80k events). They hold the instants a sweep compares as epoch ms, parsed once when the event is
 * checked (Date.parse is ~0.3 µs; an event is swept every few minutes), and the catalogue its
 * category was found in, so a sweep need not look the category up again (three reads of objects
 * other than the event, ~10% of a sweep).
 */
class CheckedGridEventMark extends PrivateFieldHost {
  /** deadline.dueAt (NaN without a deadline). */
  readonly #dueMs: number;
  /** The last stageHistory entry's `at` (NaN without one). */
  readonly #enteredMs: number;
  /** A frozen catalogue that has the event's category, or undefined when none was checked. */
  readonly #catalogue: EventCatalogue | undefined;

  constructor(event: GridEvent, dueMs: number, enteredMs: number, catalogue: EventCatalogue | undefined) {
    super(event);
    this.#dueMs = dueMs;
    this.#enteredMs = enteredMs;
    this.#catalogue = catalogue !== undefined && Object.isFrozen(catalogue) ? catalogue : undefined;
  }

  static isMarked(value: object): boolean {
    return #dueMs in value;
  }

  static dueMs(event: GridEvent): number {
    return #dueMs in event ? event.#dueMs : dueMsOf(event);
  }

  static enteredMs(event: GridEvent): number {
    return #enteredMs in event ? event.#enteredMs : enteredMsOf(event);
  }

  static catalogue(event: GridEvent): EventCatalogue | undefined {
    return #catalogue in event ? event.#catalogue : undefined;
  }
}

function dueMsOf(event: GridEvent): number {
  return event.deadline === undefined ? Number.NaN : Date.parse(event.deadline.dueAt);
}

function enteredMsOf(event: GridEvent): number {
  const last = event.stageHistory[event.stageHistory.length - 1];
  return last === undefined ? Number.NaN : Date.parse(last.at);
}

/** A checked event's deadline (`deadline.dueAt`) in epoch ms, NaN when it has none. */
export function deadlineDueMs(event: GridEvent): number {
  return CheckedGridEventMark.dueMs(event);
}

/** When a checked event entered its current stage (its last stageHistory entry) in epoch ms. */
export function stageEnteredMs(event: GridEvent): number {
  return CheckedGridEventMark.enteredMs(event);
}

/** Whether `event` was checked to have a category of the frozen `catalogue` (false when unknown). */
export function checkedInCatalogue(event: GridEvent, catalogue: EventCatalogue): boolean {
  return CheckedGridEventMark.catalogue(event) === catalogue;
}

/**
 * Deep-freezes `event` (already valid by construction) and marks it as checked, with the catalogue
 * its category was found in when the caller looked it up.
 */
export function markCheckedGridEvent(event: GridEvent, catalogue?: EventCatalogue): GridEvent {
  // Marked before it is frozen: a private field may not be addable to a frozen object one day.
  if (!CheckedGridEventMark.isMarked(event)) new CheckedGridEventMark(event, dueMsOf(event), enteredMsOf(event), catalogue);
  deepFreeze(event);
  return event;
}

/**
 * Marks as checked and freezes `event`, made from the checked `source` with the same stage history and
 * fields all frozen already (shared with `source`, or new and frozen by the caller): only the top object
 * is frozen, no walk. `dueMs` is its deadline's due instant, known to the caller; `catalogue` one the
 * caller found the (unchanged) category in.
 */
export function markCheckedGridEventCopy(event: GridEvent, source: GridEvent, dueMs: number, catalogue: EventCatalogue): GridEvent {
  new CheckedGridEventMark(event, dueMs, CheckedGridEventMark.enteredMs(source), catalogue);
  return Object.freeze(event);
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
  if (typeof input === 'object' && input !== null && CheckedGridEventMark.isMarked(input)) return input as GridEvent;
  const parsed = GridEventSchema.safeParse(input);
  if (!parsed.success) throw CivicGridError.validation(subject, zodIssuesToIssues(parsed.error, path), parsed.error);
  return markCheckedGridEvent(parsed.data, undefined);
}
