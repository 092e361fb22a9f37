import type { StoredRecord } from '../adapters/port.js';
import type { EntityOf, KindName, KindSchemas, Store, StoreQuery } from '../adapters/store.js';

/** Every record a query matches, read page by page (the store caps a page at 10,000). */
export async function queryAll<K extends KindSchemas, N extends KindName<K>>(store: Store<K>, kind: N, query: Omit<StoreQuery, 'limit' | 'cursor'>): Promise<StoredRecord<EntityOf<K, N>>[]> {
  const records: StoredRecord<EntityOf<K, N>>[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query(kind, { ...query, limit: 10_000, ...(cursor === undefined ? {} : { cursor }) });
    records.push(...page.records);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return records;
}
