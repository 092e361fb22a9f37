import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryAdapter, openMemoryAdapter, SNAPSHOT_VERSION } from 'civic-grid/adapters/memory';
import { counterClock, describeStorageAdapter, rejection, SCOPES, SUITE_KINDS } from 'civic-grid/testing';
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
