import type { Issue } from '../../errors/civic-grid-error.js';
import type { HierarchyNode } from '../../model/hierarchy-node.js';
import { parentLevelOf } from '../../model/level.js';
import { codePrefixForChildren } from '../../model/node-code.js';

/** Why `child` cannot sit under `parent`, or null when it can. */
export function placementProblem(child: HierarchyNode, parent: HierarchyNode): string | null {
  const expected = parentLevelOf(child.level);
  if (parent.level !== expected) {
    return `${child.level} "${child.id}" must sit under a ${expected ?? 'nothing (it is a root level)'}, but parent "${parent.id}" is a ${parent.level}`;
  }
  return codeExtensionProblem(child, parent);
}

/** Why `child`'s code does not extend `parent`'s, or null when it does or either has none. */
export function codeExtensionProblem(child: HierarchyNode, parent: HierarchyNode): string | null {
  if (child.code === undefined || parent.code === undefined) return null;
  if (child.level === 'building' || child.level === 'household') return null;
  const prefix = codePrefixForChildren(parent.level, parent.code);
  if (child.code.startsWith(prefix) && child.code.length > prefix.length) return null;
  return `code "${child.code}" of ${child.level} "${child.id}" does not extend code "${parent.code}" of its parent "${parent.id}"`;
}

/**
 * Every violation of the hierarchy invariants in `nodes` (already
 * schema-valid): one root, known parents at the level directly above, unique
 * ids, no cycles, codes that extend their parent's.
 */
export function hierarchyViolations(nodes: readonly HierarchyNode[]): Issue[] {
  const issues: Issue[] = [];
  const indexById = new Map<string, number>();
  nodes.forEach((node, index) => {
    const first = indexById.get(node.id);
    if (first !== undefined) {
      issues.push({ path: [index, 'id'], message: `duplicate id "${node.id}" (first at index ${first})` });
    } else {
      indexById.set(node.id, index);
    }
  });

  const roots: number[] = [];
  nodes.forEach((node, index) => {
    if (indexById.get(node.id) !== index) return;
    if (node.parentId === null) {
      roots.push(index);
      return;
    }
    const parentIndex = indexById.get(node.parentId);
    if (parentIndex === undefined) {
      issues.push({ path: [index, 'parentId'], message: `orphan: ${node.level} "${node.id}" names unknown parent "${node.parentId}"` });
      return;
    }
    const problem = placementProblem(node, nodes[parentIndex] as HierarchyNode);
    if (problem !== null) issues.push({ path: [index, problem.startsWith('code') ? 'code' : 'parentId'], message: problem });
  });

  if (roots.length === 0 && nodes.length > 0) {
    issues.push({ path: [], message: 'no root: exactly one node must have parentId null' });
  }
  for (const index of roots.slice(1)) {
    const node = nodes[index] as HierarchyNode;
    issues.push({ path: [index, 'parentId'], message: `second root "${node.id}": exactly one node may have parentId null (first is "${nodes[roots[0] as number]?.id}")` });
  }
  issues.push(...cycleViolations(nodes, indexById));
  return issues;
}

/** Nodes whose parent chain loops instead of reaching a root. */
function cycleViolations(nodes: readonly HierarchyNode[], indexById: ReadonlyMap<string, number>): Issue[] {
  const issues: Issue[] = [];
  // 0 unknown, 1 on the current walk, 2 reaches a root or an orphan.
  const state = new Uint8Array(nodes.length);
  for (let start = 0; start < nodes.length; start++) {
    if (state[start] !== 0 || indexById.get((nodes[start] as HierarchyNode).id) !== start) continue;
    const walk: number[] = [];
    let current: number | undefined = start;
    while (current !== undefined && state[current] === 0) {
      state[current] = 1;
      walk.push(current);
      const parentId: string | null = (nodes[current] as HierarchyNode).parentId;
      current = parentId === null ? undefined : indexById.get(parentId);
    }
    if (current !== undefined && state[current] === 1) {
      const cycleStart = walk.indexOf(current);
      const ids = walk.slice(cycleStart).map((i) => (nodes[i] as HierarchyNode).id);
      issues.push({ path: [current, 'parentId'], message: `cycle: ${[...ids, ids[0]].map((id) => `"${id}"`).join(' → ')}` });
    }
    for (const index of walk) state[index] = 2;
  }
  return issues;
}
