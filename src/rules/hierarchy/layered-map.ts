const DELETED: unique symbol = Symbol('deleted');

/**
 * An immutable map with structural sharing: a shared base that is never
 * mutated, plus a small delta owned by this version. An update copies only the
 * delta; the delta is folded into a new base once it outgrows √(base size), so
 * reads stay O(1) and updates cost amortised O(√n). immer would copy a whole
 * Map on each write, and a million-node hierarchy is built far faster on plain
 * Maps than on a trie.
 */
export class LayeredMap<K, V> {
  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    private readonly delta: ReadonlyMap<K, V | typeof DELETED>,
    readonly size: number,
  ) {}

  /** Takes ownership of `entries`: the caller must not mutate it afterwards. */
  static adopt<K, V>(entries: Map<K, V>): LayeredMap<K, V> {
    return new LayeredMap(entries, new Map(), entries.size);
  }

  get(key: K): V | undefined {
    const changed = this.delta.get(key);
    if (changed === DELETED) return undefined;
    return changed !== undefined ? changed : this.base.get(key);
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  /** A new map with `changes` applied; `undefined` deletes a key. */
  with(changes: Iterable<readonly [K, V | undefined]>): LayeredMap<K, V> {
    const delta = new Map(this.delta);
    let size = this.size;
    for (const [key, value] of changes) {
      // Against the delta being built, so a key given twice in one call counts once.
      const existed = delta.has(key) ? delta.get(key) !== DELETED : this.base.has(key);
      if (value === undefined) {
        if (!existed) continue;
        delta.set(key, DELETED);
        size -= 1;
      } else {
        delta.set(key, value);
        if (!existed) size += 1;
      }
    }
    if (delta.size * delta.size > this.base.size + 64) return LayeredMap.adopt(fold(this.base, delta));
    return new LayeredMap(this.base, delta, size);
  }

  *entries(): IterableIterator<[K, V]> {
    for (const [key, value] of this.base) {
      if (!this.delta.has(key)) yield [key, value];
    }
    for (const [key, value] of this.delta) {
      if (value !== DELETED) yield [key, value];
    }
  }

  *values(): IterableIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }
}

function fold<K, V>(base: ReadonlyMap<K, V>, delta: ReadonlyMap<K, V | typeof DELETED>): Map<K, V> {
  const merged = new Map(base);
  for (const [key, value] of delta) {
    if (value === DELETED) merged.delete(key);
    else merged.set(key, value);
  }
  return merged;
}
