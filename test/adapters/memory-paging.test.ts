import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import { counterClock, SCOPES, SUITE_KINDS } from 'civic-grid/testing';
import { createStore, type Store } from '../../src/index.js';

type SuiteStore = Store<typeof SUITE_KINDS>;
type Writer = Pick<SuiteStore, 'insert' | 'update' | 'remove'>;

const BASE = 600;
const id = (index: number): string => `r${String(index).padStart(4, '0')}`;
const scopeOf = (index: number) => [SCOPES.g1, SCOPES.c2, SCOPES.odd, SCOPES.s10][index % 4] as readonly string[];

async function seeded(): Promise<SuiteStore> {
  const store = createStore(createMemoryAdapter(), { kinds: SUITE_KINDS, clock: counterClock() });
  await store.insertMany('item', Array.from({ length: BASE }, (_, index) => ({ value: { id: id(index), name: 'n', size: 1, tag: null }, scope: scopeOf(index) })));
  return store;
}

/** Inserts, updates (moving scope and updatedAt) and removes spread over the id range. */
async function writes(store: Writer): Promise<void> {
  for (let index = BASE; index < BASE + 40; index += 1) await store.insert('item', { id: id(index), name: 'new', size: 2, tag: 'a' }, { scope: scopeOf(index + 1) });
  for (let index = 3; index < BASE; index += 17) await store.update('item', id(index), { size: 3 }, { expectedVersion: 1, scope: scopeOf(index + 2) });
  for (let index = 5; index < BASE; index += 23) await store.remove('item', id(index), { expectedVersion: (index - 3) % 17 === 0 ? 2 : 1 });
}

async function pageIds(store: Pick<SuiteStore, 'query'>, query: Parameters<SuiteStore['query']>[1]): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { records: { id: string }[]; nextCursor: string | null } = await store.query('item', { ...query, ...(cursor === null ? {} : { cursor }) });
    ids.push(...page.records.map((record) => record.id));
    cursor = page.nextCursor;
  } while (cursor !== null);
  return ids;
}

describe('memory adapter paging inside a transaction', () => {
  it('merges the transaction’s own writes into pages exactly as they read once committed', async () => {
    const committed = await seeded();
    await writes(committed);
    const inside = await seeded();
    const queries = (['id', 'createdAt', 'updatedAt'] as const).flatMap((field) =>
      (['asc', 'desc'] as const).flatMap((direction) =>
        [[], SCOPES.city, SCOPES.wy, SCOPES.g1].map((scope) => ({ scope, orderBy: { field, direction }, limit: 23 })),
      ),
    );
    const seen = await inside.transaction(async (tx) => {
      await writes(tx);
      const pages: string[][] = [];
      for (const query of queries) pages.push(await pageIds(tx, query));
      return pages;
    });
    for (const [index, query] of queries.entries()) expect(seen[index], JSON.stringify(query)).toEqual(await pageIds(committed, query));
    expect(seen[0]).toHaveLength(BASE + 40 - Math.ceil((BASE - 5) / 23));
  });
});
