import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteAdapter, SQLITE_MIGRATIONS } from 'civic-grid/adapters/sqlite';
import { counterClock, describeStorageAdapter, rejection, SCOPES, SUITE_KINDS } from 'civic-grid/testing';
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
