import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresAdapter, pgliteClient, type PostgresClient, postgresMigrations } from 'civic-grid/adapters/postgres';
import { counterClock, describeStorageAdapter, rejection, SCOPES, SUITE_KINDS } from 'civic-grid/testing';
import type { SqlConnection } from '../../src/adapters/sql/sql-core.js';
import { createStore } from '../../src/index.js';
import { freshSchema, InFlight, openPglite, schemaPerAdapter, sharedHandleWork } from './postgres-setup.js';

// One PGlite for the whole file (it is slow to start); every adapter gets its own schema.
let db: PGlite;
beforeAll(async () => {
  db = await openPglite();
});
afterAll(async () => {
  await db.close();
});

const proxy = { query: (sql: string, params?: unknown[]) => db.query<Record<string, unknown>>(sql, params) };
describeStorageAdapter('postgres on PGlite', {
  ...schemaPerAdapter(proxy, 'suite', (schema) => createPostgresAdapter({ pglite: proxy, schema })),
  modelRuns: 10,
});

describe('postgres schema versions (PGlite)', () => {
  const storeOn = (adapter: Awaited<ReturnType<typeof createPostgresAdapter>>) => createStore(adapter, { kinds: SUITE_KINDS, clock: counterClock() });

  it('migrates a schema made by an older version', async () => {
    const schema = freshSchema('old');
    for (const statement of postgresMigrations(schema)[0] ?? []) await db.query(statement);
    await db.query(`INSERT INTO "${schema}".civic_grid_meta VALUES ('schema_version', '1')`);
    const store = storeOn(await createPostgresAdapter({ pglite: db, schema }));
    await store.insert('item', { id: 'x', name: 'X', size: 1, tag: null }, { scope: SCOPES.g1 });
    const version = await db.query<{ value: string }>(`SELECT value FROM "${schema}".civic_grid_meta`);
    expect(version.rows[0]?.value).toBe(String(postgresMigrations(schema).length));
    await db.query(`DROP SCHEMA "${schema}" CASCADE`);
  });

  it('refuses a schema from a newer version with SCHEMA_TOO_NEW and changes nothing', async () => {
    const schema = freshSchema('new');
    const store = storeOn(await createPostgresAdapter({ pglite: db, schema }));
    await store.insert('item', { id: 'x', name: 'X', size: 1, tag: null }, { scope: SCOPES.g1 });
    await db.query(`UPDATE "${schema}".civic_grid_meta SET value = '99'`);
    const tables = `SELECT indexname FROM pg_indexes WHERE schemaname = '${schema}' ORDER BY indexname`;
    const before = (await db.query(tables)).rows;
    const error = await rejection(createPostgresAdapter({ pglite: db, schema }));
    expect(error.code).toBe('SCHEMA_TOO_NEW');
    expect((await db.query(tables)).rows).toEqual(before);
    expect((await db.query(`SELECT value FROM "${schema}".civic_grid_meta`)).rows).toEqual([{ value: '99' }]);
    await db.query(`DROP SCHEMA "${schema}" CASCADE`);
  });

  it('rejects bad options with VALIDATION_FAILED', async () => {
    expect((await rejection(createPostgresAdapter({ pglite: db, schema: 'x"; DROP' }))).code).toBe('VALIDATION_FAILED');
    expect((await rejection(createPostgresAdapter({}))).code).toBe('VALIDATION_FAILED');
    expect((await rejection(createPostgresAdapter({ pglite: db, pool: { connect: async () => ({}) as never } }))).code).toBe('VALIDATION_FAILED');
  });

  it('serves a subtree from the scope index', async () => {
    const schema = freshSchema('plan');
    await createPostgresAdapter({ pglite: db, schema });
    await db.query('SET enable_seqscan = off');
    const plan = await db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT id FROM "${schema}".civic_grid_records WHERE kind = 'item' AND scope >= '/tc/' AND scope < '/tc0'`,
    );
    await db.query('RESET enable_seqscan');
    expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('civic_grid_records_scope');
    await db.query(`DROP SCHEMA "${schema}" CASCADE`);
  });
});

describe('postgres transactions (PGlite)', () => {
  it('a statement that failed inside a transaction fails the commit, even when the caller caught it', async () => {
    const schema = freshSchema('aborted');
    const base = pgliteClient(db);
    let sabotage = false;
    // Runs one real failing statement on the transaction's own connection when asked to.
    const client: PostgresClient = {
      withConnection: (fn) =>
        base.withConnection((connection: SqlConnection) =>
          fn({
            query: async (sql, params) => {
              if (sabotage) {
                sabotage = false;
                await connection.query('SELECT 1/0', []);
              }
              return connection.query(sql, params);
            },
            execute: (sql, params) => connection.execute(sql, params),
          }),
        ),
    };
    const store = createStore(await createPostgresAdapter({ client, schema }), { kinds: SUITE_KINDS, clock: counterClock() });
    const error = await rejection(
      store.transaction(async (tx) => {
        await tx.insert('item', { id: 'kept?', name: 'K', size: 1, tag: null }, { scope: SCOPES.g1 });
        sabotage = true;
        await tx.get('item', 'kept?').catch(() => undefined);
      }),
    );
    expect(error.code).toBe('ADAPTER_FAILURE');
    expect(await store.get('item', 'kept?')).toBeNull();
    await db.query(`DROP SCHEMA "${schema}" CASCADE`);
  });

  it('runs one statement at a time on the connection, even with Promise.all on one handle', async () => {
    const schema = freshSchema('overlap');
    const base = pgliteClient(db);
    const inFlight = new InFlight();
    const client: PostgresClient = {
      withConnection: (fn) =>
        base.withConnection((connection: SqlConnection) =>
          fn({ query: (sql, params) => inFlight.track(() => connection.query(sql, params)), execute: (sql, params) => inFlight.track(() => connection.execute(sql, params)) }),
        ),
    };
    await sharedHandleWork(await createPostgresAdapter({ client, schema }));
    expect(inFlight.max).toBe(1);
    await db.query(`DROP SCHEMA "${schema}" CASCADE`);
  });
});
