import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCivicGridError } from '../../../src/errors/civic-grid-error.js';
import { evaluateKpis } from '../../../src/rules/kpi/engine.js';
import { type KpiPeriod, periodContains, previousPeriod, resolvePeriod } from '../../../src/rules/kpi/period.js';
import { smallCity, WISH_DEFINITIONS, wish, wishRegistry } from './fixtures.js';

const at = new Date('2020-07-13T04:00:00Z');
/** Midnight of 1 Jan 2020 in Asia/Shanghai (UTC+8). */
const shanghaiNewYear = Date.UTC(2019, 11, 31, 16);

/** Consecutive months, quarters and years around the clock: every instant lies in exactly one of each. */
function tilings(timeZone?: string): KpiPeriod[][] {
  const options = timeZone === undefined ? { at } : { at, timeZone };
  const months = [2019, 2020].flatMap((year) => Array.from({ length: 12 }, (_, month) => resolvePeriod({ kind: 'month', year, month: month + 1 }, options)));
  const quarters = [2019, 2020].flatMap((year) => [1, 2, 3, 4].map((quarter) => resolvePeriod({ kind: 'quarter', year, quarter }, options)));
  const years = [2019, 2020].map((year) => resolvePeriod({ kind: 'year', year }, options));
  return [months, quarters, years];
}

describe('resolvePeriod', () => {
  it('resolves year to date (今年以来) in Asia/Shanghai up to the clock, and the previous period of the same span', () => {
    const ytd = resolvePeriod({ kind: 'yearToDate' }, { at });
    expect(ytd.start.toISOString()).toBe('2019-12-31T16:00:00.000Z');
    // The clock itself is included: the end, always excluded, is one millisecond later.
    expect(ytd.end).toEqual(new Date(at.getTime() + 1));
    expect(ytd.label.zh).toBe('今年以来（2020年1月1日至7月13日）');
    const before = previousPeriod(ytd);
    expect([before.start.toISOString(), before.end.toISOString()]).toEqual(['2018-12-31T16:00:00.000Z', '2019-07-13T04:00:00.001Z']);
  });

  it('counts in year to date a record stamped exactly at the clock, and not one a millisecond later (regression: `at` was left out)', () => {
    fc.assert(
      fc.property(fc.integer({ min: shanghaiNewYear, max: Date.UTC(2020, 11, 31, 15, 59, 59, 999) }), (clock) => {
        const ytd = resolvePeriod({ kind: 'yearToDate' }, { at: new Date(clock) });
        const records = [clock, clock + 1].map((time, index) => ({ kind: 'wish', nodeId: 'd0s0c0g0', record: wish(`w${index}`, { publishedAt: new Date(time).toISOString() }) }));
        const [evaluation] = evaluateKpis({ hierarchy: smallCity(), definitions: WISH_DEFINITIONS, periods: [ytd], registry: wishRegistry(), records });
        expect(evaluation?.value('wishes.published', 'city').value).toBe(1);
        expect(periodContains(ytd, clock)).toBe(true);
        expect(periodContains(ytd, clock + 1)).toBe(false);
      }),
      { numRuns: 50 },
    );
    // At midnight on 1 January the period is that one instant, not empty.
    const newYear = resolvePeriod({ kind: 'yearToDate' }, { at: new Date(shanghaiNewYear) });
    expect([newYear.start.getTime(), newYear.end.getTime()]).toEqual([shanghaiNewYear, shanghaiNewYear + 1]);
  });

  it('defaults the year, quarter and month to those of the clock, and chains previous periods', () => {
    const month = resolvePeriod({ kind: 'month' }, { at });
    expect(month.label).toEqual({ zh: '2020年7月', en: 'July 2020' });
    expect(previousPeriod(month).label.en).toBe('June 2020');
    const quarter = resolvePeriod({ kind: 'quarter', year: 2020, quarter: 1 }, { at });
    expect(previousPeriod(quarter).label).toEqual({ zh: '2019年第4季度', en: 'Q4 2019' });
    const custom = resolvePeriod({ kind: 'custom', start: new Date(1000), end: new Date(5000) }, { at });
    expect(previousPeriod(custom)).toMatchObject({ start: new Date(-3000), end: new Date(1000) });
  });

  it('puts a record on a boundary in exactly one period, in the city time zone, around midnight and the new year', () => {
    const zones = [undefined, 'UTC', 'America/New_York'] as const;
    const instant = fc.oneof(
      fc.integer({ min: shanghaiNewYear - 3_600_000, max: shanghaiNewYear + 3_600_000 }),
      fc.integer({ min: 0, max: 729 }).chain((day) => fc.integer({ min: -2, max: 2 }).map((ms) => Date.UTC(2019, 0, 1 + day, 16) + ms)),
      fc.integer({ min: Date.UTC(2018, 11, 31, 16), max: Date.UTC(2020, 11, 31, 15, 59, 59, 999) }),
    );
    const byZone = zones.map((zone) => tilings(zone));
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: zones.length - 1 }), (time, zone) => {
        const inRange = time >= (byZone[zone]?.[2]?.[0]?.start.getTime() ?? 0) && time < (byZone[zone]?.[2]?.[1]?.end.getTime() ?? 0);
        for (const tiling of byZone[zone] ?? []) {
          expect(tiling.filter((period) => periodContains(period, time))).toHaveLength(inRange ? 1 : 0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('places Shanghai midnight on 1 January in the new year, and one millisecond earlier in the old', () => {
    const [y2019, y2020] = [2019, 2020].map((year) => resolvePeriod({ kind: 'year', year }, { at })) as [KpiPeriod, KpiPeriod];
    const hierarchy = smallCity();
    const records = [shanghaiNewYear, shanghaiNewYear - 1].map((time, index) => ({
      kind: 'wish',
      nodeId: 'd0s0c0g0',
      record: wish(`w${index}`, { publishedAt: new Date(time).toISOString() }),
    }));
    const [old, fresh] = evaluateKpis({ hierarchy, definitions: WISH_DEFINITIONS, periods: [y2019, y2020], registry: wishRegistry(), records });
    expect(old?.value('wishes.published', 'city').value).toBe(1);
    expect(fresh?.value('wishes.published', 'city').value).toBe(1);
    expect(periodContains(y2020, shanghaiNewYear)).toBe(true);
    // In UTC the same instant is still 2019.
    expect(periodContains(resolvePeriod({ kind: 'year', year: 2019 }, { at, timeZone: 'UTC' }), shanghaiNewYear)).toBe(true);
  });

  it('reads a date-only value as a calendar day in the city zone, east or west of UTC (regression: read as UTC midnight)', () => {
    const zones = ['America/New_York', 'Pacific/Honolulu', 'Asia/Shanghai', 'Pacific/Kiritimati', 'UTC'] as const;
    const hierarchy = smallCity();
    const registry = wishRegistry();
    const day = fc.record({ year: fc.integer({ min: 2019, max: 2022 }), dayOfYear: fc.integer({ min: 0, max: 364 }), edge: fc.boolean() });
    fc.assert(
      fc.property(fc.constantFrom(...zones), day, (timeZone, { year, dayOfYear, edge }) => {
        // Half the runs on 1 January or 31 December, where a one-day slip changes the year.
        const date = new Date(Date.UTC(year, 0, 1 + (edge ? (dayOfYear % 2 === 0 ? 0 : 364) : dayOfYear)));
        const text = date.toISOString().slice(0, 10);
        const month = date.getUTCMonth() + 1;
        const options = { at, timeZone };
        const periods = [
          resolvePeriod({ kind: 'year', year }, options),
          resolvePeriod({ kind: 'year', year: year - 1 }, options),
          resolvePeriod({ kind: 'year', year: year + 1 }, options),
          resolvePeriod({ kind: 'month', year, month }, options),
        ];
        const records = [{ kind: 'wish', nodeId: 'd0s0c0g0', record: wish('w', { publishedAt: text }) }];
        const counts = evaluateKpis({ hierarchy, definitions: WISH_DEFINITIONS, periods, registry, records }).map((evaluation) => evaluation.value('wishes.published', 'city').value);
        expect(counts).toEqual([1, 0, 0, 1]);
      }),
      { numRuns: 300 },
    );
  });

  it('reads date-only filter bounds in the city zone too, and refuses periods in different zones', () => {
    const timeZone = 'America/New_York';
    const newYork2021 = resolvePeriod({ kind: 'year', year: 2021 }, { at, timeZone });
    const fromNewYear = { ...WISH_DEFINITIONS[0], id: 'wishes.fromNewYear', filter: { publishedAt: { gte: '2021-01-01' } } };
    // Local midnight in New York, and one millisecond before it.
    const records = ['2021-01-01T05:00:00.000Z', '2021-01-01T04:59:59.999Z'].map((publishedAt, index) => ({ kind: 'wish', nodeId: 'd0s0c0g0', record: wish(`w${index}`, { publishedAt }) }));
    const [evaluation] = evaluateKpis({ hierarchy: smallCity(), definitions: [fromNewYear], periods: [resolvePeriod({ kind: 'custom', start: new Date(0), end: new Date(Date.UTC(2030, 0)) }, { at, timeZone })], registry: wishRegistry(), records });
    expect(evaluation?.value('wishes.fromNewYear', 'city').value).toBe(1);
    try {
      evaluateKpis({ hierarchy: smallCity(), definitions: WISH_DEFINITIONS, periods: [newYork2021, resolvePeriod({ kind: 'year', year: 2021 }, { at })], registry: wishRegistry(), records });
      expect.unreachable();
    } catch (error) {
      expect(isCivicGridError(error, 'VALIDATION_FAILED')).toBe(true);
      expect((error as { issues: { path: unknown[] }[] }).issues.map((issue) => issue.path)).toEqual([['periods', 1, 'timeZone']]);
    }
  });

  it('rejects a bad spec, an unknown time zone and an empty custom range, listing every issue', () => {
    try {
      resolvePeriod({ kind: 'quarter', quarter: 5 }, { at, timeZone: 'Mars/Olympus' });
      expect.unreachable();
    } catch (error) {
      expect(isCivicGridError(error, 'VALIDATION_FAILED')).toBe(true);
      expect((error as { issues: { path: unknown[] }[] }).issues.map((issue) => issue.path)).toEqual([['quarter']]);
    }
    try {
      resolvePeriod({ kind: 'month' }, { at: new Date('x'), timeZone: 'Mars/Olympus' });
      expect.unreachable();
    } catch (error) {
      expect((error as { issues: { path: unknown[] }[] }).issues.map((issue) => issue.path)).toEqual([['at'], ['timeZone']]);
    }
    expect(() => resolvePeriod({ kind: 'custom', start: new Date(5), end: new Date(5) }, { at })).toThrow(/start must be before end/);
  });
});
