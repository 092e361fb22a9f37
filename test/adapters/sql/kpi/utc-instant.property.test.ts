import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoDigits, utcInstant } from '../../../../src/adapters/sql/kpi/kpi-sql-flavour.js';
import { instantReader } from '../../../../src/rules/kpi/instant.js';
import { migratedPgliteForTheseTests } from '../../postgres-setup.js';

const ZONE = 'America/New_York';
const digits = (length: number, max: number) => fc.integer({ min: 0, max }).map((value) => String(value).padStart(length, '0'));

/** Strings shaped as toISOString writes them, with fields past their ranges (month 13, 30 February, 24:00, 60 seconds) and, sometimes, a character that is no ASCII digit. */
const isoShaped = fc
  .tuple(digits(4, 9999), digits(2, 19), digits(2, 39), digits(2, 29), digits(2, 69), digits(2, 69), digits(3, 999))
  .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
/** Texts in the toISOString shape, and the same with one character that is no ASCII digit (left to civic_grid_instant). */
const dateText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: isoShaped },
  {
    weight: 2,
    arbitrary: fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((date) => date.toISOString()),
  },
  { weight: 1, arbitrary: fc.constantFrom('2020-02-30T24:00:00.000Z', '2020-12-31T24:00:00.000Z', '2020-12-31T24:00:00.001Z', '0000-01-01T00:00:00.000Z', '0000-03-01T00:00:00.000Z', '0000-01-01T-0:00:00.000Z') },
  { weight: 1, arbitrary: fc.tuple(isoShaped, fc.nat(23), fc.constantFrom('x', '٣', ' ', '/', '-', '+', ':', 'z', 't')).map(([text, at, character]) => text.slice(0, at) + character + text.slice(at + 1)) },
);

describe('isoDigits then utcInstant (the inline SQL read of "…Z" dates in compiled KPI queries)', () => {
  const pglite = migratedPgliteForTheseTests('utc_instant');

  it('reads every string as civic_grid_instant and instantReader do: the same epoch ms, or none', async () => {
    const read = instantReader(ZONE);
    const { db, schema } = pglite;
    await fc.assert(
      fc.asyncProperty(fc.array(dateText, { minLength: 1, maxLength: 50 }), async (texts) => {
        const fast = utcInstant('d', 'j', `"${schema}".civic_grid_instant(j, $2::text)`);
        const { rows } = await db.query<{ fast: number | null; general: number | null }>(
          `SELECT ${fast} AS fast, "${schema}".civic_grid_instant(j, $2::text) AS general
           FROM (SELECT j, ${isoDigits('j', 'x')} AS d, n FROM (SELECT to_jsonb(value) AS j, value AS x, n FROM unnest($1::text[]) WITH ORDINALITY AS t(value, n)) AS texts) AS input ORDER BY n`,
          [texts, ZONE],
        );
        expect(rows.map((row) => row.fast)).toEqual(rows.map((row) => row.general));
        const expected = texts.map((text) => {
          const instant = read(text);
          return Number.isNaN(instant) ? null : instant;
        });
        expect(rows.map((row) => row.fast)).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
