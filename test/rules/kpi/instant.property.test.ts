import Database from 'better-sqlite3';
import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresAdapter } from '../../../src/adapters/postgres/index.js';
import { registerKpiFunctions } from '../../../src/adapters/sqlite/kpi-functions.js';
import type { SqliteDatabase } from '../../../src/adapters/sqlite/sqlite-database.js';
import { instantReader, isIsoDate } from '../../../src/rules/kpi/instant.js';
import { freshSchema, migratedPgliteForTheseTests, openPool, PG_URL } from '../../adapters/postgres-setup.js';

// West of UTC, with daylight saving: offset-less readings are resolved around its changes.
const ZONE = 'America/New_York';
const read = instantReader(ZONE);
/** instantReader's answer as SQL gives it: epoch ms, or null for "not a date". */
const jsInstants = (texts: readonly string[]): (number | null)[] => texts.map((text) => {
  const instant = read(text);
  return Number.isNaN(instant) ? null : instant;
});

const digits = (length: number, max: number) => fc.integer({ min: 0, max }).map((value) => String(value).padStart(length, '0'));
/** ISO texts in every shape the readers accept, with fields a little past their ranges (month 13, day 32, 24:00, 60 seconds, offset +24:60). */
const isoText = fc
  .record({
    date: fc.tuple(digits(4, 9999), digits(2, 13), digits(2, 32)).map(([y, mo, d]) => `${y}-${mo}-${d}`),
    time: fc.option(
      fc.tuple(digits(2, 25), digits(2, 60), fc.option(fc.tuple(digits(2, 60), fc.option(fc.stringMatching(/^[0-9]{1,7}$/), { nil: undefined })), { nil: undefined })),
      { nil: undefined },
    ),
    offset: fc.constantFrom('', 'Z', '+', '-', ':').chain((sign) =>
      sign === '+' || sign === '-' || sign === ':' ? fc.tuple(digits(2, 24), digits(2, 60)).map(([h, m]) => (sign === ':' ? `+${h}${m}` : `${sign}${h}:${m}`)) : fc.constant(sign),
    ),
  })
  .map(({ date, time, offset }) => {
    if (time === undefined) return date + offset;
    const [h, mi, seconds] = time;
    const [s, fraction] = seconds ?? [];
    return `${date}T${h}:${mi}${s === undefined ? '' : `:${s}${fraction === undefined ? '' : `.${fraction}`}`}${offset}`;
  });
const toIsoString = fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }).map((date) => date.toISOString());
const valid = fc.oneof(isoText, toIsoString);
/** One slip in a date: a dropped character, a sign, a space, a stray character, lowercase, 30 February, 24:00. */
const mutated = fc.oneof(
  fc.tuple(valid, fc.nat()).map(([text, at]) => text.slice(0, at % text.length) + text.slice((at % text.length) + 1)),
  fc.tuple(valid, fc.nat(), fc.constantFrom('-', '+', ' ', '\t', '\n', 'x', '٣', '０', 'z', 't', 'T', 'Z', ':', '.', '0', '/'), fc.boolean()).map(
    ([text, at, character, replace]) => text.slice(0, at % (text.length + 1)) + character + text.slice((at % (text.length + 1)) + (replace ? 1 : 0)),
  ),
  valid.map((text) => text.toLowerCase()),
  valid.map((text) => text.replace(/^(\d{4})-\d{2}-\d{2}/, '$1-02-30')),
  valid.map((text) => text.replace(/^(.{10})T\d{2}:\d{2}/, '$1T24:00')),
  valid.map((text) => `${text.slice(0, 10)}T24:00${text.slice(16)}`),
);
/** Legacy forms Date.parse reads, and edges of the ranges. */
const LEGACY_AND_EDGES = [
  '0000-01-01T-0:00:00.000Z',
  'March 7 2020',
  '2020-1-5',
  ' 2020-01-05',
  '2020-01-05 ',
  '2020-01-05 10:00',
  '2020/01/05',
  'Tue, 05 Jan 2021 10:00:00 GMT',
  '+002020-01-05T00:00:00.000Z',
  '-000001-01-01T00:00:00.000Z',
  '10000-01-01',
  '2020-01-05t10:00Z',
  '2020-01-05T10:00z',
  '2020-01-05Z',
  '2020-01-05+08:00',
  '2020-02-29',
  '2021-02-29',
  '2021-02-30T00:00:00.000Z',
  '1900-02-29T00:00:00.000Z',
  '2000-02-29T00:00:00.000Z',
  '2021-04-31',
  '2021-06-30T10:00:00.000Z',
  '٢٠٢١-01-01',
  '２０２１-01-01',
  '2020-12-31T24:00',
  '2020-12-31T24:00:00.000Z',
  '2020-12-31T24:00:00.001Z',
  '2020-12-31T24:00:00.0001Z',
  '2016-12-31T23:59:60Z',
  '2020-01-05T10:00:00.123456789Z',
  '2020-01-05T10:00+0800',
  '2020-01-05T10:00+24:00',
  '2020-01-05T10:00+08',
  '0000-01-01',
  '9999-12-31T23:59:59.999Z',
  '2021-03-14T02:30',
  '2021-11-07T01:30',
  '',
];
/** Arbitrary text, and text made of a date's own characters (which land near the shape far more often). */
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom(...'0123456789-:T.Z+ zt'), maxLength: 30 }),
);
const sample = fc.oneof({ weight: 3, arbitrary: valid }, { weight: 4, arbitrary: mutated }, { weight: 2, arbitrary: anyText }, { weight: 1, arbitrary: fc.constantFrom(...LEGACY_AND_EDGES) });
// PostgreSQL text holds no NUL (the store refuses it in data too).
const samples = fc.array(sample.filter((text) => !text.includes('\0')), { minLength: 1, maxLength: 60 });

describe('instantReader: only ISO dates are dates', () => {
  it('reads the legacy forms Date.parse accepts as not a date', () => {
    for (const text of ['0000-01-01T-0:00:00.000Z', 'March 7 2020', '2020-1-5', ' 2020-01-05', '2020-01-05t10:00z', '+002020-01-05T00:00:00.000Z']) {
      expect([text, read(text)]).toEqual([text, Number.NaN]);
      expect(isIsoDate(text)).toBe(false);
    }
  });

  it('reads the ISO forms, with the edges civic_grid_instant reads the same way', () => {
    expect(read('2020-01-05T10:00:00.000Z')).toBe(Date.UTC(2020, 0, 5, 10));
    expect(read('2020-01-05T10:00:00.123456789Z')).toBe(Date.UTC(2020, 0, 5, 10, 0, 0, 123));
    expect(read('2020-01-05T10:00+0800')).toBe(Date.UTC(2020, 0, 5, 2));
    expect(read('2020-01-05T10:00-08:30')).toBe(Date.UTC(2020, 0, 5, 18, 30));
    expect(read('2020-01-05Z')).toBe(Date.UTC(2020, 0, 5));
    expect(read('2020-01-05')).toBe(Date.UTC(2020, 0, 5, 5));
    // 24:00 is the next midnight; 29 February exists in leap years only (2000 is one, 1900 and 2100 are not).
    expect(read('2020-12-31T24:00:00.000Z')).toBe(Date.UTC(2021, 0, 1));
    expect(read('2020-02-29T00:00:00.000Z')).toBe(Date.UTC(2020, 1, 29));
    expect(read('2000-02-29')).toBe(Date.UTC(2000, 1, 29, 5));
    expect(read('2021-01-31T10:00Z')).toBe(Date.UTC(2021, 0, 31, 10));
    expect(read('0000-01-01T00:00:00.000Z')).toBe(-62_167_219_200_000);
    // A day its month does not have is not a date (zod's dates agree), where Date.parse rolls it over into the next month.
    for (const text of ['2021-02-30T00:00:00.000Z', '2021-02-29', '1900-02-29T00:00:00.000Z', '2100-02-29', '2021-04-31T10:00Z', '2021-11-31', '2020-02-30']) {
      expect([text, read(text), isIsoDate(text)]).toEqual([text, Number.NaN, false]);
    }
    for (const text of ['2020-12-31T24:00:00.001Z', '2016-12-31T23:59:60Z', '2020-13-01', '2020-01-32', '2020-01-05T10:00+24:00', '2020-01-05+08:00', '10000-01-01']) {
      expect([text, read(text)]).toEqual([text, Number.NaN]);
    }
  });
});

/** The property, on one database's civic_grid_instant: `sql` returns its answers in the order of the texts. */
const agreesWith = async (sql: (texts: readonly string[]) => Promise<(number | null)[]>, numRuns: number): Promise<void> => {
  expect(await sql(LEGACY_AND_EDGES)).toEqual(jsInstants(LEGACY_AND_EDGES));
  await fc.assert(
    fc.asyncProperty(samples, async (texts) => {
      expect(await sql(texts)).toEqual(jsInstants(texts));
    }),
    { numRuns },
  );
};

const byOrdinal = (schema: string) =>
  `SELECT "${schema}".civic_grid_instant(to_jsonb(value), $2::text) AS instant FROM unnest($1::text[]) WITH ORDINALITY AS t(value, n) ORDER BY n`;

describe('instantReader and civic_grid_instant agree on any string: the same epoch ms, or both not a date', () => {
  it('on SQLite', async () => {
    const db = new Database(':memory:');
    registerKpiFunctions(db as unknown as SqliteDatabase);
    const statement = db.prepare<[string, string], { instant: number | null }>('SELECT civic_grid_instant(?, ?) AS instant');
    try {
      await agreesWith(async (texts) => texts.map((text) => statement.get(JSON.stringify(text), ZONE)?.instant ?? null), 200);
    } finally {
      db.close();
    }
  });

  describe('on PGlite', () => {
    const pglite = migratedPgliteForTheseTests('instant_agreement');
    it('every string', async () => {
      await agreesWith(async (texts) => (await pglite.db.query<{ instant: number | null }>(byOrdinal(pglite.schema), [texts, ZONE])).rows.map((row) => row.instant), 60);
    }, 120_000);
  });

  describe.skipIf(PG_URL === undefined)('on a PostgreSQL server', () => {
    let pool: pg.Pool;
    let schema: string;
    beforeAll(async () => {
      pool = openPool(1);
      schema = freshSchema('instant_agreement');
      await (await createPostgresAdapter({ pool, schema })).close();
    });
    afterAll(async () => {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    });
    it('every string', async () => {
      await agreesWith(async (texts) => (await pool.query<{ instant: number | null }>(byOrdinal(schema), [texts, ZONE])).rows.map((row) => row.instant), 60);
    }, 120_000);
  });
});
