import { describe, expect, it } from 'vitest';
import type { PgPoolLike } from '../../../src/adapters/postgres/index.js';
import { createPostgresAdapter } from '../../../src/adapters/postgres/index.js';
import { createStore } from '../../../src/adapters/store.js';
import { computeKpisInDatabase } from '../../../src/services/kpi/compute-kpis-in-database.js';
import { freshSchema, openPool, PG_URL } from '../../adapters/postgres-setup.js';
import { smallCity } from '../../rules/kpi/fixtures.js';
import { ItemSchema, itemRegistry } from './kpi-database-fixtures.js';

const hierarchy = smallCity();
const registry = itemRegistry().with('note', ItemSchema);
const text = { zh: '指标', en: 'figure' };
// Two kinds: two statements, one per connection.
const definitions = [
  { id: 'items.done', label: text, description: text, formula: text, kind: 'count', entity: 'item', filter: { status: { eq: 'done' } } },
  { id: 'notes.done', label: text, description: text, formula: text, kind: 'count', entity: 'note', filter: { status: { eq: 'done' } } },
];
const options = { hierarchy, registry, definitions, period: { kind: 'year', year: 2021 } as const, at: new Date('2021-06-01T00:00:00Z') };
const grid = ['city', 'd0', 'd0s0', 'd0s0c0', 'd0s0c0g0'];

/** The pool, with `onConnect` run before each connection it hands out while `armed` is set, after the first (the spare ones). */
function poolWatching(pool: ReturnType<typeof openPool>, onConnect: () => Promise<void>): PgPoolLike & { armed: boolean } {
  let connections = 0;
  return {
    armed: false,
    async connect() {
      if (this.armed && ++connections > 1) await onConnect();
      return pool.connect();
    },
    get totalCount() {
      return pool.totalCount;
    },
    get idleCount() {
      return pool.idleCount;
    },
    get waitingCount() {
      return pool.waitingCount;
    },
    options: { max: pool.options.max },
  };
}

/** A fresh schema on a pool of `max` connections holding one done item and one done note, dropped after `fn`. */
async function withTwoKinds(max: number, fn: (pool: ReturnType<typeof openPool>, schema: string, store: ReturnType<typeof createStore>) => Promise<void>): Promise<void> {
  const pool = openPool(max);
  const schema = freshSchema('kpiconn');
  try {
    const store = createStore(await createPostgresAdapter({ pool, schema }), { kinds: { item: ItemSchema, note: ItemSchema } });
    await store.insert('item', { id: 'i1', status: 'done' }, { scope: grid });
    await store.insert('note', { id: 'n1', status: 'done' }, { scope: grid });
    await fn(pool, schema, store);
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  }
}

describe.skipIf(PG_URL === undefined)('computeKpisInDatabase on several connections of a pg Pool', () => {
  it('reads every statement in one snapshot: a write committed while the second connection is taken is in no figure', async () => {
    await withTwoKinds(4, async (pool, schema, store) => {
      let written = 0;
      const watched = poolWatching(pool, async () => {
        written += 1;
        await store.insert('item', { id: `i-late-${written}`, status: 'done' }, { scope: grid });
        await store.insert('note', { id: `n-late-${written}`, status: 'done' }, { scope: grid });
      });
      const adapter = await createPostgresAdapter({ pool: watched, schema });
      watched.armed = true;
      const result = await computeKpisInDatabase({ adapter, ...options });
      // The spare connection was taken (and the late records committed) while the first one held its snapshot.
      expect(written).toBe(1);
      expect([result.current.value('items.done', 'city').value, result.current.value('notes.done', 'city').value]).toEqual([1, 1]);
      const after = await computeKpisInDatabase({ store, ...options, connections: 1 });
      expect([after.current.value('items.done', 'city').value, after.current.value('notes.done', 'city').value]).toEqual([2, 2]);
    });
  });

  it('never waits for a connection: with none spare (a pool of one) the statements run in turn on the one it holds', async () => {
    await withTwoKinds(1, async (pool, _schema, store) => {
      const result = await computeKpisInDatabase({ store, ...options, connections: 8 });
      expect([result.current.value('items.done', 'city').value, result.current.value('notes.done', 'city').value]).toEqual([1, 1]);
      expect(pool.totalCount).toBe(1);
    });
  });
});
