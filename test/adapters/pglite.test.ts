import { describe, expect, it } from 'vitest';
import { createPostgresAdapter, pgliteClient, type PostgresClient, postgresMigrations } from 'civic-grid/adapters/postgres';
import { counterClock, describeStorageAdapter, rejection, SCOPES, SUITE_KINDS } from 'civic-grid/testing';
import type { SqlConnection } from '../../src/adapters/sql/sql-core.js';
import { createStore } from '../../src/index.js';
import { freshSchema, pgliteForTheseTests, InFlight, schemaPerAdapter, sharedHandleWork } from './postgres-setup.js';

// Every adapter gets its own schema of the file's one PGlite.
const pglite = pgliteForTheseTests();
describeStorageAdapter('postgres on PGlite', {
  ...schemaPerAdapter(pglite.proxy, 'suite', (schema) => createPostgresAdapter({ pglite: pglite.proxy, schema })),
  modelRuns: 10,
});

describe('postgres schema versions (PGlite)', () => {
  const storeOn = (adapter: Awaited<ReturnType<typeof createPostgresAdapter>>) => createStore(adapter, { kinds: SUITE_KINDS, clock: counterClock() });

  it('migrates a schema made by an older version', async () => {
    const schema = freshSchema('old');
    for (const statement of postgresMigrations(schema)[0] ?? []) await pglite.db.query(statement);
    await pglite.db.query(`INSERT INTO "${schema}".civic_grid_meta VALUES ('schema_version', '1')`);
    const store = storeOn(await createPostgresAdapter({ pglite: pglite.db, schema }));
    await store.insert('item', { id: 'x', name: 'X', size: 1, tag: null }, { scope: SCOPES.g1 });
    const version = await pglite.db.query<{ value: string }>(`SELECT value FROM "${schema}".civic_grid_meta`);
    expect(version.rows[0]?.value).toBe(String(postgresMigrations(schema).length));
    await pglite.db.query(`DROP SCHEMA "${schema}" CASCADE`);
  });

  it('refuses a schema from a newer version with SCHEMA_TOO_NEW and changes nothing', async () => {
    const schema = freshSchema('new');
    const store = storeOn(await createPostgresAdapter({ pglite: pglite.db, schema }));
    await store.insert('item', { id: 'x', name: 'X', size: 1, tag: null }, { scope: SCOPES.g1 });
    await pglite.db.query(`UPDATE "${schema}".civic_grid_meta SET value = '99'`);
    const tables = `SELECT indexname FROM pg_indexes WHERE schemaname = '${schema}' ORDER BY indexname`;
    const before = (await pglite.db.query(tables)).rows;
    const error = await rejection(createPostgresAdapter({ pglite: pglite.db, schema }));
    expect(error.code).toBe('SCHEMA_TOO_NEW');
    expect((await pglite.db.query(tables)).rows).toEqual(before);
    expect((await pglite.db.query(`SELECT value FROM "${schema}".civic_grid_meta`)).rows).toEqual([{ value: '99' }]);
    await pglite.db.query(`DROP SCHEMA "${schema}" CASCADE`);
  });

  it('rejects bad options with VALIDATION_FAILED', async () => {
    expect((await rejection(createPostgresAdapter({ pglite: pglite.db, schema: 'x"; DROP' }))).code).toBe('VALIDATION_FAILED');
    expect((await rejection(createPostgresAdapter({}))).code).toBe('VALIDATION_FAILED');
    expect((await rejection(createPostgresAdapter({ pglite: pglite.db, pool: { connect: async () => ({}) as never } }))).code).toBe('VALIDATION_FAILED');
  });

  it('serves a subtree from the scope index', async () => {
    const schema = freshSchema('plan');
    await createPostgresAdapter({ pglite: pglite.db, schema });
    await pglite.db.query('SET enable_seqscan = off');
    const plan = await pglite.db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT id FROM "${schema}".civic_grid_records WHERE kind = 'item' AND scope >= '/tc/' AND scope < '/tc0'`,
    );
    await pglite.db.query('RESET enable_seqscan');
    expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('civic_grid_records_scope');
    await pglite.db.query(`DROP SCHEMA "${schema}" CASCADE`);
  });
});

describe('postgres transactions (PGlite)', () => {
  it('a statement that failed inside a transaction fails the commit, even when the caller caught it', async () => {
    const schema = freshSchema('aborted');
    const base = pgliteClient(pglite.db);
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
    await pglite.db.query(`DROP SCHEMA "${schema}" CASCADE`);
  });

  it('runs one statement at a time on the connection, even with Promise.all on one handle', async () => {
    const schema = freshSchema('overlap');
    const base = pgliteClient(pglite.db);
    const inFlight = new InFlight();
    const client: PostgresClient = {
      withConnection: (fn) =>
        base.withConnection((connection: SqlConnection) =>
          fn({ query: (sql, params) => inFlight.track(() => connection.query(sql, params)), execute: (sql, params) => inFlight.track(() => connection.execute(sql, params)) }),
        ),
    };
    await sharedHandleWork(await createPostgresAdapter({ client, schema }));
    expect(inFlight.max).toBe(1);
    await pglite.db.query(`DROP SCHEMA "${schema}" CASCADE`);
  });
});
