import { describe, expect, it } from 'vitest';
import { createPostgresAdapter } from 'civic-grid/adapters/postgres';
import { counterClock, describeStorageAdapter, rejection, SCOPES, SUITE_KINDS } from 'civic-grid/testing';
import { createStore } from '../../src/index.js';
import { freshSchema, pgliteForTheseTests, schemaPerAdapter } from './postgres-setup.js';

// The records table partitioned by district ('partitionByDistrict'): the whole storage suite runs on it unchanged.
const pglite = pgliteForTheseTests();
const item = (id: string, overrides: { size?: number } = {}) => ({ id, name: `item ${id}`, size: 1, tag: null, ...overrides });
const partitionByDistrict = { cityId: 'tc', districtIds: ['wy', 'yt'] };

describeStorageAdapter('postgres on PGlite, partitioned by district', {
  ...schemaPerAdapter(pglite.proxy, 'parts', (schema) => createPostgresAdapter({ pglite: pglite.proxy, schema, partitionByDistrict })),
  modelRuns: 5,
});

describe('district partitions (PGlite)', () => {
  it('puts each district in its own partition, moves a record with its district, and keeps (kind, id) unique across partitions', async () => {
    const schema = freshSchema('parts');
    const adapter = await createPostgresAdapter({ pglite: pglite.db, schema, partitionByDistrict });
    const store = createStore(adapter, { kinds: SUITE_KINDS, clock: counterClock() });
    await store.insert('item', item('a'), { scope: SCOPES.g1 });
    await store.insert('item', item('b'), { scope: SCOPES.yt });
    await store.insert('item', item('c'), { scope: SCOPES.city });
    const placed = async () =>
      (await pglite.db.query<{ id: string; partition: string }>(`SELECT id, tableoid::regclass::text AS partition FROM "${schema}".civic_grid_records ORDER BY id`)).rows.map((row) => `${row.id}:${row.partition.split('.').at(-1)}`);
    expect(await placed()).toEqual(['a:civic_grid_records_district_1', 'b:civic_grid_records_district_2', 'c:civic_grid_records_elsewhere']);
    expect((await rejection(store.insert('item', item('a'), { scope: SCOPES.yt }))).code).toBe('CONFLICT');
    expect((await rejection(store.insertMany('item', [{ value: item('d'), scope: SCOPES.yt }, { value: item('b'), scope: SCOPES.wy }]))).code).toBe('CONFLICT');
    const a = await store.get('item', 'a');
    await store.update('item', 'a', item('a', { size: 2 }), { expectedVersion: a?.version ?? 0, scope: SCOPES.yt });
    expect(await placed()).toEqual(['a:civic_grid_records_district_2', 'b:civic_grid_records_district_2', 'c:civic_grid_records_elsewhere']);
    expect((await rejection(store.insert('item', item('a'), { scope: SCOPES.wy }))).code).toBe('CONFLICT');
    await store.remove('item', 'a', { expectedVersion: 2 });
    await store.insert('item', item('a'), { scope: SCOPES.wy });
    expect(await placed()).toEqual(['a:civic_grid_records_district_1', 'b:civic_grid_records_district_2', 'c:civic_grid_records_elsewhere']);
    await adapter.close();
    await pglite.db.query(`DROP SCHEMA "${schema}" CASCADE`);
  });

  it('refuses malformed district lists', async () => {
    expect((await rejection(createPostgresAdapter({ pglite: pglite.db, schema: freshSchema('parts'), partitionByDistrict: { cityId: 'tc', districtIds: ['wy', 'wy'] } }))).code).toBe('VALIDATION_FAILED');
    expect((await rejection(createPostgresAdapter({ pglite: pglite.db, schema: freshSchema('parts'), partitionByDistrict: { cityId: '', districtIds: [] } }))).code).toBe('VALIDATION_FAILED');
  });
});
