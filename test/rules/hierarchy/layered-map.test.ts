import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LayeredMap } from '../../../src/rules/hierarchy/layered-map.js';

/** Everything the map answers, as one plain value: one assertion per check keeps the property fast. */
function answers(map: Pick<Map<string, number>, 'get' | 'has' | 'size' | 'entries'>, keys: readonly string[]) {
  return {
    size: map.size,
    got: keys.map((key) => [map.get(key), map.has(key)]),
    entries: [...map.entries()].sort(([a], [b]) => a.localeCompare(b)),
  };
}

function expectSameAs(map: LayeredMap<string, number>, model: ReadonlyMap<string, number>, keys: readonly string[]): void {
  expect(answers(map, keys)).toEqual(answers(model as Map<string, number>, keys));
  expect([...map.values()].sort()).toEqual([...model.values()].sort());
}

describe('LayeredMap', () => {
  it('adopts a map and applies sets and deletes', () => {
    const map = LayeredMap.adopt(new Map([['a', 1]])).with([
      ['b', 2],
      ['a', undefined],
      ['missing', undefined],
    ]);
    expect(map.size).toBe(1);
    expect(map.get('a')).toBeUndefined();
    expect([...map.entries()]).toEqual([['b', 2]]);
  });

  it('counts a key given twice in one call once (regression)', () => {
    const map = LayeredMap.adopt(new Map<string, number>()).with([
      ['a', 1],
      ['a', 2],
    ]);
    expect(map.size).toBe(1);
    expect(map.get('a')).toBe(2);
    expect(map.with([['a', undefined], ['a', undefined]]).size).toBe(0);
    expect(map.with([['a', undefined], ['a', 3]]).size).toBe(1);
  });

  // Small key space so sets, overwrites and deletes collide; long runs cross the fold threshold.
  const keys = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9', 'k10', 'k11', 'k12', 'k13', 'k14', 'k15'];
  const change = fc.tuple(fc.constantFrom(...keys), fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }));

  it('behaves like a Map under random updates, and every earlier version stays as it was', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...keys.slice(0, 10)), { maxLength: 10 }),
        fc.array(fc.array(change, { maxLength: 6 }), { maxLength: 60 }),
        (initialKeys, batches) => {
          const initial = new Map(initialKeys.map((key, i) => [key, i]));
          let map = LayeredMap.adopt(new Map(initial));
          let model = new Map(initial);
          const versions = [{ map, model }];
          for (const batch of batches) {
            map = map.with(batch);
            model = new Map(model);
            for (const [key, value] of batch) {
              if (value === undefined) model.delete(key);
              else model.set(key, value);
            }
            expectSameAs(map, model, keys);
            versions.push({ map, model });
          }
          for (const version of versions) expectSameAs(version.map, version.model, keys);
        },
      ),
      { numRuns: 150 },
    );
  });
});
