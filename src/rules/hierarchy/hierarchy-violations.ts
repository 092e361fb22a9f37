import type { Issue } from '../../errors/civic-grid-error.js';
import type { HierarchyNode } from '../../model/hierarchy-node.js';
import { parentLevelOf } from '../../model/level.js';
import { CODE_DIGITS, codePrefixForChildren } from '../../model/node-code.js';

export interface PlacementProblem {
  /** The field to blame: the level does not fit the parent, or the code does not extend the parent's. */
  field: 'parentId' | 'code';
  message: string;
}

/** Why `child` cannot sit under `parent`, or null when it can. */
export function placementProblem(child: HierarchyNode, parent: HierarchyNode): PlacementProblem | null {
  const expected = parentLevelOf(child.level);
  if (parent.level !== expected) {
    return { field: 'parentId', message: `${child.level} "${child.id}" must sit under a ${expected ?? 'nothing (it is a root level)'}, but parent "${parent.id}" is a ${parent.level}` };
  }
  const message = codeExtensionProblem(child, parent);
  return message === null ? null : { field: 'code', message };
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
 * Indexes nodes by id and by division code. A later node with a seen id is a
 * duplicate and is left out of the index; a later node with a seen code is
 * reported too, since a division code names one unit.
 */
export interface NodeIndex {
  nodeById: Map<string, HierarchyNode>;
  /** Ids by division code, for the levels that have one (city to grid). */
  idByCode: Map<string, string>;
  /** Positions of nodes whose id was already taken. */
  duplicates: Set<number>;
  issues: Issue[];
}

/** True for a node with a division code: building and household codes are free labels that may repeat. */
export function hasDivisionCode(node: HierarchyNode): node is HierarchyNode & { code: string } {
  return node.code !== undefined && CODE_DIGITS[node.level] !== null;
}

/**
 * Where the nodes came from, when they are the schema-valid rows of a longer
 * input: issues then name each row by its input position, and rows that failed
 * the schema do not make their children orphans or the input rootless.
 */
export interface SourceRows {
  /** The input position of the node at `index`. */
  position: (index: number) => number;
  rejected: RejectedRows;
}

/** What the structural checks may assume of rows that failed the schema. */
export interface RejectedRows {
  /** Their ids: a child naming one has an unchecked parent, not an unknown one. */
  ids: ReadonlySet<string>;
  /** True when one of them may be the root (its parentId is null or unreadable). */
  mayHoldRoot: boolean;
}

export const ALL_ROWS_VALID: SourceRows = { position: (index) => index, rejected: { ids: new Set(), mayHoldRoot: false } };

export function indexNodes(nodes: readonly HierarchyNode[], { position }: SourceRows = ALL_ROWS_VALID): NodeIndex {
  const nodeById = new Map<string, HierarchyNode>();
  const idByCode = new Map<string, string>();
  const duplicates = new Set<number>();
  const issues: Issue[] = [];
  let firstIndexById: Map<string, number> | undefined;
  nodes.forEach((node, index) => {
    if (nodeById.has(node.id)) {
      firstIndexById ??= firstIndexes(nodes);
      duplicates.add(index);
      issues.push({ path: [position(index), 'id'], message: `duplicate id "${node.id}" (first at index ${position(firstIndexById.get(node.id) as number)})` });
      return;
    }
    nodeById.set(node.id, node);
    if (!hasDivisionCode(node)) return;
    const holderId = idByCode.get(node.code);
    if (holderId === undefined) {
      idByCode.set(node.code, node.id);
      return;
    }
    firstIndexById ??= firstIndexes(nodes);
    issues.push(duplicateCodeIssue(position(index), node, nodeById.get(holderId) as HierarchyNode, `first at index ${position(firstIndexById.get(holderId) as number)}`));
  });
  return { nodeById, idByCode, duplicates, issues };
}

function firstIndexes(nodes: readonly HierarchyNode[]): Map<string, number> {
  const firstIndexById = new Map<string, number>();
  nodes.forEach((node, index) => {
    if (!firstIndexById.has(node.id)) firstIndexById.set(node.id, index);
  });
  return firstIndexById;
}

/** `node` at `index` carries the division code `holder` already has. */
export function duplicateCodeIssue(index: number, node: HierarchyNode & { code: string }, holder: HierarchyNode, where: string): Issue {
  return { path: [index, 'code'], message: `duplicate code "${node.code}": ${node.level} "${node.id}" has the code of ${holder.level} "${holder.id}" (${where})` };
}

/**
 * Every violation of the hierarchy invariants in `nodes` (already
 * schema-valid and indexed by `indexNodes`): one root, known parents at the
 * level directly above, no cycles, codes that extend their parent's.
 */
export function hierarchyViolations(nodes: readonly HierarchyNode[], { nodeById, duplicates }: NodeIndex, { position, rejected }: SourceRows = ALL_ROWS_VALID): Issue[] {
  const issues: Issue[] = [];
  const roots: number[] = [];
  let misplaced = false;
  // Siblings usually come together: reuse the last parent looked up and its verdict.
  let lastParent: HierarchyNode | undefined;
  let lastLevel: string | undefined;
  nodes.forEach((node, index) => {
    if (duplicates.has(index)) return;
    if (node.parentId === null) {
      roots.push(index);
      return;
    }
    const parent = lastParent?.id === node.parentId ? lastParent : nodeById.get(node.parentId);
    if (parent === undefined) {
      if (!rejected.ids.has(node.parentId)) issues.push({ path: [position(index), 'parentId'], message: `orphan: ${node.level} "${node.id}" names unknown parent "${node.parentId}"` });
      return;
    }
    if (parent === lastParent && node.level === lastLevel && (node.code === undefined || parent.code === undefined)) return;
    const problem = placementProblem(node, parent);
    lastParent = parent;
    lastLevel = problem === null ? node.level : undefined;
    if (problem === null) return;
    misplaced ||= problem.field === 'parentId';
    issues.push({ path: [position(index), problem.field], message: problem.message });
  });

  if (roots.length === 0 && !rejected.mayHoldRoot) {
    issues.push({ path: [], message: 'no root: exactly one node must have parentId null' });
  }
  for (const index of roots.slice(1)) {
    const node = nodes[index] as HierarchyNode;
    issues.push({ path: [position(index), 'parentId'], message: `second root "${node.id}": exactly one node may have parentId null (first is "${nodes[roots[0] as number]?.id}")` });
  }
  // Each parent one level up makes levels strictly fall along every parent chain, so a cycle needs a misplaced node.
  if (misplaced) issues.push(...cycleViolations(nodes, nodeById, position));
  return issues;
}

/** Nodes whose parent chain loops instead of reaching a root. */
function cycleViolations(nodes: readonly HierarchyNode[], nodeById: ReadonlyMap<string, HierarchyNode>, position: SourceRows['position']): Issue[] {
  const issues: Issue[] = [];
  const indexById = new Map<string, number>();
  nodes.forEach((node, index) => {
    if (nodeById.get(node.id) === node) indexById.set(node.id, index);
  });
  // 0 unknown, 1 on the current walk, 2 reaches a root or an orphan.
  const state = new Uint8Array(nodes.length);
  for (const start of indexById.values()) {
    if (state[start] !== 0) continue;
    const walk: number[] = [];
    let current: number | undefined = start;
    while (current !== undefined && state[current] === 0) {
      state[current] = 1;
      walk.push(current);
      const parentId: string | null = (nodes[current] as HierarchyNode).parentId;
      current = parentId === null ? undefined : indexById.get(parentId);
    }
    if (current !== undefined && state[current] === 1) {
      const ids = walk.slice(walk.indexOf(current)).map((i) => (nodes[i] as HierarchyNode).id);
      issues.push({ path: [position(current), 'parentId'], message: `cycle: ${[...ids, ids[0]].map((id) => `"${id}"`).join(' → ')}` });
    }
    for (const index of walk) state[index] = 2;
  }
  return issues;
}
