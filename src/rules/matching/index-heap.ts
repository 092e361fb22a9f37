/** Binary min-heap of column (or row) indices keyed by an external distance array, with decrease-key. */
export class IndexHeap {
  private readonly items: Int32Array;
  private readonly position: Int32Array;
  size = 0;

  constructor(capacity: number, private readonly key: Float64Array) {
    this.items = new Int32Array(capacity);
    this.position = new Int32Array(capacity).fill(-1);
  }

  peek(): number {
    return this.items[0] as number;
  }

  push(item: number): void {
    this.items[this.size] = item;
    this.position[item] = this.size;
    this.size++;
    this.up(this.size - 1);
  }

  decrease(item: number): void {
    const at = this.position[item] as number;
    if (at >= 0) this.up(at);
  }

  pop(): number {
    const top = this.items[0] as number;
    this.position[top] = -1;
    this.size--;
    if (this.size > 0) {
      const last = this.items[this.size] as number;
      this.items[0] = last;
      this.position[last] = 0;
      this.down(0);
    }
    return top;
  }

  clear(): void {
    for (let k = 0; k < this.size; k++) this.position[this.items[k] as number] = -1;
    this.size = 0;
  }

  /** Ties break on the column index, so the search order never depends on insertion history. */
  private less(a: number, b: number): boolean {
    const ka = this.key[a] as number;
    const kb = this.key[b] as number;
    return ka < kb || (ka === kb && a < b);
  }

  private up(at: number): void {
    const { items, position } = this;
    const item = items[at] as number;
    while (at > 0) {
      const parentAt = (at - 1) >> 1;
      const parent = items[parentAt] as number;
      if (!this.less(item, parent)) break;
      items[at] = parent;
      position[parent] = at;
      at = parentAt;
    }
    items[at] = item;
    position[item] = at;
  }

  private down(at: number): void {
    const { items, position, size } = this;
    const item = items[at] as number;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && this.less(items[right] as number, items[child] as number)) child = right;
      const childItem = items[child] as number;
      if (!this.less(childItem, item)) break;
      items[at] = childItem;
      position[childItem] = at;
      at = child;
    }
    items[at] = item;
    position[item] = at;
  }
}
