/**
 * Storage bench: bulk import, scoped queries and version-guarded updates on
 * every adapter, against raw better-sqlite3 and raw pg doing the same inserts
 * in the same run.
 *
 *   node --max-old-space-size=8192 --import tsx bench/storage.ts
 *
 * Env: BENCH_HOUSEHOLDS (default 1000000), CIVIC_GRID_PG_URL (adds the pg
 * server), BENCH_PGLITE_HOUSEHOLDS (default 100000: PGlite is single-threaded
 * WASM, so it gets a smaller slice).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createMemoryAdapter } from '../src/adapters/memory/index.js';
import type { JsonObject, StorageAdapter } from '../src/adapters/port.js';
import { createPostgresAdapter, postgresMigrations } from '../src/adapters/postgres/index.js';
import { encodeScope } from '../src/adapters/scope.js';
import { prepareRow } from '../src/adapters/sql/sql-core.js';
import { createSqliteAdapter, SQLITE_MIGRATIONS } from '../src/adapters/sqlite/index.js';
import { createStore } from '../src/adapters/store.js';
import { generateCity } from '../src/generate/generate-city.js';
import { type HierarchyNode, HierarchyNodeSchema } from '../src/model/hierarchy-node.js';

const HOUSEHOLDS = Number(process.env.BENCH_HOUSEHOLDS ?? 1_000_000);
const PGLITE_HOUSEHOLDS = Number(process.env.BENCH_PGLITE_HOUSEHOLDS ?? 100_000);
const PG_URL = process.env.CIVIC_GRID_PG_URL;
const CHUNK = 50_000;
const AT = new Date(Date.UTC(2024, 0, 1));

const kinds = { node: HierarchyNodeSchema, household: HierarchyNodeSchema };
type Item = { value: HierarchyNode; scope: string[] };

function withPaths(nodes: readonly HierarchyNode[]): Item[] {
  const pathOf = new Map<string, string[]>();
  return nodes.map((node) => {
    const scope = node.parentId === null ? [node.id] : [...(pathOf.get(node.parentId) as string[]), node.id];
    pathOf.set(node.id, scope);
    return { value: node, scope };
  });
}

function households(limit: number): { items: Item[]; communities: string[][] } {
  const city = generateCity({ seed: 7, scale: 'megacity' });
  const pathOf = new Map(withPaths(city.nodes).map((item) => [item.value.id, item.scope]));
  const items: Item[] = [];
  const communities = new Map<string, string[]>();
  for (const building of city.buildings) {
    const buildingPath = pathOf.get(building.id) as string[];
    communities.set(building.communityId, buildingPath.slice(0, 4));
    for (let index = 1; index <= building.households && items.length < limit; index += 1) {
      const id = `${building.id}-h${index}`;
      items.push({ value: { id, level: 'household', name: `${index}`, parentId: building.id }, scope: [...buildingPath, id] });
    }
    if (items.length >= limit) break;
  }
  return { items, communities: [...communities.values()].slice(0, -1) };
}

const ms = (start: number): number => performance.now() - start;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const fmt = (value: number): string => value.toLocaleString('en-US', { maximumFractionDigits: 1 });

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return ms(start);
}

async function importAll(adapter: StorageAdapter, kind: 'node' | 'household', items: readonly Item[]): Promise<number> {
  const store = createStore(adapter, { kinds, clock: () => AT, actor: 'bench' });
  return time(async () => {
    for (let start = 0; start < items.length; start += CHUNK) await store.insertMany(kind, items.slice(start, start + CHUNK));
  });
}

interface Figures {
  adapter: string;
  tongchuanMs: number;
  households: number;
  householdsMs: number;
  communityQueryMs: number;
  communitySize: number;
  streetGridsMs: number;
  updatesPerSecond: number;
}

async function measure(name: string, adapter: StorageAdapter, city: Item[], homes: { items: Item[]; communities: string[][] }): Promise<Figures> {
  const store = createStore(adapter, { kinds, clock: () => AT, actor: 'bench' });
  const tongchuanMs = await importAll(adapter, 'node', city);
  const householdsMs = await importAll(adapter, 'household', homes.items);

  const communityTimes: number[] = [];
  let communitySize = 0;
  for (const scope of homes.communities.slice(0, 15)) {
    communityTimes.push(
      await time(async () => {
        let cursor: string | undefined;
        communitySize = 0;
        do {
          const page = await store.query('household', { scope, limit: 10_000, ...(cursor === undefined ? {} : { cursor }) });
          communitySize += page.records.length;
          cursor = page.nextCursor ?? undefined;
        } while (cursor !== undefined);
      }),
    );
  }
  const streets = city.filter((item) => item.value.level === 'street').slice(0, 10);
  const streetTimes: number[] = [];
  for (const street of streets) streetTimes.push(await time(() => store.query('node', { scope: street.scope, where: { level: 'grid' }, limit: 10_000 })));

  const updates = Math.min(2_000, homes.items.length);
  const updateMs = await time(async () => {
    for (let index = 0; index < updates; index += 1) {
      const target = homes.items[(index * 7919) % homes.items.length] as Item;
      const current = await store.getOrThrow('household', target.value.id);
      await store.update('household', target.value.id, { name: `renamed ${index}` }, { expectedVersion: current.version });
    }
  });
  return {
    adapter: name,
    tongchuanMs,
    households: homes.items.length,
    householdsMs,
    communityQueryMs: median(communityTimes),
    communitySize,
    streetGridsMs: median(streetTimes),
    updatesPerSecond: (updates / updateMs) * 1000,
  };
}

/** Raw better-sqlite3: the same rows (records and audit) into the same schema, prepared statements, one transaction per chunk, no validation. */
function rawSqlite(file: string, items: readonly Item[]): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  for (const migration of SQLITE_MIGRATIONS) for (const statement of migration) db.exec(statement);
  const at = AT.toISOString();
  const insertRecord = db.prepare('INSERT INTO civic_grid_records (kind, id, version, scope, depth, created_at, updated_at, data) VALUES (?, ?, 1, ?, ?, ?, ?, ?)');
  const insertAudit = db.prepare("INSERT INTO civic_grid_audit (at, actor, kind, id, op, before, after) VALUES (?, ?, ?, ?, 'insert', NULL, ?)");
  const insertChunk = db.transaction((chunk: readonly Item[]) => {
    for (const item of chunk) {
      const row = prepareRow({ id: item.value.id, scope: item.scope, data: item.value as unknown as JsonObject }, 1, at, at);
      insertRecord.run('household', row.id, row.scope, row.depth, at, at, row.data);
      insertAudit.run(at, 'bench', 'household', row.id, row.after);
    }
  });
  const start = performance.now();
  for (let index = 0; index < items.length; index += CHUNK) insertChunk(items.slice(index, index + CHUNK));
  const elapsed = ms(start);
  db.close();
  return elapsed;
}

/** Raw pg: the same multi-row jsonb inserts (records and audit) into a fresh schema, no validation, no wrapper. */
async function rawPg(pool: pg.Pool, schema: string, items: readonly Item[]): Promise<number> {
  for (const migration of postgresMigrations(schema)) for (const statement of migration) await pool.query(statement);
  const at = AT.toISOString();
  const client = await pool.connect();
  const start = performance.now();
  try {
    for (let index = 0; index < items.length; index += CHUNK) {
      await client.query('BEGIN');
      const chunk = items.slice(index, index + CHUNK);
      for (let offset = 0; offset < chunk.length; offset += 2_000) {
        const rows = chunk.slice(offset, offset + 2_000).map((item) => prepareRow({ id: item.value.id, scope: item.scope, data: item.value as unknown as JsonObject }, 1, at, at));
        const input = `[${rows.map((row) => `{"id":${JSON.stringify(row.id)},"scope":${JSON.stringify(row.scope)},"depth":${row.depth},"data":${row.data},"after":${row.after}}`).join(',')}]`;
        await client.query(
          `WITH input AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id text, scope text, depth integer, data jsonb, after jsonb)),
           inserted AS (INSERT INTO "${schema}".civic_grid_records (kind, id, version, scope, depth, created_at, updated_at, data)
             SELECT 'household', id, 1, scope, depth, $2::timestamptz, $2::timestamptz, data FROM input)
           INSERT INTO "${schema}".civic_grid_audit (at, actor, kind, id, op, before, after) SELECT $2::timestamptz, 'bench', 'household', id, 'insert', NULL, after FROM input`,
          [input, at],
        );
      }
      await client.query('COMMIT');
    }
  } finally {
    client.release();
  }
  return ms(start);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'civic-grid-bench-'));
  const city = withPaths(generateCity({ seed: 7 }).nodes);
  const homes = households(HOUSEHOLDS);
  console.log(`data: Tongchuan ${fmt(city.length)} nodes; ${fmt(homes.items.length)} megacity households; scope key e.g. ${encodeScope(homes.communities[0] ?? [])}`);
  const results: Figures[] = [];
  const raw: Record<string, number> = {};
  try {
    raw.sqlite = rawSqlite(join(dir, 'raw.sqlite'), homes.items);
    console.log(`raw better-sqlite3: ${fmt(homes.items.length)} households in ${fmt(raw.sqlite)} ms`);
    results.push(await measure('sqlite (file)', await createSqliteAdapter(join(dir, 'adapter.sqlite')), city, homes));
    console.log(results.at(-1));
    results.push(await measure('memory', createMemoryAdapter(), city, homes));
    console.log(results.at(-1));
    const pglite = await PGlite.create();
    const pgliteHomes = { items: homes.items.slice(0, PGLITE_HOUSEHOLDS), communities: [] as string[][] };
    pgliteHomes.communities = homes.communities.filter((scope) => pgliteHomes.items.some((item) => item.scope[3] === scope[3])).slice(0, -1);
    results.push(await measure('postgres (PGlite)', await createPostgresAdapter({ pglite }), city, pgliteHomes));
    console.log(results.at(-1));
    await pglite.close();
    if (PG_URL !== undefined) {
      const pool = new pg.Pool({ connectionString: PG_URL, max: 4 });
      const suffix = `${process.pid}_${Date.now().toString(36)}`;
      try {
        raw.pg = await rawPg(pool, `bench_raw_${suffix}`, homes.items);
        console.log(`raw pg: ${fmt(homes.items.length)} households in ${fmt(raw.pg)} ms`);
        results.push(await measure('postgres (pg server)', await createPostgresAdapter({ pool, schema: `bench_adapter_${suffix}` }), city, homes));
        console.log(results.at(-1));
      } finally {
        for (const schema of [`bench_raw_${suffix}`, `bench_adapter_${suffix}`]) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await pool.end();
      }
    } else {
      console.log('pg server skipped: set CIVIC_GRID_PG_URL');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  console.log('\n| adapter | Tongchuan nodes import | households import | community query (households, median) | street grids query (median) | guarded updates/s | vs raw |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const row of results) {
    const baseline = row.adapter.startsWith('sqlite') ? raw.sqlite : row.adapter.includes('server') ? raw.pg : undefined;
    const ratio = baseline === undefined ? '' : `${(row.householdsMs / baseline).toFixed(2)}×`;
    console.log(
      `| ${row.adapter} | ${fmt(row.tongchuanMs)} ms | ${fmt(row.households)} in ${fmt(row.householdsMs)} ms | ${fmt(row.communityQueryMs)} ms (${fmt(row.communitySize)}) | ${fmt(row.streetGridsMs)} ms | ${fmt(row.updatesPerSecond)} | ${ratio} |`,
    );
  }
}

await main();
