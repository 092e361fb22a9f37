import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import { CLAIMING_KINDS, createStore, UnitSchema } from '../../src/index.js';

describe('store.kinds', () => {
  it('is the kinds passed to createStore, frozen, on the store, its transactions and its actors', async () => {
    const kinds = { ...CLAIMING_KINDS, unit: UnitSchema };
    const store = createStore(createMemoryAdapter(), { kinds });
    expect(store.kinds).toEqual(kinds);
    expect(Object.isFrozen(store.kinds)).toBe(true);
    expect(store.as('someone').kinds).toBe(store.kinds);
    expect(await store.transaction(async (tx) => tx.kinds)).toBe(store.kinds);
  });

  it('is a copy: changing the object passed in changes neither the kinds nor what the store accepts', async () => {
    const kinds: Record<string, typeof UnitSchema> = { unit: UnitSchema };
    const store = createStore(createMemoryAdapter(), { kinds });
    delete kinds.unit;
    expect(Object.keys(store.kinds)).toEqual(['unit']);
    await expect(store.get('unit', 'u1')).resolves.toBeNull();
  });
});
