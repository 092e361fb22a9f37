import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryAdapter, openMemoryAdapter, SNAPSHOT_VERSION } from 'civic-grid/adapters/memory';
import { counterClock, describeStorageAdapter, rejection, SCOPES, SUITE_KINDS } from 'civic-grid/testing';
import { SUITE_EPOCH } from '../../src/testing/fixtures.js';
import { createStore } from '../../src/index.js';

describeStorageAdapter('memory', { create: () => createMemoryAdapter(), modelRuns: 30 });

describe('memory adapter snapshots', () => {
  const dir = mkdtempSync(join(tmpdir(), 'civic-grid-memory-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const storeOn = (adapter: ReturnType<typeof createMemoryAdapter>) => createStore(adapter, { kinds: SUITE_KINDS, clock: counterClock() });

  it('round-trips records and the audit log through a JSON file', async () => {
    const file = join(dir, 'store.json');
    const first = await openMemoryAdapter(file);
    const store = storeOn(first);
    await store.insert('item', { id: 'x', name: 'X', size: 1, tag: 'a' }, { scope: SCOPES.g1 });
    await store.insert('note', { id: 'n', text: '你好' }, { scope: SCOPES.odd });
    await store.update('item', 'x', { size: 2 }, { expectedVersion: 1 });
    const audit = await store.readAudit({ limit: 100 });
    await store.close();

    const reopened = storeOn(await openMemoryAdapter(file));
    expect((await reopened.getOrThrow('item', 'x')).version).toBe(2);
    expect((await reopened.getOrThrow('note', 'n')).scope).toEqual([...SCOPES.odd]);
    expect(await reopened.readAudit({ limit: 100 })).toEqual(audit);
    // seq continues after the restored log.
    await reopened.remove('item', 'x', { expectedVersion: 2 });
    expect((await reopened.readAudit({ limit: 100 })).map((entry) => entry.seq)).toEqual([1, 2, 3, 4]);
    expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('civic-grid/memory-store');
  });

  it('starts empty when the file does not exist', async () => {
    const adapter = await openMemoryAdapter(join(dir, 'missing.json'));
    expect((await adapter.snapshot()).records).toEqual([]);
  });

  it('refuses a malformed snapshot with every issue listed, and a newer one with SCHEMA_TOO_NEW', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'civic-grid/memory-store', version: 1, nextSeq: 0, records: [{ kind: 'item' }], audit: [] }));
    const error = await rejection(openMemoryAdapter(bad));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.path.join('.'))).toEqual(expect.arrayContaining(['nextSeq', 'records.0.id', 'records.0.scope']));
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, '{');
    expect((await rejection(openMemoryAdapter(notJson))).code).toBe('VALIDATION_FAILED');
    expect(() => createMemoryAdapter({ snapshot: { format: 'civic-grid/memory-store', version: SNAPSHOT_VERSION + 1 } })).toThrow(
      expect.objectContaining({ code: 'SCHEMA_TOO_NEW' }),
    );
  });

  it('returns frozen data, so a caller cannot change stored state', async () => {
    const store = storeOn(createMemoryAdapter());
    const stored = await store.insert('item', { id: 'x', name: 'X', size: 1, tag: null }, { scope: SCOPES.g1 });
    expect(Object.isFrozen(stored.data)).toBe(true);
    stored.scope.push('mutated');
    expect((await store.getOrThrow('item', 'x')).scope).toEqual([...SCOPES.g1]);
  });
});

describe('memory adapter keys', () => {
  // The store refuses NUL in ids (PostgreSQL cannot hold it), but the adapter itself must not confuse ids that contain it.
  const at = { at: new Date(SUITE_EPOCH), actor: 'test' };
  const ids = ['n', 'n\u0000x', 'n\u0000', '\u0000n', 'n\u0000x\u0000y'];

  it('keeps ids with NUL apart from their prefixes, inside and outside transactions', async () => {
    const adapter = createMemoryAdapter();
    for (const id of ids) await adapter.insert('item', { id, scope: SCOPES.g1, data: { id } }, at);
    await adapter.remove('item', 'n\u0000x', 1, at);
    await adapter.transaction(async (tx) => {
      await tx.update('item', 'n\u0000', { data: { id: 'n\u0000', changed: true }, scope: SCOPES.g1 }, 1, at);
      await tx.transaction(async (nested) => nested.remove('item', '\u0000n', 1, at));
      expect((await tx.query('item', { scope: [], where: [], orderBy: { field: 'id', direction: 'asc' }, limit: 10 })).map((record) => record.id)).toEqual(['n', 'n\u0000', 'n\u0000x\u0000y']);
    });
    const left = await Promise.all(ids.map(async (id) => (await adapter.get('item', id))?.version ?? null));
    expect(left).toEqual([1, null, 2, null, 1]);
  });

  it('keeps kinds whose names share a prefix apart', async () => {
    const adapter = createMemoryAdapter();
    await adapter.transaction(async (tx) => {
      await tx.insert('a', { id: 'b\u0000c', scope: SCOPES.g1, data: {} }, at);
      await tx.insert('a\u0000b', { id: 'c', scope: SCOPES.g1, data: {} }, at);
      expect((await tx.query('a', { scope: [], where: [], orderBy: { field: 'id', direction: 'asc' }, limit: 10 })).map((record) => record.id)).toEqual(['b\u0000c']);
    });
    expect((await adapter.get('a', 'b\u0000c'))?.id).toBe('b\u0000c');
    expect((await adapter.get('a\u0000b', 'c'))?.id).toBe('c');
    expect(await adapter.get('a', 'c')).toBeNull();
  });
});
