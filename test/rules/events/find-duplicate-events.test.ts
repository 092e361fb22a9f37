import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE,
  findDuplicateEvents,
  findDuplicateEventsBulk,
  type EventCatalogue,
  type GridEvent,
  type GridEventStatus,
} from '../../../src/index.js';
import { expectCivicGridError } from '../../support/expect-error.js';
import { NEIGHBOUR_DISPUTE, beijing, openPolicy, report } from './event-fixtures.js';

const DAY = 86_400_000;
const policy = openPolicy();
const at = beijing('2026-03-02T09:00');

function located(id: string, x: number, y: number, extra: Partial<GridEvent> = {}, reportedAt = at): GridEvent {
  return { ...report(id, reportedAt, policy, { location: { nodeId: 'grid-1', point: { x, y } } }), ...extra };
}

describe('findDuplicateEvents', () => {
  it('suggests open events of the same subclass within 250 m, nearest first, then newest, at most 5', () => {
    const candidate = located('new', 0, 0);
    const open = [
      located('far', 251, 0),
      located('near', 10, 0),
      located('edge', 0, 250),
      located('older-tie', 0, 100, {}, beijing('2026-03-01T09:00')),
      located('newer-tie', 100, 0),
      located('other-subclass', 1, 0, { category: { classCode: '01', subclassCode: '02' } }),
      located('closed', 1, 1, { status: 'closed', stageHistory: [{ status: 'closed', at: at.toISOString() }] }),
      located('new', 0, 0),
      located('mid', 200, 0),
      located('mid2', 0, 220),
    ];
    const found = findDuplicateEvents(candidate, open, policy);
    expect(found.map((s) => s.event.id)).toEqual(['near', 'newer-tie', 'older-tie', 'mid', 'mid2']);
    expect(found[0]?.distanceMetres).toBe(10);
  });

  it('honours the time window, a subclass radius, and radius 0 as off', () => {
    const candidate = located('new', 0, 0);
    expect(findDuplicateEvents(candidate, [located('edge', 0, 250), located('past-edge', 0, 250.001)], policy).map((s) => s.event.id)).toEqual(['edge']);
    const stale = located('stale', 5, 0, {}, new Date(at.getTime() - 31 * DAY));
    expect(findDuplicateEvents(candidate, [stale], policy)).toEqual([]);
    expect(findDuplicateEvents(candidate, [stale], openPolicy({ duplicates: { radiusMetres: 250, windowMs: null } })).map((s) => s.event.id)).toEqual(['stale']);
    expect(findDuplicateEvents(candidate, [located('a', 5, 0)], openPolicy({ duplicates: { radiusMetres: 0, windowMs: null } }))).toEqual([]);
    const catalogue: EventCatalogue = structuredClone(TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE);
    catalogue.classes[0]!.subclasses[0]!.duplicateRadiusMetres = 50;
    expect(findDuplicateEvents(candidate, [located('a', 60, 0)], openPolicy({ catalogue }))).toEqual([]);
  });

  it('refuses an unknown category with its path and a malformed open event with its index', () => {
    const unknown = { ...located('new', 0, 0), category: { classCode: '77', subclassCode: '01' } };
    expect(expectCivicGridError(() => findDuplicateEvents(unknown, [], policy), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['candidate', 'category']);
    const broken = { ...located('x', 0, 0), reworkCount: -1 };
    expect(expectCivicGridError(() => findDuplicateEvents(located('new', 0, 0), [broken], policy), 'VALIDATION_FAILED').issues[0]?.path).toEqual([
      'openEvents',
      0,
      'reworkCount',
    ]);
  });
});

describe('findDuplicateEventsBulk', () => {
  it('refuses an unknown category with the candidate index, and answers [] for a candidate without a point', () => {
    const unknown = { ...located('x', 0, 0), category: { classCode: '01', subclassCode: '88' } };
    const error = expectCivicGridError(() => findDuplicateEventsBulk([located('ok', 0, 0), unknown], [], policy), 'VALIDATION_FAILED');
    expect(error.issues[0]?.path).toEqual(['candidates', 1, 'category']);
    expect(findDuplicateEventsBulk([report('no-point', at, policy)], [located('a', 0, 0)], policy)).toEqual([[]]);
  });

  const statuses: GridEventStatus[] = ['reported', 'registered', 'inProgress', 'closed', 'duplicate'];
  // Coordinates on a coarse grid make exact-radius ties and equal points common.
  const coordinate = fc.oneof(fc.integer({ min: -400, max: 400 }).map((v) => v * 50), fc.double({ min: -1e4, max: 1e4, noNaN: true }));
  const eventArbitrary = fc.record({
    id: fc.constantFrom('a', 'a/b', '%', '_', 'ab', 'b', 'c', 'd', 'e', 'f'),
    point: fc.option(fc.record({ x: coordinate, y: coordinate }), { nil: undefined }),
    subclassCode: fc.constantFrom('01', '02'),
    status: fc.constantFrom(...statuses),
    dayOffset: fc.integer({ min: -40, max: 40 }),
  });
  function toEvent(spec: typeof eventArbitrary extends fc.Arbitrary<infer T> ? T : never, index: number): GridEvent {
    const reportedAt = new Date(at.getTime() + spec.dayOffset * DAY).toISOString();
    return {
      ...report(`${spec.id}-${index}`, at, policy),
      category: { ...NEIGHBOUR_DISPUTE, subclassCode: spec.subclassCode },
      location: spec.point === undefined ? { nodeId: 'g' } : { nodeId: 'g', point: spec.point },
      status: spec.status,
      stageHistory: spec.status === 'reported' ? [{ status: 'reported', at: reportedAt }] : [{ status: 'reported', at: reportedAt }, { status: spec.status, at: reportedAt }],
    };
  }

  it('equals the naive scan for every candidate', () => {
    let suggested = 0;
    fc.assert(
      fc.property(
        fc.array(eventArbitrary, { maxLength: 40 }),
        fc.array(eventArbitrary, { minLength: 1, maxLength: 10 }),
        fc.constantFrom(0, 50, 250, 1000),
        (openSpecs, candidateSpecs, radiusMetres) => {
          const open = openSpecs.map(toEvent);
          const candidates = candidateSpecs.map((spec, index) => toEvent(spec, index + 1000));
          const radiusPolicy = openPolicy({ duplicates: { radiusMetres, windowMs: 30 * DAY } });
          const bulk = findDuplicateEventsBulk(candidates, open, radiusPolicy);
          expect(bulk).toEqual(candidates.map((candidate) => findDuplicateEvents(candidate, open, radiusPolicy)));
          suggested += bulk.flat().length;
        },
      ),
      { numRuns: 150 },
    );
    // Not a vacuous comparison of empty lists.
    expect(suggested).toBeGreaterThan(0);
  });
});
