import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createPostgresAdapter, type PgPoolLike } from 'civic-grid/adapters/postgres';
import { counterClock, SCOPES, SUITE_KINDS } from 'civic-grid/testing';
import { createStore, type StorageAdapter } from '../../src/index.js';

/** The real server's URL (.ci/run sets it), or undefined: then the server tests skip. */
export const PG_URL = process.env.CIVIC_GRID_PG_URL;

let schemas = 0;
/** A schema name unique to this process and call, so reruns and parallel files never collide. */
export function freshSchema(prefix: string): string {
  schemas += 1;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${schemas}`;
}

export interface PgQueryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** Adapters on fresh schemas of one database, dropped again on destroy. */
export function schemaPerAdapter(db: PgQueryable, prefix: string, open: (schema: string) => Promise<StorageAdapter>) {
  const schemaOf = new Map<StorageAdapter, string>();
  let latest = '';
  return {
    create: async () => {
      latest = freshSchema(prefix);
      const adapter = await open(latest);
      schemaOf.set(adapter, latest);
      return adapter;
    },
    destroy: async (adapter: StorageAdapter) => {
      await adapter.close();
      await db.query(`DROP SCHEMA IF EXISTS "${schemaOf.get(adapter)}" CASCADE`);
      schemaOf.delete(adapter);
    },
    rawRead: async (kind: string, id: string) =>
      (await db.query(`SELECT * FROM "${latest}".civic_grid_records WHERE kind = $1 AND id = $2`, [kind, id])).rows[0] ?? null,
  };
}

export async function openPglite(): Promise<PGlite> {
  return PGlite.create();
}

/**
 * One PGlite for the tests of the file or describe block that calls this (it is slow to start): opened before them,
 * closed after.
 * `db` is the instance once open; `proxy` forwards queries to it, for suites registered before it opens.
 */
export function pgliteForTheseTests() {
  let opened: PGlite | undefined;
  beforeAll(async () => {
    opened = await openPglite();
  });
  afterAll(async () => {
    await opened?.close();
  });
  const shared = {
    get db(): PGlite {
      if (opened === undefined) throw new Error('the file\'s PGlite opens in beforeAll: use it inside a test or hook');
      return opened;
    },
    proxy: { query: (sql: string, params?: unknown[]) => shared.db.query<Record<string, unknown>>(sql, params) },
  };
  return shared;
}

/**
 * One PGlite with a fresh schema the PostgreSQL adapter has migrated (its tables and the compiled KPI
 * queries' SQL functions), for the tests of the file or describe block that calls this: opened before
 * them, closed after. `db` and `schema` are readable once it is open.
 */
export function migratedPgliteForTheseTests(prefix: string) {
  let opened: { db: PGlite; schema: string } | undefined;
  beforeAll(async () => {
    const db = await openPglite();
    const schema = freshSchema(prefix);
    await (await createPostgresAdapter({ pglite: db, schema })).close();
    opened = { db, schema };
  }, 120_000);
  afterAll(async () => {
    await opened?.db.close();
  });
  const open = (): { db: PGlite; schema: string } => {
    if (opened === undefined) throw new Error('the migrated PGlite opens in beforeAll: use it inside a test or hook');
    return opened;
  };
  return {
    get db(): PGlite {
      return open().db;
    },
    get schema(): string {
      return open().schema;
    },
  };
}

export function openPool(max = 6): pg.Pool {
  return new pg.Pool({ connectionString: PG_URL, max });
}

export { createPostgresAdapter };

/** Counts how many queries one connection was asked to run at once; pg warns above 1, and pg 9 will refuse. */
export class InFlight {
  max = 0;
  private now = 0;
  async track<T>(query: () => Promise<T>): Promise<T> {
    this.now += 1;
    this.max = Math.max(this.max, this.now);
    try {
      return await query();
    } finally {
      this.now -= 1;
    }
  }
}

/** A pg Pool whose checked-out clients report to `inFlight` (one counter: checkouts never overlap in the test). */
export function countingPool(pool: pg.Pool, inFlight: InFlight): PgPoolLike {
  return {
    connect: async () => {
      const client = await pool.connect();
      return Object.assign(Object.create(client) as pg.PoolClient, {
        query: (sql: string, params?: unknown[]) => inFlight.track(() => client.query(sql, params)),
        release: (destroy?: boolean | Error) => client.release(destroy),
      });
    },
  };
}

/** One transaction whose handle is used by several promises at once, as createProject does with Promise.all. */
export async function sharedHandleWork(adapter: StorageAdapter): Promise<void> {
  const store = createStore(adapter, { kinds: SUITE_KINDS, clock: counterClock() });
  const item = (id: string) => ({ value: { id, name: id, size: 1, tag: null }, scope: SCOPES.g1 });
  await store.insertMany('item', ['a', 'b', 'c'].map(item));
  await store.transaction(async (tx) => {
    await Promise.all(['a', 'b', 'c'].map((id) => tx.getOrThrow('item', id)));
    await Promise.allSettled(['a', 'a', 'b'].map((id) => tx.update('item', id, { size: 2 }, { expectedVersion: 1 })));
    await Promise.all([tx.transaction((nested) => nested.insert('item', item('d').value, { scope: SCOPES.g1 })), tx.insert('item', item('e').value, { scope: SCOPES.c2 })]);
  });
}
