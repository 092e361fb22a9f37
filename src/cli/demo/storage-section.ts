import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createMemoryAdapter, openMemoryAdapter } from '../../adapters/memory/index.js';
import type { StorageAdapter } from '../../adapters/port.js';
import { createStore, type Store } from '../../adapters/store.js';
import { HIERARCHY_KINDS } from '../../services/hierarchy/hierarchy-store.js';
import { CLAIMING_TRANSITIONS } from '../../services/claiming/claiming.js';
import { STANDARD_KPI_STORE_KINDS } from '../../services/kpi/standard-kpi-store-kinds.js';
import { WISH_STORE_TRANSITIONS } from '../../services/wishes/wish-store.js';
import type { DemoContext, DemoSection } from '../commands/demo.js';
import { bilingual, formatCount, say } from './bilingual.js';

/** The kinds the demo stores: the city's nodes and every kind the standard KPI pack reads. */
export const DEMO_KINDS = { ...HIERARCHY_KINDS, ...STANDARD_KPI_STORE_KINDS };
export type DemoStore = Store<typeof DEMO_KINDS>;

/** The store the storage section opens; later sections write to it and read from it; `runDemo` closes it. */
export interface DemoStoreHandle {
  store: DemoStore;
  /** Where the records live, for the output (a PostgreSQL URL without its password). */
  where: string;
  close: () => Promise<void>;
}

async function openDemoAdapter(context: DemoContext): Promise<{ adapter: StorageAdapter; where: string; release: () => Promise<void> }> {
  if (context.pg !== undefined) {
    // Loaded only when asked for: pg is an optional peer dependency.
    const { default: pg } = await import('pg');
    const { createPostgresAdapter } = await import('../../adapters/postgres/index.js');
    const pool = new pg.Pool({ connectionString: context.pg, max: 2 });
    try {
      return { adapter: await createPostgresAdapter({ pool }), where: `PostgreSQL ${redactPassword(context.pg)}`, release: () => pool.end() };
    } catch (error) {
      await pool.end();
      throw error;
    }
  }
  if (context.db !== undefined) {
    const { createSqliteAdapter } = await import('../../adapters/sqlite/index.js');
    return { adapter: await createSqliteAdapter(context.db), where: `SQLite ${context.db}`, release: async () => {} };
  }
  if (context.storeFile !== undefined) {
    await mkdir(dirname(context.storeFile), { recursive: true });
    return { adapter: await openMemoryAdapter(context.storeFile), where: `memory ↔ ${context.storeFile}`, release: async () => {} };
  }
  // The default writes nothing: a demo run must not leave files in the user's directory.
  return { adapter: createMemoryAdapter(), where: 'memory', release: async () => {} };
}

function redactPassword(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/**
 * Opens the demo's store (in memory by default and nothing written; `--store FILE`
 * a JSON snapshot, `--db FILE.sqlite` or `--pg URL`), stores the city's hierarchy
 * nodes, and shows that a persistent store's second run reuses them.
 * The store stays open in `context.store` for the dispatch and KPI sections.
 */
export const storageSection: DemoSection = async (context) => {
  const { city, hierarchy } = context;
  const started = performance.now();
  const { adapter, where, release } = await openDemoAdapter(context);
  const store = createStore(adapter, { kinds: DEMO_KINDS, transitions: { ...CLAIMING_TRANSITIONS, ...WISH_STORE_TRANSITIONS }, actor: 'civic-grid demo' });
  context.store = {
    store,
    where,
    close: async () => {
      try {
        await store.close();
      } finally {
        await release();
      }
    },
  };
  const stored = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await store.query('node', { scope: [hierarchy.rootId], limit: 10_000, ...(cursor === undefined ? {} : { cursor }) });
    for (const record of page.records) stored.add(record.id);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);

  const missing = city.nodes.filter((node) => !stored.has(node.id));
  if (missing.length > 0) await store.insertMany('node', missing.map((node) => ({ value: node, scope: hierarchy.pathOf(node.id) })));
  const reused = city.nodes.length - missing.length;

  const street = hierarchy.atLevel('street')[0];
  const gridsOfStreet = street === undefined ? 0 : (await store.query('node', { scope: hierarchy.pathOf(street.id), where: { level: 'grid' }, limit: 10_000 })).records.length;
  const elapsedMs = performance.now() - started;

  say(context, `== ${bilingual(context, '存储', 'Storage')} ==`);
  const inMemoryOnly = adapter.name === 'memory' && context.storeFile === undefined;
  say(context, `  ${where}${inMemoryOnly ? ` ${bilingual(context, '（不写文件；--store FILE 保存快照，--db / --pg 用数据库）', '(nothing written; --store FILE keeps a snapshot, --db / --pg a database)')}` : ''}`);
  if (missing.length === 0) say(context, `  ${bilingual(context, `已存有 ${formatCount(reused)} 个节点，直接复用`, `found ${formatCount(reused)} nodes already stored, reused`)}`);
  else if (reused === 0) say(context, `  ${bilingual(context, `新存入 ${formatCount(missing.length)} 个节点`, `stored ${formatCount(missing.length)} nodes (new)`)}`);
  else say(context, `  ${bilingual(context, `复用 ${formatCount(reused)} 个，补存 ${formatCount(missing.length)} 个节点`, `reused ${formatCount(reused)} nodes, stored ${formatCount(missing.length)} missing ones`)}`);
  if (street !== undefined) {
    say(context, `  ${bilingual(context, `范围查询：${street.name}的网格 ${formatCount(gridsOfStreet)} 个`, `scoped query: ${formatCount(gridsOfStreet)} grids in ${street.nameEn ?? street.name}`)}`);
  }
  say(context, `${bilingual(context, '用时', 'Time')}: ${elapsedMs.toFixed(0)} ms`);
  say(context);

  context.report.storage = { adapter: adapter.name, where, nodes: city.nodes.length, stored: missing.length, reused, gridsOfFirstStreet: gridsOfStreet, elapsedMs };
};
