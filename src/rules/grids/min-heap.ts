/** A binary min-heap of node indices by a numeric priority; ties pop the lower node first. */
export class MinHeap {
  private priorities: number[] = [];
  private nodes: number[] = [];

  get size(): number {
    return this.nodes.length;
  }

  clear(): void {
    this.priorities.length = 0;
    this.nodes.length = 0;
  }

  push(node: number, priority: number): void {
    const { priorities, nodes } = this;
    let i = nodes.length;
    priorities.push(priority);
    nodes.push(node);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(priority, node, priorities[parent] as number, nodes[parent] as number)) break;
      priorities[i] = priorities[parent] as number;
      nodes[i] = nodes[parent] as number;
      i = parent;
    }
    priorities[i] = priority;
    nodes[i] = node;
  }

  /** Removes and returns the node with the lowest priority, or -1 when empty. */
  pop(): number {
    const { priorities, nodes } = this;
    if (nodes.length === 0) return -1;
    const top = nodes[0] as number;
    const lastPriority = priorities.pop() as number;
    const lastNode = nodes.pop() as number;
    const size = nodes.length;
    if (size === 0) return top;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && this.less(priorities[right] as number, nodes[right] as number, priorities[child] as number, nodes[child] as number)) child = right;
      if (!this.less(priorities[child] as number, nodes[child] as number, lastPriority, lastNode)) break;
      priorities[i] = priorities[child] as number;
      nodes[i] = nodes[child] as number;
      i = child;
    }
    priorities[i] = lastPriority;
    nodes[i] = lastNode;
    return top;
  }

  private less(pa: number, na: number, pb: number, nb: number): boolean {
    return pa < pb || (pa === pb && na < nb);
  }
}
