import { expect } from 'vitest';
import type { CivicGridError, ErrorCode } from '../../errors/civic-grid-error.js';
import type { StorageAdapter } from '../../adapters/port.js';
import { MAX_JSON_DEPTH } from '../../adapters/storable-json.js';
import { item, SCOPES, type SuiteStore } from '../fixtures.js';

/**
 * The store's public boundary: input no adapter could store unchanged is
 * refused with VALIDATION_FAILED before it reaches the adapter, so every
 * adapter answers alike and nothing is written.
 */
export const BOUNDARY_SUITE_TESTS = [
  'boundary > ids that are prefixes of each other, with / % and _, stay separate records and scopes',
  'boundary > NUL in ids, scope ids, where values and the actor fails VALIDATION_FAILED, nothing written',
  'boundary > lone surrogates in ids, scope ids, where values and the actor fail VALIDATION_FAILED, nothing written',
  'boundary > NUL or lone surrogates in entity data fail VALIDATION_FAILED with the path, nothing written',
  'boundary > a cursor with a garbage time or id fails VALIDATION_FAILED',
  'boundary > cyclic or too deeply nested data fails VALIDATION_FAILED with the path, nothing written',
  'boundary > transaction with something other than a function fails VALIDATION_FAILED',
  'boundary > a where field named __proto__ is refused, never dropped',
  'boundary > a misspelt where field fails VALIDATION_FAILED naming the known fields; a loose kind accepts any field',
] as const;

type BoundaryTestName = (typeof BOUNDARY_SUITE_TESTS)[number] extends `boundary > ${infer Name}` ? Name : never;

export interface BoundarySuiteContext {
  group: (groupName: 'boundary', tests: Record<BoundaryTestName, (store: SuiteStore, adapter: StorageAdapter) => Promise<void>>) => void;
  expectCode: (promise: Promise<unknown>, code: ErrorCode) => Promise<CivicGridError>;
}

const paths = (error: CivicGridError): string[] => error.issues.map((issue) => issue.path.join('.'));

/** Nothing stored and nothing in the audit log: ids the store refused cannot be read back to check. */
async function expectEmpty(store: SuiteStore): Promise<void> {
  for (const kind of ['item', 'note', 'doc'] as const) expect((await store.query(kind, { scope: [], limit: 10 })).records).toEqual([]);
  expect(await store.readAudit({ limit: 10 })).toEqual([]);
}

function cursorOf(parts: unknown): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function registerBoundaryTests({ group, expectCode }: BoundarySuiteContext): void {
  const refusedUnstorableText = async (store: SuiteStore, bad: string): Promise<void> => {
    const id = await expectCode(store.insert('item', item(`x${bad}`, { name: 'x' }), { scope: SCOPES.g1 }), 'VALIDATION_FAILED');
    expect(paths(id)).toEqual(['id']);
    const scope = await expectCode(store.insert('item', item('x'), { scope: ['tc', `wy${bad}`] }), 'VALIDATION_FAILED');
    expect(paths(scope)).toEqual(['scope.1']);
    const batch = await expectCode(store.insertMany('item', [{ value: item('y'), scope: [`tc${bad}`] }]), 'VALIDATION_FAILED');
    expect(paths(batch)).toEqual(['0.scope.0']);
    await expectCode(store.get('item', `x${bad}`), 'VALIDATION_FAILED');
    await expectCode(store.query('item', { scope: ['tc', `wy${bad}`], limit: 5 }), 'VALIDATION_FAILED');
    const where = await expectCode(store.query('item', { scope: [], where: { name: `n${bad}` }, limit: 5 }), 'VALIDATION_FAILED');
    expect(paths(where)).toEqual(['where.name']);
    await expectCode(store.query('item', { scope: [], where: { name: ['ok', `n${bad}`] }, limit: 5 }), 'VALIDATION_FAILED');
    await expectCode(store.readAudit({ id: `x${bad}`, limit: 5 }), 'VALIDATION_FAILED');
    await expectCode(store.remove('item', `x${bad}`, { expectedVersion: 1 }), 'VALIDATION_FAILED');
    await expectCode(store.update('item', `x${bad}`, {}, { expectedVersion: 1 }), 'VALIDATION_FAILED');
    expect(() => store.as(`actor${bad}`)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    await expectEmpty(store);
  };

  group('boundary', {
    'ids that are prefixes of each other, with / % and _, stay separate records and scopes': async (store) => {
      const ids = ['n', 'n_', 'n_x', 'nax', 'n%', 'n%x', 'n%25', 'n/', 'n/x', 'n%2F', 'n\\'];
      for (const id of ids) await store.insert('item', item(id), { scope: ['tc', id] });
      await store.remove('item', 'n_x', { expectedVersion: 1 });
      await store.update('item', 'n%', { size: 7 }, { expectedVersion: 1 });
      const left = ids.filter((id) => id !== 'n_x');
      for (const id of left) {
        const stored = await store.getOrThrow('item', id);
        expect([stored.scope, stored.data.size]).toEqual([['tc', id], id === 'n%' ? 7 : 1]);
      }
      expect(await store.get('item', 'n_x')).toBeNull();
      // Each scope holds exactly its own record: `_` and `%` are no wildcards, `/` no separator.
      for (const id of left) expect((await store.query('item', { scope: ['tc', id], limit: 20 })).records.map((record) => record.id)).toEqual([id]);
      expect((await store.query('item', { scope: ['tc', 'n_x'], limit: 20 })).records).toEqual([]);
      expect((await store.query('item', { scope: [], where: { name: 'item n_' }, limit: 20 })).records.map((record) => record.id)).toEqual(['n_']);
    },

    'NUL in ids, scope ids, where values and the actor fails VALIDATION_FAILED, nothing written': async (store) => {
      await refusedUnstorableText(store, '\u0000');
      await refusedUnstorableText(store, '\u0000x');
    },

    'lone surrogates in ids, scope ids, where values and the actor fail VALIDATION_FAILED, nothing written': async (store) => {
      for (const bad of ['\uD800', '\uDFFF', '\uDC00\uD800', '\uD83C']) await refusedUnstorableText(store, bad);
      // A well-formed pair (an emoji) is fine.
      await store.insert('item', item('🏠'), { scope: ['tc', '🏠'] });
      expect((await store.getOrThrow('item', '🏠')).scope).toEqual(['tc', '🏠']);
    },

    'NUL or lone surrogates in entity data fail VALIDATION_FAILED with the path, nothing written': async (store) => {
      for (const bad of ['\u0000', '\uD800', 'a\uDC00b']) {
        expect(paths(await expectCode(store.insert('item', item('x', { name: `n${bad}` }), { scope: SCOPES.g1 }), 'VALIDATION_FAILED'))).toEqual(['name']);
        expect(paths(await expectCode(store.insert('doc', { id: 'd', body: { list: ['ok', bad] } }, { scope: SCOPES.g1 }), 'VALIDATION_FAILED'))).toEqual(['body.list.1']);
        expect(paths(await expectCode(store.insert('doc', { id: 'd', body: { [`k${bad}`]: 1 } }, { scope: SCOPES.g1 }), 'VALIDATION_FAILED'))).toEqual([`body.k${bad}`]);
        expect(paths(await expectCode(store.insert('doc', { id: 'd', body: null, [`extra${bad}`]: 'x' }, { scope: SCOPES.g1 }), 'VALIDATION_FAILED'))).toEqual([`extra${bad}`]);
        const batch = await expectCode(store.insertMany('doc', [{ value: { id: 'e', body: 1 }, scope: SCOPES.g1 }, { value: { id: 'f', body: bad }, scope: SCOPES.g1 }]), 'VALIDATION_FAILED');
        expect(paths(batch)).toEqual(['1.value.body']);
      }
      await expectEmpty(store);
      await store.insert('doc', { id: 'd', body: { text: 'ok' } }, { scope: SCOPES.g1 });
      expect(paths(await expectCode(store.update('doc', 'd', { body: { text: 'x\uD800' } }, { expectedVersion: 1 }), 'VALIDATION_FAILED'))).toEqual(['body.text']);
      expect(paths(await expectCode(store.update('doc', 'd', { body: 'x\u0000' }, { expectedVersion: 1 }), 'VALIDATION_FAILED'))).toEqual(['body']);
      const stored = await store.getOrThrow('doc', 'd');
      expect([stored.version, stored.data]).toEqual([1, { id: 'd', body: { text: 'ok' } }]);
      expect(await store.readAudit({ limit: 10 })).toHaveLength(1);
    },

    'a cursor with a garbage time or id fails VALIDATION_FAILED': async (store) => {
      await store.insertMany('item', ['a', 'b', 'c'].map((id) => ({ value: item(id), scope: SCOPES.g1 })));
      const forged = [
        ['createdAt', 'asc', 'garbage', 'a'],
        ['createdAt', 'asc', '2024-02-30T00:00:00.000Z', 'a'],
        ['createdAt', 'asc', '2024-01-01', 'a'],
        ['createdAt', 'asc', '2024-01-01T00:00:00Z', 'a'],
        ['createdAt', 'asc', '2024-01-01T08:00:00.000+08:00', 'a'],
        ['createdAt', 'asc', '2024-01-01T00:00:00.000Z', ''],
        ['createdAt', 'asc', '2024-01-01T00:00:00.000Z', 'a\uD800'],
        ['createdAt', 'asc', '2024-01-01T00:00:00.000Z', 'a\u0000'],
      ];
      for (const parts of forged) await expectCode(store.query('item', { scope: [], orderBy: { field: 'createdAt' }, limit: 1, cursor: cursorOf(parts) }), 'VALIDATION_FAILED');
      for (const parts of [['updatedAt', 'desc', 'Tuesday', 'a']]) {
        await expectCode(store.query('item', { scope: [], orderBy: { field: 'updatedAt', direction: 'desc' }, limit: 1, cursor: cursorOf(parts) }), 'VALIDATION_FAILED');
      }
      for (const parts of [['id', 'asc', 'a', 'b'], ['id', 'asc', '', ''], ['id', 'asc', 'a\uDC00', 'a\uDC00']]) {
        await expectCode(store.query('item', { scope: [], limit: 1, cursor: cursorOf(parts) }), 'VALIDATION_FAILED');
      }
      // The cursors the store writes still work.
      const first = await store.query('item', { scope: [], orderBy: { field: 'createdAt' }, limit: 1 });
      const second = await store.query('item', { scope: [], orderBy: { field: 'createdAt' }, limit: 2, cursor: first.nextCursor as string });
      expect(second.records.map((record) => record.id)).toEqual(['b', 'c']);
    },

    'cyclic or too deeply nested data fails VALIDATION_FAILED with the path, nothing written': async (store) => {
      const cyclic: Record<string, unknown> = { inner: { list: [1] } };
      ((cyclic.inner as { list: unknown[] }).list as unknown[]).push(cyclic);
      const error = await expectCode(store.insert('doc', { id: 'd', body: cyclic } as never, { scope: SCOPES.g1 }), 'VALIDATION_FAILED');
      expect(paths(error)).toEqual(['body.inner.list.1']);
      expect(error.issues[0]?.message).toContain('cycle');
      const selfArray: unknown[] = [];
      selfArray.push(selfArray);
      await expectCode(store.insert('doc', { id: 'd', body: selfArray } as never, { scope: SCOPES.g1 }), 'VALIDATION_FAILED');
      const selfItem: Record<string, unknown> = { ...item('x') };
      selfItem.self = selfItem;
      expect(paths(await expectCode(store.insert('item', selfItem as never, { scope: SCOPES.g1 }), 'VALIDATION_FAILED'))).toEqual(['self']);
      expect(paths(await expectCode(store.insertMany('doc', [{ value: { id: 'e', body: cyclic } as never, scope: SCOPES.g1 }]), 'VALIDATION_FAILED'))).toEqual(['0.value.body.inner.list.1']);

      let deep: unknown = 'bottom';
      for (let level = 0; level < 100_000; level += 1) deep = [deep];
      const tooDeep = await expectCode(store.insert('doc', { id: 'd', body: deep } as never, { scope: SCOPES.g1 }), 'VALIDATION_FAILED');
      expect(tooDeep.issues[0]?.message).toContain(`deeper than ${MAX_JSON_DEPTH}`);
      await expectEmpty(store);

      // At the limit itself data is stored and read back unchanged.
      let deepest: unknown = 'bottom';
      for (let level = 0; level < MAX_JSON_DEPTH - 1; level += 1) deepest = [deepest];
      await store.insert('doc', { id: 'd', body: deepest } as never, { scope: SCOPES.g1 });
      expect((await store.getOrThrow('doc', 'd')).data.body).toEqual(deepest);
      await expectCode(store.update('doc', 'd', { body: [deepest] } as never, { expectedVersion: 1 }), 'VALIDATION_FAILED');
      expect(paths(await expectCode(store.update('doc', 'd', { body: cyclic } as never, { expectedVersion: 1 }), 'VALIDATION_FAILED'))).toEqual(['body.inner.list.1']);
      expect((await store.getOrThrow('doc', 'd')).version).toBe(1);
      expect(await store.readAudit({ limit: 10 })).toHaveLength(1);
    },

    'transaction with something other than a function fails VALIDATION_FAILED': async (store) => {
      for (const notAFunction of [42, null, undefined, 'fn', {}]) await expectCode(store.transaction(notAFunction as never), 'VALIDATION_FAILED');
      await store.transaction(async (tx) => {
        await expectCode(tx.transaction(42 as never), 'VALIDATION_FAILED');
        await tx.insert('item', item('x'), { scope: SCOPES.g1 });
      });
      expect((await store.readAudit({ limit: 10 })).map((entry) => entry.id)).toEqual(['x']);
    },

    'a where field named __proto__ is refused, never dropped': async (store) => {
      await store.insertMany('item', ['a', 'b'].map((id) => ({ value: item(id), scope: SCOPES.g1 })));
      await store.insert('doc', { id: 'd', body: 1 }, { scope: SCOPES.g1 });
      for (const text of ['{"__proto__": 1}', '{"name": "item a", "__proto__": "x"}', '{"__proto__": {"name": "item a"}}']) {
        for (const kind of ['item', 'doc'] as const) {
          const error = await expectCode(store.query(kind, { scope: [], where: JSON.parse(text) as never, limit: 10 }), 'VALIDATION_FAILED');
          expect(paths(error)).toContain('where.__proto__');
        }
      }
      await expectCode(store.query('item', { scope: [], where: { [Symbol('name')]: 'item a' } as never, limit: 10 }), 'VALIDATION_FAILED');
    },

    'a misspelt where field fails VALIDATION_FAILED naming the known fields; a loose kind accepts any field': async (store) => {
      await store.insertMany('item', ['a', 'b'].map((id) => ({ value: item(id, { tag: id === 'a' ? 'a' : null }), scope: SCOPES.g1 })));
      const error = await expectCode(store.query('item', { scope: [], where: { tga: 'a', size: 1 }, limit: 10 }), 'VALIDATION_FAILED');
      expect(paths(error)).toEqual(['where.tga']);
      expect(error.issues[0]?.message).toContain('"tga"');
      expect(error.issues[0]?.message).toContain('id, name, size, tag, flag');
      expect((await store.query('item', { scope: [], where: { tag: 'a' }, limit: 10 })).records.map((record) => record.id)).toEqual(['a']);
      // `doc` is `.loose()`: extra top-level fields are stored, so a where may name them.
      await store.insert('doc', { id: 'd', body: null, colour: 'red' }, { scope: SCOPES.g1 });
      await store.insert('doc', { id: 'e', body: null }, { scope: SCOPES.g1 });
      expect((await store.query('doc', { scope: [], where: { colour: 'red' }, limit: 10 })).records.map((record) => record.id)).toEqual(['d']);
      expect((await store.query('doc', { scope: [], where: { shade: 'red' }, limit: 10 })).records).toEqual([]);
    },
  });
}
