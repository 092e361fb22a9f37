/**
 * Paging bench: a full keyset-paged read of one kind, the way computeKpis
 * reads a store (scope = the city, 10,000 records a page, a tally per grid
 * and status), on the memory and SQLite adapters at growing sizes. Linear
 * paging shows as a flat time per record; the old re-sorting pages grew with
 * the store. The same figures by one plain SQLite GROUP BY on the same file,
 * in the same run, give the ratio.
 *
 *   npm run bench:paging
 *
 * Env: BENCH_PAGING_SIZES (default 100000,250000,500000,1000000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { createMemoryAdapter } from '../src/adapters/memory/index.js';
import type { StorageAdapter } from '../src/adapters/port.js';
import { createSqliteAdapter } from '../src/adapters/sqlite/index.js';
import { createStore } from '../src/adapters/store.js';

const SIZES = (process.env.BENCH_PAGING_SIZES ?? '100000,250000,500000,1000000').split(',').map(Number);
const PAGE = 10_000;
const CHUNK = 50_000;
const STATUSES = ['submitted', 'published', 'claimed', 'fulfilled', 'confirmed'] as const;
const kinds = { need: z.object({ id: z.string(), status: z.enum(STATUSES), size: z.number().int() }).strict() };
const AT = new Date(Date.UTC(2024, 0, 1));
const CITY = ['tc'];

/** Record `index`: in one of 10,000 grids (city / 10 districts / 10 streets / 10 communities / 10 grids), ids in no particular grid order. */
function need(index: number): { value: { id: string; status: (typeof STATUSES)[number]; size: number }; scope: string[] } {
  const grid = (index * 7919) % 10_000;
  const digits = String(grid).padStart(4, '0');
  return {
    value: { id: `n${String(index).padStart(7, '0')}`, status: STATUSES[index % STATUSES.length] as (typeof STATUSES)[number], size: index % 9 },
    scope: [...CITY, `d${digits[0]}`, `s${digits.slice(0, 2)}`, `c${digits.slice(0, 3)}`, `g${digits}`],
  };
}

async function load(adapter: StorageAdapter, records: number): Promise<ReturnType<typeof createStore<typeof kinds>>> {
  const store = createStore(adapter, { kinds, clock: () => AT, actor: 'bench' });
  for (let start = 0; start < records; start += CHUNK) {
    await store.insertMany('need', Array.from({ length: Math.min(CHUNK, records - start) }, (_, offset) => need(start + offset)));
  }
  return store;
}

/** Every record once, page by page from the cursor, tallied per grid and status: computeKpis' read loop. Returns ms and the tally size. */
async function pagedScan(store: Awaited<ReturnType<typeof load>>): Promise<{ ms: number; read: number; cells: number }> {
  const start = performance.now();
  const tally = new Map<string, number>();
  let read = 0;
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof store.query<'need'>>> = await store.query('need', { scope: CITY, limit: PAGE, ...(cursor === null ? {} : { cursor }) });
    for (const record of page.records) {
      const key = `${record.scope[record.scope.length - 1]} ${record.data.status}`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
    }
    read += page.records.length;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return { ms: performance.now() - start, read, cells: tally.size };
}

/** The same tally by one GROUP BY over the adapter's own table (a plain table scan); the median of three runs. */
function groupBy(file: string): { ms: number; cells: number } {
  const db = new Database(file, { readonly: true });
  const statement = db.prepare(
    "SELECT scope, json_extract(data, '$.status') AS status, count(*) AS n FROM civic_grid_records NOT INDEXED WHERE kind = 'need' AND scope >= '/tc/' AND scope < '/tc0' GROUP BY scope, status",
  );
  const runs = [0, 1, 2].map(() => {
    const start = performance.now();
    const cells = statement.all().length;
    return { ms: performance.now() - start, cells };
  });
  db.close();
  return runs.sort((a, b) => a.ms - b.ms)[1] as { ms: number; cells: number };
}

const fmt = (value: number, digits = 0): string => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const dir = mkdtempSync(join(tmpdir(), 'civic-grid-paging-'));
console.log('records    | memory scan            | sqlite scan            | sqlite GROUP BY | sqlite scan / GROUP BY | load avg');
try {
  for (const records of SIZES) {
    const memory = await pagedScan(await load(createMemoryAdapter(), records));
    const file = join(dir, `paging-${records}.sqlite`);
    const sqliteAdapter = await createSqliteAdapter(file);
    const sqlite = await pagedScan(await load(sqliteAdapter, records));
    await sqliteAdapter.close();
    const peer = groupBy(file);
    if (memory.read !== records || sqlite.read !== records || peer.cells !== sqlite.cells) throw new Error(`read ${memory.read} / ${sqlite.read} of ${records}; ${sqlite.cells} vs ${peer.cells} cells`);
    const perRecord = (ms: number): string => `${fmt((ms * 1000) / records, 2)} µs/rec`;
    console.log(
      `${fmt(records).padStart(10)} | ${fmt(memory.ms).padStart(6)} ms ${perRecord(memory.ms)} | ${fmt(sqlite.ms).padStart(6)} ms ${perRecord(sqlite.ms)} | ${fmt(peer.ms).padStart(9)} ms | ${fmt(sqlite.ms / peer.ms, 2)}× | ${fmt(loadavg()[0] as number, 1)}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
