import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { createPostgresAdapter } from 'civic-grid/adapters/postgres';
import type { StorageAdapter } from '../../src/index.js';

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

export function openPool(max = 6): pg.Pool {
  return new pg.Pool({ connectionString: PG_URL, max });
}

export { createPostgresAdapter };
