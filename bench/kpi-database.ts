// Plain script: npm run bench:kpi-database -- [--records=1000000] [--url=postgres://...] [--keep]
// The generated megacity (16 districts, 7,000 communities, 100,000 grids,
// ~1.1 million buildings) with needs and claims of 2020 at random buildings,
// in the machine's PostgreSQL (fresh schemas, dropped at the end unless
// --keep): the standard KPI pack (plus time to fulfil) for 2020 and 2019 at
// every node, three ways in the same run:
// - computeKpisInDatabase on the plain schema;
// - computeKpisInDatabase on the schema partitioned by district;
// - computeKpis streaming the same store page by page through Node.
// Load time is reported apart. Node's heap is sampled during each run.
import pg from 'pg';
import { createPostgresAdapter } from '../src/adapters/postgres/index.js';
import type { RecordInput } from '../src/adapters/port.js';
import { createStore } from '../src/adapters/store.js';
import { generateCity } from '../src/generate/generate-city.js';
import { SeededRandom } from '../src/generate/seeded-random.js';
import { ClaimSchema } from '../src/model/claim.js';
import { IsoDateTimeSchema, NeedSchema } from '../src/model/need.js';
import { ProjectSchema } from '../src/model/project.js';
import { createHierarchy } from '../src/rules/hierarchy/hierarchy.js';
import { extendKpiPack } from '../src/rules/kpi/pack.js';
import { NEED_TIME_TO_FULFIL, standardKpiEntityRegistry, standardKpiPack } from '../src/rules/kpi/standard-pack.js';
import { computeKpis, type KpiResult } from '../src/services/kpi/compute-kpis.js';
import { computeKpisInDatabase } from '../src/services/kpi/compute-kpis-in-database.js';

const argument = (name: string): string | undefined => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const RECORDS = Number(argument('records') ?? 1_000_000);
const URL = argument('url') ?? process.env.CIVIC_GRID_PG_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/civic_grid_test';
const KEEP = process.argv.includes('--keep');
const BATCH = 10_000;
const DAY = 86_400_000;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;

let started = performance.now();
const city = generateCity({ seed: 17, scale: 'megacity' });
const hierarchy = createHierarchy(city.nodes);
const registry = standardKpiEntityRegistry().with('need', NeedSchema.extend({ fulfilledAt: IsoDateTimeSchema.nullable() }));
const pack = extendKpiPack(standardKpiPack(registry), { definitions: [NEED_TIME_TO_FULFIL], name: 'bench' }, registry);
const at = new Date('2020-12-31T15:00:00Z');
const yearStart = Date.UTC(2019, 11, 31, 16);
const yearLength = Date.UTC(2020, 11, 31, 16) - yearStart;
console.log(`megacity: ${city.nodes.length.toLocaleString()} nodes (${city.buildings.length.toLocaleString()} buildings), built in ${seconds(performance.now() - started)}`);

const random = new SeededRandom(17);
const NEED_STATUSES = ['submitted', 'verified', 'published', 'claimed', 'in-progress', 'fulfilled', 'confirmed', 'rejected', 'withdrawn', 'expired'] as const;
const CLAIM_STATUSES = ['proposed', 'accepted', 'fulfilled', 'cancelled'] as const;
const unitIds = city.units.map((unit) => unit.id);
const pick = <T>(items: readonly T[]): T => items[random.int(0, items.length - 1)] as T;
const buildingScope = (): string[] => hierarchy.pathOf(pick(city.buildings).id);

function need(index: number): RecordInput {
  const created = yearStart + Math.floor(random.float() * yearLength);
  const status = pick(NEED_STATUSES);
  const fulfilled = status === 'fulfilled' || status === 'confirmed' ? Math.min(created + Math.floor(random.float() * 30 * DAY), yearStart + yearLength - 1) : null;
  return { id: `n${index}`, scope: buildingScope(), data: { id: `n${index}`, category: 'care', status, createdAt: new Date(created).toISOString(), fulfilledAt: fulfilled === null ? null : new Date(fulfilled).toISOString() } };
}

function claim(index: number): RecordInput {
  const created = yearStart + Math.floor(random.float() * yearLength);
  return {
    id: `c${index}`,
    scope: buildingScope(),
    data: { id: `c${index}`, needId: `n${index}`, unitId: pick(unitIds), direction: random.float() < 0.7 ? 'unitClaimsNeed' : 'communityClaimsResource', status: pick(CLAIM_STATUSES), createdAt: new Date(created).toISOString() },
  };
}

const pool = new pg.Pool({ connectionString: URL, max: 4 });
const schema = `kpi_bench_${Date.now().toString(36)}`;
const partitionedSchema = `${schema}_districts`;
const plain = await createPostgresAdapter({ pool, schema });
const partitioned = await createPostgresAdapter({ pool, schema: partitionedSchema, partitionByDistrict: { cityId: hierarchy.rootId, districtIds: hierarchy.childIds(hierarchy.rootId) } });

started = performance.now();
const context = { at: new Date(), actor: 'bench' };
for (let done = 0; done < RECORDS; done += BATCH) {
  const size = Math.min(BATCH, RECORDS - done);
  const half = Math.floor(size / 2);
  await plain.insertMany('need', Array.from({ length: half }, (_, index) => need(done + index)), context);
  await plain.insertMany('claim', Array.from({ length: size - half }, (_, index) => claim(done + index)), context);
}
const loadMs = performance.now() - started;
started = performance.now();
await pool.query(`INSERT INTO "${partitionedSchema}".civic_grid_records SELECT * FROM "${schema}".civic_grid_records`);
await pool.query(`ANALYZE "${schema}".civic_grid_records`);
await pool.query(`ANALYZE "${partitionedSchema}".civic_grid_records`);
const copyMs = performance.now() - started;
const [size] = (await pool.query(`SELECT pg_size_pretty(pg_total_relation_size('"${schema}".civic_grid_records')) AS size`)).rows as { size: string }[];
console.log(`load: ${RECORDS.toLocaleString()} records (half needs, half claims) through the adapter's insertMany with audit entries in ${seconds(loadMs)}; copied into the partitioned schema and analysed in ${seconds(copyMs)}; records table ${size?.size}`);

/** Runs `fn`, sampling Node's heap every 20 ms: the time, and the peak heap above the heap before. */
async function measured<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number; heapPeak: number }> {
  globalThis.gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 20);
  const start = performance.now();
  const result = await fn();
  const ms = performance.now() - start;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return { result, ms, heapPeak: peak - base };
}

const options = { hierarchy, definitions: pack, registry, period: { kind: 'year', year: 2020 } as const, at };
const inPlain = await measured(() => computeKpisInDatabase({ adapter: plain, ...options }));
console.log(`computeKpisInDatabase, plain schema: ${seconds(inPlain.ms)}, Node heap peak +${mb(inPlain.heapPeak)}`);
const inPartitions = await measured(() => computeKpisInDatabase({ adapter: partitioned, ...options }));
console.log(`computeKpisInDatabase, partitioned by district: ${seconds(inPartitions.ms)}, Node heap peak +${mb(inPartitions.heapPeak)}`);
const store = createStore(plain, { kinds: { need: NeedSchema, claim: ClaimSchema, project: ProjectSchema } });
const streamed = await measured(() => computeKpis({ store, ...options }));
console.log(`computeKpis streaming the store: ${seconds(streamed.ms)}, Node heap peak +${mb(streamed.heapPeak)}`);
console.log(`speed-up: ${(streamed.ms / inPlain.ms).toFixed(1)}× (plain), ${(streamed.ms / inPartitions.ms).toFixed(1)}× (partitioned)`);

/** Every figure above the grids (city, districts, streets, communities), both periods: the three results must agree exactly. */
function figures(result: KpiResult): string {
  const nodes = hierarchy.nodes().filter((node) => node.level !== 'grid' && node.level !== 'building');
  return JSON.stringify([result.current, result.previous].map((evaluation) => evaluation.definitions.map((definition) => nodes.map((node) => evaluation.value(definition.id, node.id)))));
}
const expected = figures(streamed.result);
console.log(`equal figures at the ${hierarchy.nodes().filter((node) => node.level !== 'grid' && node.level !== 'building').length.toLocaleString()} nodes above the grids: plain ${figures(inPlain.result) === expected}, partitioned ${figures(inPartitions.result) === expected}`);

await plain.close();
await partitioned.close();
if (!KEEP) for (const name of [schema, partitionedSchema]) await pool.query(`DROP SCHEMA "${name}" CASCADE`);
await pool.end();
