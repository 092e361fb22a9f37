/**
 * Micro-wishes and in-service members bench (issue 13): `npm run bench:wishes-members`.
 * A generated Tongchuan 2019 season (generateMembers: 15,000 registered members, 1,450 activities,
 * 200,000 service records = activity participations; generateWishes: 10,000 micro-wishes, 400 rejected
 * at verification and 200 withdrawn, claimed by those members) is written through the store to each adapter
 * (memory, SQLite file, PGlite; a PostgreSQL server when CIVIC_GRID_PG_URL is set), then computed into
 * the member and wish KPIs by computeKpis (year 2019) and, for the two per-member and per-unit figures, by the pure
 * rules over the records read back from the store. The same figures are computed by SQL GROUP BY on the
 * SQLite file in the same run, and every adapter's figures must agree with them (the bench exits 1 if not).
 * Sizes: BENCH_MEMBERS (default 15,000 registered), BENCH_ACTIVITIES (1,450), BENCH_PARTICIPATIONS (200,000),
 * BENCH_WISHES (10,000). BENCH_ADAPTERS (default memory,sqlite,pglite,pg) picks the adapters; SQLite always runs,
 * as the SQL GROUP BY reads its file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createMemoryAdapter } from '../src/adapters/memory/index.js';
import { createPostgresAdapter } from '../src/adapters/postgres/index.js';
import { createSqliteAdapter } from '../src/adapters/sqlite/index.js';
import {
  computeKpis,
  createWishPolicy,
  generateWishes,
  WISH_KINDS,
  createHierarchy,
  createStore,
  generateCity,
  generateMembers,
  MEMBER_KINDS,
  membersPastPassMark,
  pointRules,
  resolvePeriod,
  serviceHoursByMember,
  standardKpiEntityRegistry,
  standardKpiPack,
  unitServiceRates,
  unitsBelowRate,
  type GeneratedMembers,
  type StorageAdapter,
  type Store,
} from '../src/index.js';
import { queryAll } from '../src/services/query-all.js';

const size = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const REGISTERED = size('BENCH_MEMBERS', 15_000);
const ACTIVITIES = size('BENCH_ACTIVITIES', 1_450);
const PARTICIPATIONS = size('BENCH_PARTICIPATIONS', 200_000);
const WISHES = size('BENCH_WISHES', 10_000);
const ADAPTERS = new Set((process.env.BENCH_ADAPTERS ?? 'memory,sqlite,pglite,pg').split(','));
const PG_URL = process.env.CIVIC_GRID_PG_URL;
const YEAR = 2019;
const TIME_ZONE = 'Asia/Shanghai';
const AT = new Date('2020-07-13T10:00:00+08:00');
const CHUNK = 5_000;
const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;
const fmt = (n: number, digits = 0): string => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The figures compared across adapters and against SQL. */
interface Figures {
  registered: number;
  members: number;
  postsClaimed: number;
  activities: number;
  serviceHours: number;
  membersServing: number;
  /** By the KPI members.pastPassMark (groupCount). */
  membersPast50Hours: number;
  /** By the rules serviceHoursByMember + membersPastPassMark. */
  membersPast50HoursRule: number;
  /** By the KPI units.belowRegistrationRate (groupCount). */
  unitsBelow95Registration: number;
  /** Registration or service rate below 95%, by the rule unitServiceRates (the service rate joins two kinds). */
  unitsBelow95: number;
  /** Service hours per community, "id=hours" sorted by id. */
  hoursByCommunity: string;
  wishesCollected: number;
  wishesPublished: number;
  wishesClaimed: number;
  wishesFulfilled: number;
  /** Fulfilled / published (withdrawn excluded), over the wishes published in the year. */
  fulfilmentRate: string;
  /** In fen, exact. */
  valueDeliveredFen: number;
}

let start = process.hrtime.bigint();
const city = generateCity({ seed: 2020, scale: 'tongchuan' });
const hierarchy = createHierarchy(city.nodes);
const season = generateMembers({ seed: YEAR, city, year: YEAR, registered: REGISTERED, activities: ACTIVITIES, participations: PARTICIPATIONS, timeZone: TIME_ZONE });
const membersMs = ms(start);
start = process.hrtime.bigint();
const memberIds = season.registrations.map((registration) => registration.value.memberId);
const wishSeason = generateWishes({ seed: YEAR, city, policy: createWishPolicy(), year: YEAR, published: WISHES - 600, rejected: 400, withdrawn: 200, memberIds });
const wishes = wishSeason.wishes.map((value, index) => ({ value, scope: wishSeason.scopes[index] as string[] }));
console.log(
  `node ${process.version}; Tongchuan ${YEAR}: ${fmt(season.members.length)} members (${fmt(season.registrations.length)} registered), ${fmt(season.activities.length)} activities, ${fmt(season.serviceRecords.length)} service records, ${fmt(season.postClaims.length)} post claims (generated in ${fmt(membersMs)} ms); ${fmt(wishes.length)} wishes (generated in ${fmt(ms(start))} ms). Machine shared with other jobs.\n`,
);

const registry = standardKpiEntityRegistry();
const memberEntities = new Set(['member', 'registration', 'postClaim', 'activity', 'serviceRecord', 'wish']);
const definitions = standardKpiPack(registry).definitions.filter((definition) => memberEntities.has(definition.entity));
const communities = hierarchy.atLevel('community').map((node) => node.id).sort();
const rules = pointRules('default');

const BENCH_KINDS = { ...MEMBER_KINDS, ...WISH_KINDS };
type BenchStore = Store<typeof BENCH_KINDS>;

async function load(store: BenchStore, data: GeneratedMembers): Promise<void> {
  const kinds = [
    ['member', data.members],
    ['registration', data.registrations],
    ['servicePost', data.posts],
    ['postClaim', data.postClaims],
    ['activity', data.activities],
    ['serviceRecord', data.serviceRecords],
    ['wish', wishes],
  ] as const;
  for (const [kind, items] of kinds) {
    for (let from = 0; from < items.length; from += CHUNK) await store.insertMany(kind, items.slice(from, from + CHUNK) as never);
  }
}

async function measure(name: string, adapter: StorageAdapter): Promise<Figures> {
  const store = createStore(adapter, { kinds: BENCH_KINDS, actor: 'bench' });
  let t = process.hrtime.bigint();
  await load(store, season);
  const loadMs = ms(t);
  t = process.hrtime.bigint();
  const result = await computeKpis({ store, hierarchy, definitions, registry, period: { kind: 'year', year: YEAR }, at: AT, timeZone: TIME_ZONE });
  const kpiMs = ms(t);
  t = process.hrtime.bigint();
  const records = await queryAll(store, 'serviceRecord', { scope: [] });
  const members = await queryAll(store, 'member', { scope: [] });
  const hours = serviceHoursByMember(records.map((record) => record.data), YEAR, TIME_ZONE);
  const past50 = membersPastPassMark(hours, rules);
  const rates = unitServiceRates(members.map((member) => member.data), new Set(hours.keys()));
  const below = unitsBelowRate(rates);
  const rulesMs = ms(t);
  const root = (id: string): number => result.current.value(id, hierarchy.rootId).value as number;
  const rate = result.current.value('members.registrationRate', hierarchy.rootId);
  const figures: Figures = {
    registered: root('members.registered'),
    members: rate.denominator as number,
    postsClaimed: root('servicePosts.claimed'),
    activities: root('activities.held'),
    serviceHours: root('members.serviceHours'),
    membersServing: root('members.serving'),
    membersPast50Hours: root('members.pastPassMark'),
    membersPast50HoursRule: past50.length,
    unitsBelow95Registration: root('units.belowRegistrationRate'),
    unitsBelow95: below.length,
    hoursByCommunity: communities.map((id) => `${id}=${result.current.value('members.serviceHours', id).value}`).join(','),
    wishesCollected: root('wishes.collected'),
    wishesPublished: root('wishes.published'),
    wishesClaimed: root('wishes.claimed'),
    wishesFulfilled: root('wishes.fulfilled'),
    fulfilmentRate: ratioText(result.current.value('wishes.fulfilmentRate', hierarchy.rootId)),
    valueDeliveredFen: Math.round(root('wishes.valueDelivered') * 100),
  };
  console.log(`${name.padEnd(22)} load ${fmt(loadMs).padStart(8)} ms   KPIs (engine) ${fmt(kpiMs).padStart(7)} ms   read back + rules ${fmt(rulesMs).padStart(7)} ms`);
  return figures;
}

const ratioText = (value: { numerator?: number; denominator?: number }): string => `${value.numerator} / ${value.denominator}`;

/** The same figures by SQL GROUP BY over the SQLite file the adapter wrote. */
function bySql(file: string): { figures: Figures; ms: number } {
  const db = new Database(file, { readonly: true });
  const t = process.hrtime.bigint();
  const period = resolvePeriod({ kind: 'year', year: YEAR }, { at: AT, timeZone: TIME_ZONE });
  const [from, to] = [period.start.toISOString(), period.end.toISOString()];
  const one = (sql: string, ...params: unknown[]): number => Number(Object.values(db.prepare(sql).get(...params) as Record<string, unknown>)[0] ?? 0);
  const inYear = (field: string) => `json_extract(data, '$.${field}') >= ? AND json_extract(data, '$.${field}') < ?`;
  // Service records of the year, per member: the base of the hours, the 50-hour line and "served".
  const perMember = `SELECT json_extract(data, '$.memberId') AS member_id, SUM(json_extract(data, '$.hours')) AS hours FROM civic_grid_records WHERE kind = 'serviceRecord' AND ${inYear('heldAt')} GROUP BY member_id`;
  const byCommunity = new Map(
    (db.prepare(`SELECT json_extract(data, '$.communityId') AS community, SUM(json_extract(data, '$.hours')) AS hours FROM civic_grid_records WHERE kind = 'serviceRecord' AND ${inYear('heldAt')} GROUP BY community`).all(from, to) as { community: string; hours: number }[]).map((row) => [row.community, row.hours]),
  );
  const figures: Figures = {
    registered: one(`SELECT COUNT(*) FROM civic_grid_records WHERE kind = 'registration'`),
    members: one(`SELECT COUNT(*) FROM civic_grid_records WHERE kind = 'member'`),
    postsClaimed: one(`SELECT COUNT(*) FROM civic_grid_records WHERE kind = 'postClaim' AND ${inYear('claimedAt')}`, from, to),
    activities: one(`SELECT COUNT(*) FROM civic_grid_records WHERE kind = 'activity' AND ${inYear('heldAt')}`, from, to),
    serviceHours: one(`SELECT SUM(json_extract(data, '$.hours')) FROM civic_grid_records WHERE kind = 'serviceRecord' AND ${inYear('heldAt')}`, from, to),
    membersServing: one(`SELECT COUNT(*) FROM (${perMember})`, from, to),
    membersPast50Hours: one(`SELECT COUNT(*) FROM (${perMember}) WHERE hours >= 50`, from, to),
    membersPast50HoursRule: one(`SELECT COUNT(*) FROM (${perMember}) WHERE hours >= 50`, from, to),
    unitsBelow95Registration: one(
      `SELECT COUNT(*) FROM (
         SELECT COUNT(*) AS members, SUM(json_extract(data, '$.registeredAt') IS NOT NULL) AS registered
         FROM civic_grid_records WHERE kind = 'member' GROUP BY json_extract(data, '$.unitId'))
       WHERE CAST(registered AS REAL) / members < 0.95`,
    ),
    unitsBelow95: one(
      // A non-correlated IN list is built once (an ephemeral index), not once per member.
      `SELECT COUNT(*) FROM (
         SELECT json_extract(data, '$.unitId') AS unit_id, COUNT(*) AS members,
                SUM(json_extract(data, '$.registeredAt') IS NOT NULL) AS registered, SUM(id IN (SELECT member_id FROM (${perMember}))) AS served
         FROM civic_grid_records WHERE kind = 'member' GROUP BY unit_id)
       WHERE CAST(registered AS REAL) / members < 0.95 OR CAST(served AS REAL) / members < 0.95`,
      from,
      to,
    ),
    hoursByCommunity: communities.map((id) => `${id}=${byCommunity.get(id) ?? 0}`).join(','),
    wishesCollected: one(`SELECT COUNT(*) FROM civic_grid_records WHERE kind = 'wish' AND ${inYear('collectedAt')}`, from, to),
    wishesPublished: one(`SELECT COUNT(*) FROM civic_grid_records WHERE kind = 'wish' AND ${wishIn(PUBLISHED)} AND ${inYear('publishedAt')}`, from, to),
    wishesClaimed: one(`SELECT COUNT(*) FROM civic_grid_records WHERE kind = 'wish' AND ${wishIn(CLAIMED)} AND ${inYear('claimedAt')}`, from, to),
    wishesFulfilled: one(`SELECT COUNT(*) FROM civic_grid_records WHERE kind = 'wish' AND ${wishIn(FULFILLED)} AND ${inYear('fulfilledAt')}`, from, to),
    fulfilmentRate: (() => {
      const row = db
        .prepare(`SELECT SUM(${wishIn(FULFILLED)}) AS fulfilled, COUNT(*) AS published FROM civic_grid_records WHERE kind = 'wish' AND ${wishIn(PUBLISHED)} AND ${inYear('publishedAt')}`)
        .get(from, to) as { fulfilled: number; published: number };
      return ratioText({ numerator: row.fulfilled, denominator: row.published });
    })(),
    // Whole fen summed as integers: exact, like the engine's sum.
    valueDeliveredFen: one(`SELECT SUM(CAST(ROUND(json_extract(data, '$.valueYuan') * 100) AS INTEGER)) FROM civic_grid_records WHERE kind = 'wish' AND ${wishIn(FULFILLED)} AND ${inYear('fulfilledAt')}`, from, to),
  };
  const elapsed = ms(t);
  db.close();
  return { figures, ms: elapsed };
}

/** The wish funnel's statuses, as the standard pack's definitions name them. */
const PUBLISHED = ['published', 'claimed', 'fulfilled', 'feedbackGiven'];
const CLAIMED = ['claimed', 'fulfilled', 'feedbackGiven'];
const FULFILLED = ['fulfilled', 'feedbackGiven'];
const wishIn = (statuses: readonly string[]): string => `json_extract(data, '$.status') IN (${statuses.map((status) => `'${status}'`).join(', ')})`;

const dir = mkdtempSync(join(tmpdir(), 'civic-grid-bench-members-'));
const results: [string, Figures][] = [];
let sql: { figures: Figures; ms: number };
try {
  if (ADAPTERS.has('memory')) results.push(['memory', await measure('memory', createMemoryAdapter())]);
  const file = join(dir, 'members.sqlite');
  const sqlite = await createSqliteAdapter(file);
  results.push(['sqlite (file)', await measure('sqlite (file)', sqlite)]);
  await sqlite.close();
  sql = bySql(file);
  console.log(`${'SQL GROUP BY (sqlite)'.padEnd(22)} the same figures by hand-written SQL in ${fmt(sql.ms)} ms`);
  if (ADAPTERS.has('pglite')) {
    const pglite = await PGlite.create();
    results.push(['postgres (PGlite)', await measure('postgres (PGlite)', await createPostgresAdapter({ pglite }))]);
    await pglite.close();
  }
  if (!ADAPTERS.has('pg')) console.log('pg server skipped (BENCH_ADAPTERS)');
  else if (PG_URL === undefined) console.log('pg server skipped: set CIVIC_GRID_PG_URL');
  else {
    const pool = new pg.Pool({ connectionString: PG_URL, max: 4 });
    const schema = `bench_members_${process.pid}`;
    try {
      results.push(['postgres (server)', await measure('postgres (server)', await createPostgresAdapter({ pool, schema }))]);
    } finally {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const expected = sql.figures;
console.log('\nfigure                    SQL GROUP BY   ' + results.map(([name]) => name.padStart(18)).join(''));
let disagreements = 0;
for (const key of Object.keys(expected) as (keyof Figures)[]) {
  const shown = (value: number | string): string => (typeof value === 'number' ? fmt(value, Number.isInteger(value) ? 0 : 1) : value === expected[key] ? 'same' : 'DIFFERS');
  const cells = results.map(([, figures]) => {
    if (figures[key] !== expected[key]) disagreements++;
    return `${shown(figures[key])}${figures[key] === expected[key] ? '' : ' ✗'}`.padStart(18);
  });
  const reference = typeof expected[key] === 'number' ? fmt(expected[key], Number.isInteger(expected[key]) ? 0 : 1) : key === 'hoursByCommunity' ? `${communities.length} communities` : expected[key];
  console.log(`${key.padEnd(26)}${reference.padStart(14)} ${cells.join('')}`);
}
console.log(`registration rate: ${fmt((100 * expected.registered) / expected.members, 2)}% (${fmt(expected.registered)} / ${fmt(expected.members)})`);
const [fulfilled, published] = expected.fulfilmentRate.split(' / ').map(Number) as [number, number];
console.log(`wish fulfilment rate: ${fmt((100 * fulfilled) / published, 1)}% (${expected.fulfilmentRate}); value delivered ¥${fmt(expected.valueDeliveredFen / 100, 2)}`);
if (disagreements > 0) {
  console.log(`\n${disagreements} figure(s) disagree with SQL GROUP BY`);
  process.exitCode = 1;
} else console.log('\nevery adapter agrees with SQL GROUP BY on every figure');
