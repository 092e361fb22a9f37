import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openMemoryAdapter } from '../../adapters/memory/index.js';
import type { StorageAdapter } from '../../adapters/port.js';
import { createStore } from '../../adapters/store.js';
import { HierarchyNodeSchema } from '../../model/hierarchy-node.js';
import type { DemoContext, DemoSection } from '../commands/demo.js';
import { bilingual, formatCount, say } from './bilingual.js';

/** Where the demo keeps its default store: a memory-adapter snapshot in the working directory. */
export const DEMO_STORE_FILE = join('.civic-grid', 'demo-store.json');

const kinds = { node: HierarchyNodeSchema };

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
  await mkdir('.civic-grid', { recursive: true });
  return { adapter: await openMemoryAdapter(DEMO_STORE_FILE), where: `memory → ${DEMO_STORE_FILE}`, release: async () => {} };
}

function redactPassword(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/**
 * Persists the city's hierarchy nodes in the chosen store (memory snapshot
 * by default, `--db FILE.sqlite` or `--pg URL`) and shows that a second run
 * finds them stored and reuses them instead of writing them again.
 */
export const storageSection: DemoSection = async (context) => {
  const { city, hierarchy } = context;
  const started = performance.now();
  const { adapter, where, release } = await openDemoAdapter(context);
  const store = createStore(adapter, { kinds, actor: 'civic-grid demo' });
  try {
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
    const gridsOfStreet =
      street === undefined ? 0 : (await store.query('node', { scope: hierarchy.pathOf(street.id), where: { level: 'grid' }, limit: 10_000 })).records.length;
    const elapsedMs = performance.now() - started;

    say(context, bilingual(context, '存储', 'Storage'));
    say(context, `  ${where}`);
    if (missing.length === 0) say(context, `  ${bilingual(context, `已存有 ${formatCount(reused)} 个节点，直接复用`, `found ${formatCount(reused)} nodes already stored, reused`)}`);
    else if (reused === 0) say(context, `  ${bilingual(context, `新存入 ${formatCount(missing.length)} 个节点`, `stored ${formatCount(missing.length)} nodes (new)`)}`);
    else say(context, `  ${bilingual(context, `复用 ${formatCount(reused)} 个，补存 ${formatCount(missing.length)} 个节点`, `reused ${formatCount(reused)} nodes, stored ${formatCount(missing.length)} missing ones`)}`);
    if (street !== undefined) {
      say(context, `  ${bilingual(context, `范围查询：${street.name}的网格 ${formatCount(gridsOfStreet)} 个`, `scoped query: ${formatCount(gridsOfStreet)} grids in ${street.name}`)}`);
    }
    say(context, `${bilingual(context, '用时', 'Time')}: ${elapsedMs.toFixed(0)} ms`);
    say(context);

    context.report.storage = { adapter: adapter.name, where, nodes: city.nodes.length, stored: missing.length, reused, gridsOfFirstStreet: gridsOfStreet, elapsedMs };
  } finally {
    await store.close();
    await release();
  }
};
