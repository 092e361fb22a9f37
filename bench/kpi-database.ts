// Plain script: npm run bench:kpi-database -- [--records=1000000] [--url=postgres://...] [--keep] [--schema=NAME] [--stream=no] [--load-only] [--changes=10000] [--incremental-only]
// The generated megacity (16 districts, 7,000 communities, 100,000 grids,
// ~1.1 million buildings) with needs and claims of 2020 at random buildings,
// in the machine's PostgreSQL (fresh schemas, dropped at the end unless
// --keep; --schema=NAME reuses the schemas a --keep run left; --load-only
// loads, keeps and stops): the standard
// KPI pack (plus time to fulfil) for 2020 and 2019 at every node, three ways
// in the same run:
// - computeKpisInDatabase on the plain schema (twice: the first call also
//   indexes the hierarchy, which later calls reuse);
// - computeKpisInDatabase on the schema partitioned by district;
// - computeKpis streaming the same store page by page through Node (--stream=no skips it);
// - computeKpisInDatabase incremental on the plain schema: the first call
//   (builds the projections), a call with nothing changed, and a call after
//   --changes writes through the store (half need updates, a quarter claim
//   inserts, a quarter claim removals), checked against a full call after them.
//   The projections are dropped at the end, so a --schema rerun builds afresh.
// Records are generated inside the server (INSERT … SELECT over
// generate_series, the records table's own format, valid needs and claims);
// the load is reported apart. Each run reports wall time, Node's CPU time,
// the CPU time of the server processes serving it (from /proc, when the
// server runs on this machine), Node's heap peak (sampled every 20 ms, garbage
// not yet collected included) and what the call leaves alive (its result, after a GC,
// typed arrays included).
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { createPostgresAdapter } from '../src/adapters/postgres/index.js';
import { encodeScope } from '../src/adapters/scope.js';
import { createStore } from '../src/adapters/store.js';
import { generateCity } from '../src/generate/generate-city.js';
import { ClaimSchema } from '../src/model/claim.js';
import { IsoDateTimeSchema, NeedSchema } from '../src/model/need.js';
import { ProjectSchema } from '../src/model/project.js';
import { createHierarchy } from '../src/rules/hierarchy/hierarchy.js';
import { extendKpiPack } from '../src/rules/kpi/pack.js';
import { NEED_TIME_TO_FULFIL, standardKpiEntityRegistry, standardKpiPack } from '../src/rules/kpi/standard-pack.js';
import { computeKpis, type KpiResult } from '../src/services/kpi/compute-kpis.js';
import { computeKpisInDatabase } from '../src/services/kpi/compute-kpis-in-database.js';
import { dropKpiProjections } from '../src/services/kpi/kpi-projections.js';
import { STANDARD_KPI_STORE_KINDS } from '../src/services/kpi/standard-kpi-store-kinds.js';

const argument = (name: string): string | undefined => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const RECORDS = Number(argument('records') ?? 1_000_000);
const URL = argument('url') ?? process.env.CIVIC_GRID_PG_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/civic_grid_test';
const REUSED = argument('schema');
const LOAD_ONLY = process.argv.includes('--load-only');
const KEEP = process.argv.includes('--keep') || REUSED !== undefined || LOAD_ONLY;
const STREAM = argument('stream') !== 'no';
const CHANGES = Number(argument('changes') ?? 10_000);
// Inserted ids are new on every run, so a --schema rerun does not collide with an earlier run's.
const RUN = Date.now().toString(36);
let streamedMs: number | null = null;
// Skips the full calls before the changes and streaming: the incremental ones are then checked against the full call after the changes only.
const INCREMENTAL_ONLY = process.argv.includes('--incremental-only');
const LOAD_CHUNK = 1_000_000;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;

let started = performance.now();
const city = generateCity({ seed: 17, scale: 'megacity' });
const hierarchy = createHierarchy(city.nodes);
const NeedWithFulfilment = NeedSchema.extend({ fulfilledAt: IsoDateTimeSchema.nullable() });
const registry = standardKpiEntityRegistry().with('need', NeedWithFulfilment);
const pack = extendKpiPack(standardKpiPack(registry), { definitions: [NEED_TIME_TO_FULFIL], name: 'bench' }, registry);
const at = new Date('2020-12-31T15:00:00Z');
console.log(`megacity: ${city.nodes.length.toLocaleString()} nodes (${city.buildings.length.toLocaleString()} buildings), built in ${seconds(performance.now() - started)}; ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(2)}`);

// Connections stay open (no idle timeout), so the CPU time of their server processes can be read from /proc;
// the name carries this process's id, so another bench running meanwhile (a load) is not counted.
const APPLICATION = `kpi-database-bench-${process.pid}`;
const pool = new pg.Pool({ connectionString: URL, max: 4, idleTimeoutMillis: 0, application_name: APPLICATION });
const schema = REUSED ?? `kpi_bench_${Date.now().toString(36)}`;
const partitionedSchema = `${schema}_districts`;
const plain = await createPostgresAdapter({ pool, schema });
const partitioned = await createPostgresAdapter({ pool, schema: partitionedSchema, partitionByDistrict: { cityId: hierarchy.rootId, districtIds: hierarchy.childIds(hierarchy.rootId) } });

/**
 * Generates `count` records of `kind` from number `first` on, at pseudo-random
 * buildings (hashint8extended: the same records on every run), straight into
 * the records table. Dates are 2020 instants in UTC ("…Z"), as toISOString writes them.
 */
function generatedRecords(kind: 'need' | 'claim'): string {
  const hash = (salt: number): string => `abs(hashint8extended(g, ${salt}))`;
  const created = `('2019-12-31 16:00'::timestamp + (${hash(3)} % 31622400000) * interval '1 millisecond')`;
  const iso = (timestamp: string): string => `to_char(${timestamp}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const status = `(ARRAY[${(kind === 'need' ? NEED_STATUSES : CLAIM_STATUSES).map((value) => `'${value}'`).join(', ')}])[1 + ${hash(2)} % ${(kind === 'need' ? NEED_STATUSES : CLAIM_STATUSES).length}]`;
  const data =
    kind === 'need'
      ? `jsonb_build_object('id', 'n' || g, 'category', 'elderlyCare', 'description', 'bench need', 'locationId', b.id, 'quantity', 1, 'urgency', 1 + g % 5,
          'requester', jsonb_build_object('kind', 'resident', 'id', 'r' || g), 'status', s.status, 'createdAt', ${iso('s.created')},
          'fulfilledAt', CASE WHEN s.status IN ('fulfilled', 'confirmed') THEN ${iso(`least(s.created + (${hash(4)} % 2592000000) * interval '1 millisecond', '2020-12-31 15:59:59.999'::timestamp)`)} END)`
      : `jsonb_build_object('id', 'c' || g, 'needId', 'n' || g, 'unitId', u.id, 'claimedBy', u.id, 'via', 'manual', 'status', s.status, 'createdAt', ${iso('s.created')},
          'direction', CASE WHEN ${hash(5)} % 10 < 7 THEN 'unitClaimsNeed' ELSE 'communityClaimsResource' END)`;
  return `INSERT INTO "${schema}".civic_grid_records (kind, id, version, scope, depth, created_at, updated_at, data)
    SELECT '${kind}', '${kind === 'need' ? 'n' : 'c'}' || g, 1, b.scope, b.depth, now(), now(), ${data}
    FROM generate_series($1::bigint, $2::bigint) AS g
    CROSS JOIN LATERAL (SELECT ${status} AS status, ${created} AS created) AS s
    JOIN pg_temp.bench_buildings AS b ON b.n = ${hash(1)} % $3
    ${kind === 'claim' ? `JOIN pg_temp.bench_units AS u ON u.n = ${hash(6)} % $4` : ''}`;
}
const NEED_STATUSES = ['submitted', 'verified', 'published', 'claimed', 'in-progress', 'fulfilled', 'confirmed', 'rejected', 'withdrawn', 'expired'] as const;
const CLAIM_STATUSES = ['proposed', 'accepted', 'fulfilled', 'cancelled'] as const;

async function load(): Promise<void> {
  const loader = await pool.connect();
  try {
    started = performance.now();
    await loader.query('CREATE TEMP TABLE bench_buildings (n integer PRIMARY KEY, id text NOT NULL, scope text COLLATE "C" NOT NULL, depth integer NOT NULL)');
    await loader.query('CREATE TEMP TABLE bench_units (n integer PRIMARY KEY, id text NOT NULL)');
    const paths = city.buildings.map((building) => hierarchy.pathOf(building.id));
    for (let start = 0; start < paths.length; start += 100_000) {
      const chunk = paths.slice(start, start + 100_000);
      await loader.query('INSERT INTO bench_buildings SELECT $1::integer + n - 1, id, scope, depth FROM unnest($2::text[], $3::text[], $4::integer[]) WITH ORDINALITY AS t(id, scope, depth, n)', [
        start,
        chunk.map((path) => path.at(-1)),
        chunk.map(encodeScope),
        chunk.map((path) => path.length),
      ]);
    }
    await loader.query('INSERT INTO bench_units SELECT n - 1, id FROM unnest($1::text[]) WITH ORDINALITY AS t(id, n)', [city.units.map((unit) => unit.id)]);
    const needs = Math.floor(RECORDS / 2);
    for (const [kind, count] of [
      ['need', needs],
      ['claim', RECORDS - needs],
    ] as const) {
      for (let first = 1; first <= count; first += LOAD_CHUNK) {
        const bounds = [first, Math.min(count, first + LOAD_CHUNK - 1), paths.length];
        await loader.query(generatedRecords(kind), kind === 'claim' ? [...bounds, city.units.length] : bounds);
      }
    }
    const plainMs = performance.now() - started;
    started = performance.now();
    await loader.query(`INSERT INTO "${partitionedSchema}".civic_grid_records SELECT * FROM "${schema}".civic_grid_records`);
    const copyMs = performance.now() - started;
    started = performance.now();
    // Sets hint bits and the visibility map, so the first measured scan does not pay for writing them.
    await loader.query(`VACUUM ANALYZE "${schema}".civic_grid_records`);
    await loader.query(`VACUUM ANALYZE "${partitionedSchema}".civic_grid_records`);
    console.log(
      `load: ${RECORDS.toLocaleString()} records (half needs, half claims) generated in the server in ${seconds(plainMs)}; copied into the partitioned schema in ${seconds(copyMs)}; vacuumed and analysed in ${seconds(performance.now() - started)}`,
    );
  } finally {
    loader.release();
  }
}

if (REUSED === undefined) await load();
const [size] = (await pool.query(`SELECT count(*)::int AS records, pg_size_pretty(pg_total_relation_size('"${schema}".civic_grid_records')) AS size FROM "${schema}".civic_grid_records`)).rows as { records: number; size: string }[];
console.log(`records table: ${size?.records.toLocaleString()} records, ${size?.size} with its indexes`);
// The generated records are valid needs and claims (the bench's schemas): a sample of each checked here.
const sample = (await pool.query(`SELECT kind, data FROM "${schema}".civic_grid_records WHERE kind IN ('need', 'claim') ORDER BY kind, id LIMIT 1000`)).rows as { kind: string; data: unknown }[];
for (const { kind, data } of sample) (kind === 'need' ? NeedWithFulfilment : ClaimSchema).parse(data);
if (LOAD_ONLY) {
  console.log(`kept schemas ${schema} and ${partitionedSchema} (measure: --schema=${schema})`);
  await pool.end();
  process.exit(0);
}

interface Measured {
  /** The call's figures (see `figures`): its result itself is not kept, so each later call runs on a heap without it. */
  figures: string[];
  ms: number;
  cpuMs: number;
  serverCpuMs: number | null;
  heapPeak: number;
  retained: number;
}

/** The JS heap plus typed arrays' memory (outside the heap: a KpiResult's per-node figures are Float64Arrays). */
function held(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/**
 * CPU time (user + system, ms) of each PostgreSQL server process serving this
 * bench, read from /proc: the server runs on this machine, which others share,
 * so its CPU time says what the statements cost apart from waiting. Null when
 * /proc cannot be read (another machine's server).
 */
async function serverCpu(): Promise<Map<number, number> | null> {
  const { rows } = await pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [APPLICATION]);
  const ticks = new Map<number, number>();
  try {
    for (const { pid } of rows) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
    }
  } catch {
    return null;
  }
  return ticks;
}

/**
 * Runs `fn`, sampling Node's heap every 20 ms: wall time, Node's CPU time
 * (user + system), and the peak heap above the heap before. Only the
 * result's figures outlive the call: a streaming result holds about 2 GB at
 * 10 million records, which kept alive made every later call's garbage
 * collection dearer (Node CPU of the nothing-changed incremental call, same
 * code: 20.0 s in a run that kept every result, 13–14 s alone).
 */
async function measured(label: string, fn: () => Promise<KpiResult>): Promise<Measured> {
  globalThis.gc?.();
  const base = process.memoryUsage().heapUsed;
  const baseHeld = held();
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 20);
  const serverBefore = await serverCpu();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await fn();
  const ms = performance.now() - start;
  const { user, system } = process.cpuUsage(cpu);
  clearInterval(sampler);
  const serverAfter = await serverCpu();
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  // What the call leaves alive (its result), garbage collected: the peak also counts garbage not yet collected.
  globalThis.gc?.();
  const retained = held() - baseHeld;
  const serverCpuMs = serverBefore === null || serverAfter === null ? null : [...serverAfter].reduce((total, [pid, after]) => total + after - (serverBefore.get(pid) ?? 0), 0);
  const run = { figures: figures(result), ms, cpuMs: (user + system) / 1000, serverCpuMs, heapPeak: peak - base, retained };
  console.log(
    `${label}: ${seconds(run.ms)} wall, Node CPU ${seconds(run.cpuMs)}, server CPU ${serverCpuMs === null ? 'unknown' : seconds(serverCpuMs)}, Node heap peak +${mb(run.heapPeak)}, retained +${mb(run.retained)} (load average ${loadavg()[0]?.toFixed(2)})`,
  );
  return run;
}

const options = { hierarchy, definitions: pack, registry, period: { kind: 'year', year: 2020 } as const, at };

/** Every figure, both periods, at every node above the grids and at every 50th grid and building (the property tests check every node). */
const checked = hierarchy.nodes().filter((node, index) => (node.level !== 'grid' && node.level !== 'building') || index % 50 === 0);
function figures(result: KpiResult): string[] {
  return [result.current, result.previous].flatMap((evaluation) => evaluation.definitions.map((definition) => JSON.stringify(checked.map((node) => evaluation.value(definition.id, node.id)))));
}
const same = (a: string[], b: string[]): boolean => a.length === b.length && a.every((band, index) => band === b[index]);
let databaseFigures: string[] | null = null;
if (!INCREMENTAL_ONLY) {
  const firstCall = await measured('computeKpisInDatabase, plain schema, first call', () => computeKpisInDatabase({ adapter: plain, ...options }));
  const inPlain = await measured('computeKpisInDatabase, plain schema', () => computeKpisInDatabase({ adapter: plain, ...options }));
  const inPartitions = await measured('computeKpisInDatabase, partitioned by district', () => computeKpisInDatabase({ adapter: partitioned, ...options }));
  databaseFigures = inPlain.figures;
  console.log(`equal figures at ${checked.length.toLocaleString()} nodes: partitioned = plain ${same(inPartitions.figures, databaseFigures)}, first call = plain ${same(firstCall.figures, databaseFigures)}`);

  if (STREAM) {
    const store = createStore(plain, { kinds: { ...STANDARD_KPI_STORE_KINDS, need: NeedWithFulfilment, claim: ClaimSchema, project: ProjectSchema } });
    const streamed = await measured('computeKpis streaming the store', () => computeKpis({ store, ...options }));
    streamedMs = streamed.ms;
    console.log(`speed-up (wall): ${(streamed.ms / inPlain.ms).toFixed(1)}× plain, ${(streamed.ms / inPartitions.ms).toFixed(1)}× partitioned, ${(streamed.ms / firstCall.ms).toFixed(1)}× plain first call`);
    console.log(`equal figures at ${checked.length.toLocaleString()} nodes: streaming = plain ${same(streamed.figures, databaseFigures)}`);
  }
}

// Incremental: the projections are built, then caught up after writes through the store (they leave audit entries).
const incremental = { ...options, incremental: true };
const built = await measured('computeKpisInDatabase incremental, first call (builds the projections)', () => computeKpisInDatabase({ adapter: plain, ...incremental }));
const unchanged = await measured('computeKpisInDatabase incremental, nothing changed', () => computeKpisInDatabase({ adapter: plain, ...incremental }));
if (databaseFigures !== null) console.log(`equal figures at ${checked.length.toLocaleString()} nodes: incremental first call = plain ${same(built.figures, databaseFigures)}, nothing changed = plain ${same(unchanged.figures, databaseFigures)}`);
started = performance.now();
// The same changes on both schemas, so a --schema rerun still compares equal data.
for (const adapter of [plain, partitioned]) await changeThroughStore(adapter, CHANGES);
console.log(`${CHANGES.toLocaleString()} changes written through the store, on each schema, in ${seconds(performance.now() - started)}`);
const caughtUp = await measured(`computeKpisInDatabase incremental, after ${CHANGES.toLocaleString()} changes`, () => computeKpisInDatabase({ adapter: plain, ...incremental }));
const fullAfter = await measured('computeKpisInDatabase (full) after the changes', () => computeKpisInDatabase({ adapter: plain, ...options }));
const afterFigures = fullAfter.figures;
console.log(
  `equal figures at ${checked.length.toLocaleString()} nodes: incremental after the changes = full after them ${same(caughtUp.figures, afterFigures)}; incremental before the changes differ from full after them ${!same(unchanged.figures, afterFigures)}`,
);
if (streamedMs !== null) {
  console.log(`speed-up over streaming (wall): ${(streamedMs / built.ms).toFixed(1)}× incremental first call, ${(streamedMs / unchanged.ms).toFixed(1)}× nothing changed, ${(streamedMs / caughtUp.ms).toFixed(1)}× after the changes`);
}
console.log(`projections dropped: ${await dropKpiProjections({ adapter: plain })}`);

/**
 * `count` writes through a store over `adapter`, so each leaves an audit entry: half
 * update a need (status and fulfilment), a quarter insert a claim, a quarter
 * remove one. Ids are picked by a fixed linear congruential sequence.
 */
async function changeThroughStore(adapter: typeof plain, count: number): Promise<void> {
  const store = createStore(adapter, { kinds: { need: NeedWithFulfilment, claim: ClaimSchema } });
  const needs = Math.floor(RECORDS / 2);
  let state = 17;
  const pick = (limit: number): number => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return 1 + (state % limit);
  };
  const fulfilledAt = '2020-11-30T08:00:00.000Z';

  for (let done = 0; done < count; done++) {
    const kind = done % 4;
    if (kind <= 1) {
      const id = `n${pick(needs)}`;
      const need = await store.getOrThrow('need', id);
      await store.update('need', id, { status: 'fulfilled', fulfilledAt }, { expectedVersion: need.version });
    } else if (kind === 2) {
      let claim = await store.get('claim', `c${pick(RECORDS - needs)}`);
      // A claim removed earlier in the sequence: another one.
      while (claim === null) claim = await store.get('claim', `c${pick(RECORDS - needs)}`);
      await store.insert('claim', { ...claim.data, id: `c-new-${RUN}-${done}`, status: 'fulfilled' }, { scope: claim.scope });
    } else {
      const id = `c${pick(RECORDS - needs)}`;
      const claim = await store.get('claim', id);
      if (claim !== null) await store.remove('claim', id, { expectedVersion: claim.version });
    }
  }
}

await plain.close();
await partitioned.close();
if (!KEEP) for (const name of [schema, partitionedSchema]) await pool.query(`DROP SCHEMA "${name}" CASCADE`);
else console.log(`kept schemas ${schema} and ${partitionedSchema} (reuse: --schema=${schema})`);
await pool.end();
