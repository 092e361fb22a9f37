import KDBush from 'kdbush';
import { CivicGridError } from '../../errors/civic-grid-error.js';
import { zodIssuesToIssues } from '../../errors/parse-with-schema.js';
import { GridEventSchema, OPEN_GRID_EVENT_STATUSES, gridEventReportedAt, type GridEvent, type Point } from '../../model/grid-event.js';
import { checkedEventPolicy, findEventSubclass, type EventPolicy } from './event-policy.js';

/** At most this many suggestions per event (FixMyStreet shows 5). */
export const MAX_DUPLICATE_SUGGESTIONS = 5;

/** An open event that may be a duplicate, and how far away it is. */
export interface DuplicateSuggestion {
  event: GridEvent;
  distanceMetres: number;
}

/** What a candidate is compared with: its subclass's radius (0 = off) and the policy's time window. */
interface DuplicateProbe {
  event: GridEvent;
  point: Point;
  radiusMetres: number;
  reportedMs: number;
}

function parseEvents(events: readonly GridEvent[], path: string): GridEvent[] {
  return events.map((input, index) => {
    const parsed = GridEventSchema.safeParse(input);
    if (!parsed.success) throw CivicGridError.validation('findDuplicateEvents', zodIssuesToIssues(parsed.error, [path, index]), parsed.error);
    return parsed.data;
  });
}

/** The probe for `candidate`, or undefined when it has no point or its subclass's radius is 0. */
function probeFor(candidate: GridEvent, policy: EventPolicy, path: (string | number)[]): DuplicateProbe | undefined {
  const subclass = findEventSubclass(policy, candidate.category);
  if (subclass === undefined) {
    throw CivicGridError.validation('findDuplicateEvents', [
      { path: [...path, 'category'], message: `${candidate.category.classCode}/${candidate.category.subclassCode} is not in catalogue ${policy.catalogue.id}` },
    ]);
  }
  const radiusMetres = subclass.duplicateRadiusMetres ?? policy.duplicates.radiusMetres;
  const point = candidate.location.point;
  if (point === undefined || radiusMetres === 0) return undefined;
  return { event: candidate, point, radiusMetres, reportedMs: Date.parse(gridEventReportedAt(candidate)) };
}

/** Open, same subclass, another event, within the radius and the time window: the one test both paths share. */
function suggestionFor(probe: DuplicateProbe, other: GridEvent, policy: EventPolicy): DuplicateSuggestion | undefined {
  const { event } = probe;
  const point = other.location.point;
  if (point === undefined || other.id === event.id || !OPEN_GRID_EVENT_STATUSES.includes(other.status)) return undefined;
  if (other.category.classCode !== event.category.classCode || other.category.subclassCode !== event.category.subclassCode) return undefined;
  const window = policy.duplicates.windowMs;
  if (window !== null && Math.abs(Date.parse(gridEventReportedAt(other)) - probe.reportedMs) > window) return undefined;
  const distanceMetres = Math.hypot(point.x - probe.point.x, point.y - probe.point.y);
  return distanceMetres <= probe.radiusMetres ? { event: other, distanceMetres } : undefined;
}

/** Nearest first, then the newest report, then by id, so both paths agree on ties. */
function nearestFirst(suggestions: DuplicateSuggestion[]): DuplicateSuggestion[] {
  return suggestions
    .sort(
      (a, b) =>
        a.distanceMetres - b.distanceMetres ||
        Date.parse(gridEventReportedAt(b.event)) - Date.parse(gridEventReportedAt(a.event)) ||
        (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0),
    )
    .slice(0, MAX_DUPLICATE_SUGGESTIONS);
}

/**
 * Open events that may report the same thing as `candidate`: same subclass, within the subclass's
 * duplicate radius (policy default 250 m; 0 turns it off) and reported within the policy's time
 * window, nearest first, at most 5. Suggestions only: linking is the markDuplicate command.
 */
export function findDuplicateEvents(candidate: GridEvent, openEvents: readonly GridEvent[], policy: EventPolicy): DuplicateSuggestion[] {
  const checked = checkedEventPolicy(policy);
  const [event] = parseEvents([candidate], 'candidate');
  const probe = probeFor(event as GridEvent, checked, ['candidate']);
  if (probe === undefined) return [];
  const found: DuplicateSuggestion[] = [];
  for (const other of parseEvents(openEvents, 'openEvents')) {
    const suggestion = suggestionFor(probe, other, checked);
    if (suggestion !== undefined) found.push(suggestion);
  }
  return nearestFirst(found);
}

/**
 * findDuplicateEvents for many candidates at once, through a k-d tree of the open events' points:
 * the answer for each candidate (same order) equals findDuplicateEvents' one.
 */
export function findDuplicateEventsBulk(candidates: readonly GridEvent[], openEvents: readonly GridEvent[], policy: EventPolicy): DuplicateSuggestion[][] {
  const checked = checkedEventPolicy(policy);
  const probes = parseEvents(candidates, 'candidates').map((candidate, index) => probeFor(candidate, checked, ['candidates', index]));
  const located = parseEvents(openEvents, 'openEvents').filter((other) => other.location.point !== undefined && OPEN_GRID_EVENT_STATUSES.includes(other.status));
  if (located.length === 0) return probes.map(() => []);
  const index = new KDBush(located.length);
  for (const other of located) index.add((other.location.point as Point).x, (other.location.point as Point).y);
  index.finish();
  return probes.map((probe) => {
    if (probe === undefined) return [];
    // A box a hair wider than the radius: rounding in the box never drops what the exact distance test keeps.
    const reach = probe.radiusMetres * (1 + 1e-9) + 1e-9;
    const found: DuplicateSuggestion[] = [];
    for (const id of index.range(probe.point.x - reach, probe.point.y - reach, probe.point.x + reach, probe.point.y + reach)) {
      const suggestion = suggestionFor(probe, located[id] as GridEvent, checked);
      if (suggestion !== undefined) found.push(suggestion);
    }
    return nearestFirst(found);
  });
}
