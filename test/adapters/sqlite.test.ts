import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteAdapter, SQLITE_MIGRATIONS, sqliteDialect } from 'civic-grid/adapters/sqlite';
import { counterClock, describeStorageAdapter, rejection, SCOPES, SUITE_KINDS } from 'civic-grid/testing';
import { type SqlConnection, withSqlOperations } from '../../src/adapters/sql/sql-core.js';
import { createStore } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'civic-grid-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const nextFile = (): string => join(dir, `store-${(files += 1)}.sqlite`);

/** Reads a record straight from the table, so "nothing written" is checked behind the adapter. */
function rawReader(openDb: () => Database.Database) {
  return (kind: string, id: string) => openDb().prepare('SELECT * FROM civic_grid_records WHERE kind = ? AND id = ?').get(kind, id) ?? null;
}

describe('sqlite on :memory:', () => {
  let db: Database.Database;
  describeStorageAdapter('sqlite :memory:', {
    create: () => {
      db = new Database(':memory:');
      return createSqliteAdapter(db);
    },
    destroy: async (adapter) => {
      await adapter.close();
      db.close();
    },
    rawRead: rawReader(() => db),
  });
});

describe('sqlite on a file', () => {
  let file = '';
  describeStorageAdapter('sqlite file', {
    create: () => createSqliteAdapter((file = nextFile())),
    rawRead: (kind, id) => {
      const db = new Database(file, { readonly: true });
      try {
        return rawReader(() => db)(kind, id);
      } finally {
        db.close();
      }
    },
    modelRuns: 10,
  });
});

describe('sqlite schema and files', () => {
  const storeOn = (adapter: Awaited<ReturnType<typeof createSqliteAdapter>>) => createStore(adapter, { kinds: SUITE_KINDS, clock: counterClock() });

  it('uses WAL, an index range for scope queries, and keeps data across reopening', async () => {
    const file = nextFile();
    const store = storeOn(await createSqliteAdapter(file));
    await store.insert('item', { id: 'x', name: 'X', size: 1, tag: null }, { scope: SCOPES.g1 });
    await store.close();
    const db = new Database(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT id FROM civic_grid_records WHERE kind = 'item' AND scope >= '/tc/' AND scope < '/tc0'")
      .all()
      .map((row) => (row as { detail: string }).detail)
      .join('\n');
    expect(plan).toMatch(/USING (COVERING )?INDEX civic_grid_records_scope/);
    db.close();
    const reopened = storeOn(await createSqliteAdapter(file));
    expect((await reopened.getOrThrow('item', 'x')).data.name).toBe('X');
    await reopened.close();
  });

  it('migrates a database made by an older version', async () => {
    const file = nextFile();
    const db = new Database(file);
    for (const statement of SQLITE_MIGRATIONS[0] ?? []) db.exec(statement);
    db.exec("INSERT INTO civic_grid_meta (key, value) VALUES ('schema_version', '1')");
    db.exec(`INSERT INTO civic_grid_records VALUES ('item', 'old', 1, '/tc/', 1, '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z', '{"id":"old","name":"Old","size":0,"tag":null}')`);
    db.close();
    const store = storeOn(await createSqliteAdapter(file));
    expect((await store.getOrThrow('item', 'old')).scope).toEqual(['tc']);
    await store.close();
    const check = new Database(file);
    expect(check.prepare("SELECT value FROM civic_grid_meta WHERE key = 'schema_version'").pluck().get()).toBe(String(SQLITE_MIGRATIONS.length));
    expect(check.prepare("SELECT name FROM sqlite_master WHERE name = 'civic_grid_records_updated'").pluck().get()).toBe('civic_grid_records_updated');
    check.close();
  });

  it('refuses a database from a newer version with SCHEMA_TOO_NEW and changes nothing', async () => {
    const file = nextFile();
    const store = storeOn(await createSqliteAdapter(file));
    await store.insert('item', { id: 'x', name: 'X', size: 1, tag: null }, { scope: SCOPES.g1 });
    await store.close();
    const db = new Database(file);
    db.exec(`UPDATE civic_grid_meta SET value = '${SQLITE_MIGRATIONS.length + 1}' WHERE key = 'schema_version'`);
    const schemaBefore = db.prepare('SELECT sql FROM sqlite_master ORDER BY name').all();
    db.close();
    const error = await rejection(createSqliteAdapter(file));
    expect(error.code).toBe('SCHEMA_TOO_NEW');
    expect(error.message).toContain(String(SQLITE_MIGRATIONS.length + 1));
    const after = new Database(file);
    expect(after.prepare('SELECT sql FROM sqlite_master ORDER BY name').all()).toEqual(schemaBefore);
    expect(after.prepare('SELECT count(*) FROM civic_grid_records').pluck().get()).toBe(1);
    after.close();
  });

  it('wraps driver failures as ADAPTER_FAILURE with the driver error as cause', async () => {
    const db = new Database(':memory:');
    const store = storeOn(await createSqliteAdapter(db));
    db.exec('DROP TABLE civic_grid_audit');
    const error = await rejection(store.insert('item', { id: 'x', name: 'X', size: 1, tag: null }, { scope: SCOPES.g1 }));
    expect(error.code).toBe('ADAPTER_FAILURE');
    expect(error.message).toContain('insert');
    expect((error.cause as { code?: string }).code).toBe('SQLITE_ERROR');
    expect(await store.get('item', 'x')).toBeNull();
    const cannotOpen = await rejection(createSqliteAdapter(join(dir, 'no-such-dir', 'x.sqlite')));
    expect(cannotOpen.code).toBe('ADAPTER_FAILURE');
    db.close();
  });
});

describe('sqlite write guards and locks', () => {
  const storeOn = (adapter: Awaited<ReturnType<typeof createSqliteAdapter>>) => createStore(adapter, { kinds: SUITE_KINDS, clock: counterClock() });

  it('guards the write itself: an update or remove whose row moved after the version read fails and writes nothing', async () => {
    const db = new Database(':memory:');
    const store = storeOn(await createSqliteAdapter(db));
    await store.insertMany('item', ['x', 'y'].map((id) => ({ value: { id, name: id, size: 1, tag: null }, scope: SCOPES.g1 })));
    // Moves every record on once, right after the adapter has read its version, as a writer the locks missed would.
    let armed = false;
    const movesAfterRead: SqlConnection = {
      query: async (sql, params) => {
        const rows = db.prepare(sql).all(...params) as Record<string, unknown>[];
        if (armed && sql.startsWith('SELECT') && sql.includes('civic_grid_records')) db.exec('UPDATE civic_grid_records SET version = version + 1');
        armed = false;
        return rows;
      },
      execute: async (sql, params) => db.prepare(sql).run(...params).changes,
    };
    const context = { at: new Date(0), actor: 'test' };
    const change = { data: { id: 'x', name: 'x', size: 2, tag: null }, scope: SCOPES.g1 };
    db.exec('BEGIN');
    armed = true;
    const updated = await rejection(withSqlOperations(movesAfterRead, sqliteDialect, (ops) => ops.update('item', 'x', change, 1, context)));
    armed = true;
    const removed = await rejection(withSqlOperations(movesAfterRead, sqliteDialect, (ops) => ops.remove('item', 'y', 2, context)));
    expect([updated.code, removed.code]).toEqual(['VERSION_CONFLICT', 'VERSION_CONFLICT']);
    expect(db.prepare("SELECT id, json_extract(data, '$.size') AS size FROM civic_grid_records ORDER BY id").all()).toEqual([
      { id: 'x', size: 1 },
      { id: 'y', size: 1 },
    ]);
    expect(db.prepare("SELECT count(*) FROM civic_grid_audit WHERE op <> 'insert'").pluck().get()).toBe(0);
    db.exec('ROLLBACK');
    await store.close();
    db.close();
  });

  it('refuses the outer handle inside a nested transaction instead of waiting for it forever', { timeout: 20_000 }, async () => {
    const store = storeOn(await createSqliteAdapter(':memory:'));
    await store.transaction(async (tx) => {
      await tx.transaction(async (nested) => {
        await nested.insert('item', { id: 'inner', name: 'i', size: 1, tag: null }, { scope: SCOPES.g1 });
        const error = await rejection(tx.insert('item', { id: 'outer', name: 'o', size: 1, tag: null }, { scope: SCOPES.g1 }));
        expect([error.code, error.message]).toEqual(['ADAPTER_FAILURE', expect.stringMatching(/nested transaction/)]);
      });
    });
    expect((await store.query('item', { scope: [], limit: 10 })).records.map((record) => record.id)).toEqual(['inner']);
    await store.close();
  });

  // Without the in-process file lock the second BEGIN IMMEDIATE blocks Node synchronously for the whole
  // 60 s busy timeout while the first transaction, which could release the file, cannot run.
  it('two adapters on one file in one process write different records without waiting out the busy timeout', { timeout: 20_000 }, async () => {
    const file = nextFile();
    const [first, second] = [storeOn(await createSqliteAdapter(file, { busyTimeoutMs: 60_000 })), storeOn(await createSqliteAdapter(file, { busyTimeoutMs: 60_000 }))];
    const writeTwo = (store: typeof first, prefix: string) =>
      store.transaction(async (tx) => {
        await tx.insert('item', { id: `${prefix}1`, name: prefix, size: 1, tag: null }, { scope: SCOPES.g1 });
        await new Promise((resolve) => setTimeout(resolve, 20));
        await tx.insert('item', { id: `${prefix}2`, name: prefix, size: 1, tag: null }, { scope: SCOPES.g1 });
      });
    await Promise.all([writeTwo(first, 'a'), writeTwo(second, 'b'), writeTwo(first, 'c'), writeTwo(second, 'd')]);
    const stored = await first.query('item', { scope: [], limit: 10 });
    expect(stored.records.map((record) => record.id)).toEqual(['a1', 'a2', 'b1', 'b2', 'c1', 'c2', 'd1', 'd2']);
    await Promise.all([first.close(), second.close()]);
  });

  it('a second adapter on the same file through another path shares the lock; :memory: databases do not block each other', { timeout: 20_000 }, async () => {
    const file = nextFile();
    const viaDots = join(dir, '.', '..', dir.split('/').at(-1) as string, file.split('/').at(-1) as string);
    const [first, second] = [storeOn(await createSqliteAdapter(file, { busyTimeoutMs: 60_000 })), storeOn(await createSqliteAdapter(viaDots, { busyTimeoutMs: 60_000 }))];
    await Promise.all(
      [first, second].map((store, index) =>
        store.transaction(async (tx) => {
          await tx.insert('item', { id: `p${index}`, name: 'p', size: 1, tag: null }, { scope: SCOPES.g1 });
          await new Promise((resolve) => setTimeout(resolve, 20));
        }),
      ),
    );
    expect((await second.query('item', { scope: [], limit: 10 })).records.map((record) => record.id)).toEqual(['p0', 'p1']);
    await Promise.all([first.close(), second.close()]);
    const memories = await Promise.all([createSqliteAdapter(':memory:'), createSqliteAdapter(':memory:')]);
    let inside = 0;
    let overlapped = false;
    await Promise.all(
      memories.map((adapter) =>
        storeOn(adapter).transaction(async (tx) => {
          inside += 1;
          await tx.insert('item', { id: 'm', name: 'm', size: 1, tag: null }, { scope: SCOPES.g1 });
          await new Promise((resolve) => setTimeout(resolve, 20));
          overlapped ||= inside === 2;
          inside -= 1;
        }),
      ),
    );
    expect(overlapped).toBe(true);
    await Promise.all(memories.map((adapter) => adapter.close()));
  });
});
