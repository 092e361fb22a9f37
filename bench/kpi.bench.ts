// Plain script: node --expose-gc --import tsx bench/kpi.bench.ts
// 1,000,000 needs and claims over 2020 in the generated Tongchuan city
// (1,206 grids, 13,680 buildings). Times the full standard pack at every
// level (city → building) three ways, on the same data in the same run:
// - civic-grid's full recompute (KpiTally) over the records as the store holds them (ISO dates);
// - the peer: the same figures by hand-written GROUP BY queries in SQLite
//   (better-sqlite3, in memory, epoch-ms integer columns and an index per level);
// - civic-grid's incremental aggregator: µs per change over a stream of
//   status changes, moves between buildings, inserts and removals.
import Database from 'better-sqlite3';
import { generateCity } from '../src/generate/generate-city.js';
import { SeededRandom } from '../src/generate/seeded-random.js';
import { createHierarchy } from '../src/rules/hierarchy/hierarchy.js';
import type { KpiChange, KpiRecordAt } from '../src/rules/kpi/aggregator.js';
import { createKpiAggregator, createKpiTally } from '../src/rules/kpi/engine.js';
import type { KpiEvaluation } from '../src/rules/kpi/evaluation.js';
import { resolvePeriod } from '../src/rules/kpi/period.js';
import { IsoDateTimeSchema, NeedSchema } from '../src/model/need.js';
import { extendKpiPack } from '../src/rules/kpi/pack.js';
import { NEED_TIME_TO_FULFIL, standardKpiEntityRegistry, standardKpiPack } from '../src/rules/kpi/standard-pack.js';

const RECORDS = Number(process.env.KPI_BENCH_RECORDS ?? 1_000_000);
const CHANGES = 100_000;
const RUNS = 3;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const gc = (globalThis as { gc?: () => void }).gc;

const city = generateCity({ seed: 6, scale: 'tongchuan' });
const hierarchy = createHierarchy(city.nodes);
// The need model has no fulfilment time yet: the bench's needs carry one, and
// the pack is extended with the duration figure the way an app would do it.
const registry = standardKpiEntityRegistry().with('need', NeedSchema.extend({ fulfilledAt: IsoDateTimeSchema.nullable() }));
const pack = extendKpiPack(standardKpiPack(registry), { definitions: [NEED_TIME_TO_FULFIL], name: 'bench' }, registry);
const at = new Date('2020-12-31T15:00:00Z');
const year = resolvePeriod({ kind: 'year', year: 2020 }, { at });
const random = new SeededRandom(6);
const buildings = city.buildings;
const unitIds = city.units.map((unit) => unit.id);
const yearStart = year.start.getTime();
const yearLength = year.end.getTime() - yearStart;
const DAY = 86_400_000;

type Row = { kind: 'need' | 'claim' | 'project'; nodeId: string; record: Record<string, unknown> };
const NEED_STATUSES = ['submitted', 'verified', 'published', 'claimed', 'in-progress', 'fulfilled', 'confirmed', 'rejected', 'withdrawn', 'expired'] as const;
const NEED_WEIGHTS = [2, 2, 6, 6, 4, 40, 30, 3, 4, 3];
const CLAIM_STATUSES = ['proposed', 'accepted', 'fulfilled', 'cancelled'] as const;

function weighted<T>(items: readonly T[], weights: readonly number[]): T {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let roll = random.float() * total;
  for (const [index, weight] of weights.entries()) if ((roll -= weight) < 0) return items[index] as T;
  return items[items.length - 1] as T;
}

function needRow(index: number): Row {
  const building = buildings[random.int(0, buildings.length - 1)] as (typeof buildings)[number];
  const created = yearStart + Math.floor(random.float() * yearLength);
  const status = weighted(NEED_STATUSES, NEED_WEIGHTS);
  const fulfilled = status === 'fulfilled' || status === 'confirmed' ? Math.min(created + Math.floor(random.float() * 30 * DAY), yearStart + yearLength - 1) : null;
  return {
    kind: 'need',
    nodeId: building.id,
    record: { id: `n${index}`, category: 'care', status, createdAt: new Date(created).toISOString(), fulfilledAt: fulfilled === null ? null : new Date(fulfilled).toISOString() },
  };
}

function claimRow(index: number): Row {
  const building = buildings[random.int(0, buildings.length - 1)] as (typeof buildings)[number];
  const created = yearStart + Math.floor(random.float() * yearLength);
  return {
    kind: 'claim',
    nodeId: building.id,
    record: {
      id: `c${index}`,
      needId: `n${index}`,
      unitId: unitIds[random.int(0, unitIds.length - 1)],
      direction: random.float() < 0.7 ? 'unitClaimsNeed' : 'communityClaimsResource',
      status: weighted(CLAIM_STATUSES, [1, 3, 5, 1]),
      createdAt: new Date(created).toISOString(),
    },
  };
}

const generating = performance.now();
const rows: Row[] = [];
for (let index = 0; index < RECORDS / 2; index++) rows.push(needRow(index));
for (let index = 0; index < RECORDS / 2; index++) rows.push(claimRow(index));
const communities = hierarchy.atLevel('community');
for (let index = 0; index < 1_158; index++) {
  const community = communities[index % communities.length] as (typeof communities)[number];
  rows.push({
    kind: 'project',
    nodeId: community.id,
    record: {
      id: `p${index}`,
      unitId: unitIds[index % unitIds.length],
      status: 'signed',
      signedAt: new Date(yearStart + Math.floor(random.float() * yearLength)).toISOString(),
      outcomes: { residentsIntoJobs: random.int(0, 9) },
    },
  });
}
const nodes = hierarchy.nodes();
console.log(`data: ${rows.length.toLocaleString()} records, ${nodes.length.toLocaleString()} nodes, generated in ${((performance.now() - generating) / 1000).toFixed(1)} s`);

/** Reads every figure at every node: the full pack at every level. */
function readAll(evaluation: KpiEvaluation): number {
  let sink = 0;
  for (const definition of evaluation.definitions) for (const node of nodes) sink += evaluation.value(definition.id, node.id).sampleSize;
  return sink;
}

// ---- civic-grid full recompute ------------------------------------------
const fullTimes: number[] = [];
let evaluation: KpiEvaluation | undefined;
for (let run = 0; run < RUNS; run++) {
  evaluation = undefined;
  gc?.();
  const started = performance.now();
  const tally = createKpiTally({ hierarchy, definitions: pack, registry, periods: [year] });
  for (const row of rows) tally.add(row.kind, row.record, row.nodeId);
  [evaluation] = tally.finish() as [KpiEvaluation];
  readAll(evaluation);
  fullTimes.push(performance.now() - started);
}
const fullMs = median(fullTimes);
console.log(`civic-grid full recompute, ${pack.definitions.length} KPIs × ${nodes.length.toLocaleString()} nodes: median ${fullMs.toFixed(0)} ms (runs ${fullTimes.map((time) => time.toFixed(0)).join(', ')})`);

// ---- SQLite GROUP BY peer -----------------------------------------------
const LEVELS = ['city', 'district', 'street', 'community', 'grid', 'building'] as const;
const db = new Database(':memory:');
db.exec(`
  CREATE TABLE needs (id TEXT, status TEXT, created_at INTEGER, fulfilled_at INTEGER, ${LEVELS.map((level) => `${level}_id TEXT`).join(', ')});
  CREATE TABLE claims (id TEXT, status TEXT, unit_id TEXT, created_at INTEGER, ${LEVELS.map((level) => `${level}_id TEXT`).join(', ')});
  CREATE TABLE projects (id TEXT, status TEXT, unit_id TEXT, signed_at INTEGER, employed INTEGER, ${LEVELS.slice(0, 4).map((level) => `${level}_id TEXT`).join(', ')});
  CREATE TABLE nodes (id TEXT, level TEXT, ${LEVELS.slice(0, 5).map((level) => `${level}_id TEXT`).join(', ')});
`);
const pathIds = (nodeId: string): (string | null)[] => {
  const path = hierarchy.pathOf(nodeId);
  return LEVELS.map((_, index) => path[index] ?? null);
};
const loading = performance.now();
db.transaction(() => {
  const insertNeed = db.prepare(`INSERT INTO needs VALUES (?, ?, ?, ?, ${LEVELS.map(() => '?').join(', ')})`);
  const insertClaim = db.prepare(`INSERT INTO claims VALUES (?, ?, ?, ?, ${LEVELS.map(() => '?').join(', ')})`);
  const insertProject = db.prepare(`INSERT INTO projects VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertNode = db.prepare(`INSERT INTO nodes VALUES (?, ?, ?, ?, ?, ?, ?)`);
  for (const { kind, nodeId, record } of rows) {
    const epoch = (value: unknown) => (value === null ? null : Date.parse(value as string));
    if (kind === 'need') insertNeed.run(record.id, record.status, epoch(record.createdAt), epoch(record.fulfilledAt), ...pathIds(nodeId));
    else if (kind === 'claim') insertClaim.run(record.id, record.status, record.unitId, epoch(record.createdAt), ...pathIds(nodeId));
    else insertProject.run(record.id, record.status, record.unitId, epoch(record.signedAt), (record.outcomes as { residentsIntoJobs: number }).residentsIntoJobs, ...pathIds(nodeId).slice(0, 4));
  }
  for (const node of nodes) if (node.level !== 'building') insertNode.run(node.id, node.level, ...pathIds(node.id).slice(0, 5));
})();
for (const level of LEVELS) {
  db.exec(`CREATE INDEX needs_${level} ON needs (${level}_id); CREATE INDEX claims_${level} ON claims (${level}_id);`);
}
db.exec('ANALYZE');
console.log(`SQLite load and index (not timed below): ${((performance.now() - loading) / 1000).toFixed(1)} s`);

const PUBLISHED = `('published', 'claimed', 'in-progress', 'fulfilled', 'confirmed', 'expired')`;
const FULFILLED = `('fulfilled', 'confirmed')`;
const TAKEN = `('accepted', 'fulfilled')`;
const SIGNED = `('signed', 'active', 'completed')`;
const queries = LEVELS.flatMap((level) => {
  const node = `${level}_id`;
  const list = [
    // needs.published, needs.fulfilmentRate (numerator and denominator)
    `SELECT ${node} AS node, SUM(status IN ${PUBLISHED}) AS published, SUM(status IN ${FULFILLED}) AS fulfilled
       FROM needs WHERE created_at >= @start AND created_at < @end GROUP BY ${node}`,
    // needs.timeToFulfil: nearest-rank median and p90 per node
    `WITH d AS (SELECT ${node} AS node, fulfilled_at - created_at AS duration,
                       ROW_NUMBER() OVER (PARTITION BY ${node} ORDER BY fulfilled_at - created_at) AS rank,
                       COUNT(*) OVER (PARTITION BY ${node}) AS n
                  FROM needs WHERE status IN ${FULFILLED} AND fulfilled_at >= @start AND fulfilled_at < @end AND fulfilled_at >= created_at)
     SELECT node, MAX(CASE WHEN rank = (n + 1) / 2 THEN duration END) AS median, MAX(CASE WHEN rank = (9 * n + 9) / 10 THEN duration END) AS p90, MAX(n) AS n
       FROM d GROUP BY node`,
    // claims.taken, claims.units
    `SELECT ${node} AS node, COUNT(*) AS taken, COUNT(DISTINCT unit_id) AS units
       FROM claims WHERE status IN ${TAKEN} AND created_at >= @start AND created_at < @end GROUP BY ${node}`,
  ];
  if (level !== 'building') {
    // claims.communityCoverage (covered communities; the denominator is a node count)
    list.push(`SELECT ${node} AS node, COUNT(DISTINCT community_id) AS covered FROM claims
                 WHERE status IN ${TAKEN} AND created_at >= @start AND created_at < @end GROUP BY ${node}`);
    list.push(`SELECT ${node} AS node, SUM(level = 'community') AS communities, SUM(level = 'grid') AS grids FROM nodes GROUP BY ${node}`);
  }
  if (level !== 'grid' && level !== 'building') {
    // projects.signed, projects.units, projects.residentsEmployed
    list.push(`SELECT ${node} AS node, COUNT(*) AS signed, COUNT(DISTINCT unit_id) AS units, SUM(employed) AS employed
                 FROM projects WHERE status IN ${SIGNED} AND signed_at >= @start AND signed_at < @end GROUP BY ${node}`);
  }
  return list;
});
const statements = queries.map((sql) => db.prepare(sql));
const bounds = { start: year.start.getTime(), end: year.end.getTime() };
const sqliteTimes: number[] = [];
let sqliteResults: unknown[][] = [];
for (let run = 0; run < RUNS; run++) {
  const started = performance.now();
  sqliteResults = statements.map((statement) => statement.all(statement.source.includes('@start') ? bounds : {}));
  sqliteTimes.push(performance.now() - started);
}
const sqliteMs = median(sqliteTimes);
console.log(`SQLite GROUP BY, same figures, ${statements.length} queries: median ${sqliteMs.toFixed(0)} ms (runs ${sqliteTimes.map((time) => time.toFixed(0)).join(', ')})`);

// Agreement check at the city: the two must give the same figures.
const cityOf = (index: number) => (sqliteResults[index] as Record<string, number>[])[0] as Record<string, number>;
const final = evaluation as KpiEvaluation;
const root = hierarchy.rootId;
const agree = [
  [final.value('needs.published', root).value, cityOf(0).published],
  [final.value('needs.fulfilmentRate', root).numerator, cityOf(0).fulfilled],
  [final.value('needs.timeToFulfil', root).value, (cityOf(1).median as number) / DAY],
  [final.value('needs.timeToFulfil', root).p90, (cityOf(1).p90 as number) / DAY],
  [final.value('claims.taken', root).value, cityOf(2).taken],
  [final.value('claims.units', root).value, cityOf(2).units],
  [final.value('claims.communityCoverage', root).numerator, cityOf(3).covered],
  [final.value('projects.signed', root).value, cityOf(5).signed],
  [final.value('projects.residentsIntoJobs', root).value, cityOf(5).employed],
];
const disagreements = agree.filter(([ours, theirs]) => ours !== theirs);
console.log(disagreements.length === 0 ? `agreement: all ${agree.length} city figures equal` : `DISAGREEMENT: ${JSON.stringify(disagreements)}`);
console.log(`ratio: SQLite GROUP BY / civic-grid full recompute = ${(sqliteMs / fullMs).toFixed(2)}× (target ≥ 1)`);

// ---- incremental aggregator ---------------------------------------------
rows.length = RECORDS; // drop projects from the change stream's pool; they stay loaded
const aggregator = createKpiAggregator({ hierarchy, definitions: pack, registry, periods: [year] });
const loadingAggregator = performance.now();
const live: (KpiRecordAt & { kind: string })[] = [];
for (const row of rows) {
  aggregator.apply({ kind: row.kind, before: null, after: row });
  live.push(row);
}
console.log(`aggregator load (1 insert per record): ${((performance.now() - loadingAggregator) / 1000).toFixed(1)} s`);

function nextChange(): KpiChange {
  const index = random.int(0, live.length - 1);
  const before = live[index] as KpiRecordAt & { kind: string };
  const roll = random.float();
  let after: (KpiRecordAt & { kind: string }) | null;
  if (roll < 0.5) {
    // a status change, entering or leaving numerators
    const status = before.kind === 'need' ? weighted(NEED_STATUSES, NEED_WEIGHTS) : weighted(CLAIM_STATUSES, [1, 3, 5, 1]);
    const fulfilledAt = status === 'fulfilled' || status === 'confirmed' ? new Date(Date.parse(before.record.createdAt as string) + DAY).toISOString() : null;
    after = { ...before, record: before.kind === 'need' ? { ...before.record, status, fulfilledAt } : { ...before.record, status } };
  } else if (roll < 0.8) {
    // a move to another building
    after = { ...before, nodeId: (buildings[random.int(0, buildings.length - 1)] as (typeof buildings)[number]).id };
  } else if (roll < 0.9) {
    after = null;
  } else {
    const fresh = before.kind === 'need' ? needRow(live.length) : claimRow(live.length);
    live.push(fresh);
    return { kind: fresh.kind, before: null, after: fresh };
  }
  if (after === null) {
    live[index] = live[live.length - 1] as KpiRecordAt & { kind: string };
    live.pop();
  } else live[index] = after;
  return { kind: before.kind, before, after };
}
const changes = Array.from({ length: CHANGES }, nextChange);
const perChange: number[] = [];
for (let run = 0; run < RUNS; run++) {
  // Apply the stream, then undo it in reverse, so each run starts from the same state.
  const started = performance.now();
  for (const change of changes) aggregator.apply(change);
  perChange.push(((performance.now() - started) * 1000) / CHANGES);
  for (let index = changes.length - 1; index >= 0; index--) {
    const change = changes[index] as KpiChange;
    aggregator.apply({ kind: change.kind, before: change.after, after: change.before });
  }
}
const changeUs = median(perChange);
console.log(`incremental: median ${changeUs.toFixed(2)} µs per change over ${CHANGES.toLocaleString()} changes (runs ${perChange.map((time) => time.toFixed(2)).join(', ')}; target ≤ 10 µs)`);
console.log(`ratio: full recompute / one incremental change = ${((fullMs * 1000) / changeUs).toFixed(0)}× (target ≥ 1,000×)`);
db.close();
