import { describe, expect, it } from 'vitest';
import {
  GridEventSchema,
  OPEN_GRID_EVENT_STATUSES,
  TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE,
  chinaWorkCalendar,
  createEventPolicy,
  generateCity,
  generateEvents,
  reportEvent,
  transitionEvent,
  type GridEvent,
} from '../../src/index.js';
import { expectCivicGridError } from '../support/expect-error.js';

const city = generateCity({ seed: 2020 });
const calendar = chinaWorkCalendar();
const policy = createEventPolicy({ catalogue: TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE });
const rules = { city, calendar, policy, year: 2025 };
const year = generateEvents({ seed: 7, ...rules });
const closed = year.events.filter((event) => event.status === 'closed' || event.status === 'evaluated');
const shareOf = (events: readonly GridEvent[], test: (event: GridEvent) => boolean): number => events.filter(test).length / events.length;

describe('generateEvents', () => {
  it('gives the same events for the same seed and others for another seed', () => {
    expect(generateEvents({ seed: 7, ...rules, count: 300 })).toEqual(generateEvents({ seed: 7, ...rules, count: 300 }));
    expect(generateEvents({ seed: 8, ...rules, count: 300 }).events).not.toEqual(generateEvents({ seed: 7, ...rules, count: 300 }).events);
  });

  it('makes a Tongchuan year of 3,000 events, each of which parses with GridEventSchema, in report order within the year', () => {
    expect(year.events).toHaveLength(3000);
    expect(year.events.filter((event) => !GridEventSchema.safeParse(event).success)).toEqual([]);
    const reported = year.logs.map((log) => Date.parse(log.reportedAt));
    expect(reported).toEqual([...reported].sort((a, b) => a - b));
    expect(new Set(year.events.map((event) => event.id)).size).toBe(3000);
    for (const event of year.events) {
      for (const entry of event.stageHistory) expect(entry.at < '2026-01-01T00:00:00.000Z' && entry.at >= '2025-01-01T00:00:00.000Z').toBe(true);
    }
  });

  it('logs the commands that made each event: replaying them through reportEvent and transitionEvent gives the same event', () => {
    year.logs.forEach((log, index) => {
      let event = reportEvent(log.report, { at: new Date(log.reportedAt), calendar, policy }).event;
      for (const step of log.steps) event = transitionEvent(event, step.command, { at: new Date(step.at), calendar, policy }).event;
      expect(event).toEqual(year.events[index]);
    });
  });

  it('uses the Tongchuan catalogue’s every subclass, the city’s grids as locations and points near their buildings', () => {
    const subclasses = TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE.classes.flatMap((c) => c.subclasses.map((s) => `${c.code}/${s.code}`));
    expect(new Set(year.events.map((event) => `${event.category.classCode}/${event.category.subclassCode}`))).toEqual(new Set(subclasses));
    const grids = new Set(city.nodes.filter((node) => node.level === 'grid').map((node) => node.id));
    expect(year.events.filter((event) => !grids.has(event.location.nodeId))).toEqual([]);
    const sample = year.events.slice(0, 200);
    for (const event of sample) {
      const point = event.location.point;
      expect(point).toBeDefined();
      const nearest = Math.min(
        ...city.buildings.filter((b) => b.gridId === event.location.nodeId).map((b) => Math.hypot(b.x - point!.x, b.y - point!.y)),
      );
      // Duplicates sit near their original's point, itself jittered: a few spreads of 30 m.
      expect(nearest).toBeLessThan(300);
    }
  });

  it('has the configured shares, roughly', () => {
    expect(Math.abs(shareOf(year.events, (event) => event.status === 'notRegistered') - 0.05)).toBeLessThan(0.015);
    expect(shareOf(year.events, (event) => event.duplicateOf !== undefined)).toBeGreaterThan(0.03);
    expect(shareOf(year.events, (event) => event.duplicateOf !== undefined)).toBeLessThanOrEqual(0.06);
    const byId = new Map(year.events.map((event) => [event.id, event]));
    const originals = year.events.flatMap((event) => (event.duplicateOf === undefined ? [] : [byId.get(event.duplicateOf)]));
    expect(originals.filter((original) => original === undefined || !original.stageHistory.some((entry) => entry.status === 'registered'))).toEqual([]);
    expect(Math.abs(shareOf(year.events, (event) => event.status !== 'duplicate' && OPEN_GRID_EVENT_STATUSES.includes(event.status)) - 0.08)).toBeLessThan(0.03);
    expect(Math.abs(shareOf(closed, (event) => event.reworkCount > 0) - 0.1)).toBeLessThan(0.025);
    expect(Math.abs(shareOf(closed, (event) => event.deferrals.length > 0) - 0.04)).toBeLessThan(0.02);
    expect(Math.abs(shareOf(closed, (event) => event.extensions.length > 0) - 0.06)).toBeLessThan(0.02);
    expect(Math.abs(shareOf(closed, (event) => event.escalationLevel > 0) - 0.1)).toBeLessThan(0.025);
    expect(Math.abs(shareOf(closed, (event) => event.status === 'evaluated') - 0.6)).toBeLessThan(0.04);
    // Fire hazards come in two handling steps: the closed ones went through both.
    const fire = closed.filter((event) => event.category.classCode === '02' && event.category.subclassCode === '02');
    expect(fire.length).toBeGreaterThan(0);
    expect(fire.every((event) => event.handlingStep === 1)).toBe(true);
  });

  it('leaves every event open with shares { open: 1 } (a backlog for sweeps), at every open stage', () => {
    const backlog = generateEvents({ seed: 3, ...rules, count: 600, shares: { open: 1, notRegistered: 0, duplicate: 0 } });
    expect(backlog.events.filter((event) => !OPEN_GRID_EVENT_STATUSES.includes(event.status))).toEqual([]);
    expect(new Set(backlog.events.map((event) => event.status))).toEqual(new Set(OPEN_GRID_EVENT_STATUSES.filter((status) => status !== 'duplicate')));
  });

  it('refuses bad options with the path of the bad field', () => {
    const sum = expectCivicGridError(() => generateEvents({ seed: 1, ...rules, shares: { open: 0.6, duplicate: 0.5 } }), 'VALIDATION_FAILED');
    expect(sum.issues.map((issue) => issue.path)).toEqual([['shares', 'open']]);
    const count = expectCivicGridError(() => generateEvents({ seed: 1, ...rules, count: -1 }), 'VALIDATION_FAILED');
    expect(count.issues.map((issue) => issue.path)).toEqual([['count']]);
    const noGrid = expectCivicGridError(() => generateEvents({ seed: 1, ...rules, city: { nodes: [], buildings: [] } }), 'VALIDATION_FAILED');
    expect(noGrid.issues.map((issue) => issue.path)).toEqual([['city', 'nodes']]);
  });
});
