import { z } from 'zod';
import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { type HierarchyNode, HierarchyNodeSchema, NodeIdSchema } from '../../model/hierarchy-node.js';
import type { Level } from '../../model/level.js';
import { ALL_ROWS_VALID, duplicateCodeIssue, hasDivisionCode, hierarchyViolations, indexNodes, placementProblem, type SourceRows } from './hierarchy-violations.js';
import { parseHierarchyNodeRows, parseHierarchyNodes } from './parse-hierarchy-nodes.js';
import { LayeredMap } from './layered-map.js';

const RemoveOptionsSchema = z.object({ cascade: z.boolean().optional() }).strict();

/** The JSON form of a hierarchy: every node, parents before children. */
export interface HierarchyJson {
  format: 'civic-grid/hierarchy';
  version: 1;
  nodes: HierarchyNode[];
}

/**
 * An immutable, validated city hierarchy. Every update returns a new
 * Hierarchy that shares structure with this one and leaves it untouched.
 */
export class Hierarchy {
  private constructor(
    private readonly nodeById: LayeredMap<string, HierarchyNode>,
    private readonly childIdsById: LayeredMap<string, readonly string[]>,
    /** Division codes name one node each: `add` checks new codes against it. */
    private readonly idByCode: LayeredMap<string, string>,
    readonly rootId: string,
  ) {}

  /**
   * @internal Builds from frozen, schema-valid nodes, or returns every violation of the
   * invariants, each path starting with the offending node's position in `nodes`
   * (its input position through `source`, when `nodes` are the valid rows of a longer input).
   */
  static fromValidNodes(nodes: readonly HierarchyNode[], source: SourceRows = ALL_ROWS_VALID): Hierarchy | Issue[] {
    const index = indexNodes(nodes, source);
    const issues = [...index.issues, ...hierarchyViolations(nodes, index, source)];
    if (issues.length > 0) return issues;
    const childIds = new Map<string, string[]>();
    let rootId = '';
    for (const node of index.nodeById.values()) {
      if (node.parentId === null) {
        rootId = node.id;
        continue;
      }
      const siblings = childIds.get(node.parentId);
      if (siblings === undefined) childIds.set(node.parentId, [node.id]);
      else siblings.push(node.id);
    }
    for (const ids of childIds.values()) Object.freeze(ids);
    return new Hierarchy(LayeredMap.adopt(index.nodeById), LayeredMap.adopt(childIds as Map<string, readonly string[]>), LayeredMap.adopt(index.idByCode), rootId);
  }

  get root(): HierarchyNode {
    return this.getOrThrow(this.rootId);
  }

  /** Number of nodes. */
  get size(): number {
    return this.nodeById.size;
  }

  /** True when a node with this id is in the hierarchy. */
  has(id: string): boolean {
    return this.nodeById.has(id);
  }

  /** The node with this id, or undefined. */
  get(id: string): HierarchyNode | undefined {
    return this.nodeById.get(id);
  }

  /** The node, or NOT_FOUND naming the id. */
  getOrThrow(id: string): HierarchyNode {
    const node = this.nodeById.get(id);
    if (node === undefined) throw new CivicGridError('NOT_FOUND', `no hierarchy node "${String(id)}"`, { issues: [{ path: ['id'], message: `unknown node "${String(id)}"` }] });
    return node;
  }

  /** The node's level; NOT_FOUND for an unknown id. */
  levelOf(id: string): Level {
    return this.getOrThrow(id).level;
  }

  /** The node's parent, or null for the root; NOT_FOUND for an unknown id. */
  parent(id: string): HierarchyNode | null {
    const { parentId } = this.getOrThrow(id);
    return parentId === null ? null : this.getOrThrow(parentId);
  }

  /** The ids of the node's direct children, in order; NOT_FOUND for an unknown id. */
  childIds(id: string): readonly string[] {
    this.getOrThrow(id);
    return this.childIdsById.get(id) ?? [];
  }

  /** The node's direct children, in order; NOT_FOUND for an unknown id. */
  children(id: string): HierarchyNode[] {
    return this.childIds(id).map((childId) => this.getOrThrow(childId));
  }

  /** Parent first, root last. O(depth). */
  ancestors(id: string): HierarchyNode[] {
    const result: HierarchyNode[] = [];
    let parentId = this.getOrThrow(id).parentId;
    while (parentId !== null) {
      const parent = this.getOrThrow(parentId);
      result.push(parent);
      parentId = parent.parentId;
    }
    return result;
  }

  /** Ids from the root down to `id`, both included: the node's scope path. */
  pathOf(id: string): string[] {
    const path = [id];
    let parentId = this.getOrThrow(id).parentId;
    while (parentId !== null) {
      path.push(parentId);
      parentId = this.getOrThrow(parentId).parentId;
    }
    return path.reverse();
  }

  /** Hops from the root: 0 for the root. */
  depthOf(id: string): number {
    return this.pathOf(id).length - 1;
  }

  /** Every node below `id` (not `id` itself), depth-first, children in order. */
  descendants(id: string): HierarchyNode[] {
    const result: HierarchyNode[] = [];
    const stack = [...this.childIds(id)].reverse();
    while (stack.length > 0) {
      const next = this.getOrThrow(stack.pop() as string);
      result.push(next);
      const below = this.childIdsById.get(next.id);
      if (below !== undefined) for (let i = below.length - 1; i >= 0; i--) stack.push(below[i] as string);
    }
    return result;
  }

  /** True when `ancestorId` is `id` or lies above it. */
  isWithin(id: string, ancestorId: string): boolean {
    this.getOrThrow(ancestorId);
    let current: string | null = id;
    while (current !== null) {
      if (current === ancestorId) return true;
      current = this.getOrThrow(current).parentId;
    }
    return false;
  }

  /** The deepest node that has both `a` and `b` in its subtree (a node counts as its own ancestor). */
  lowestCommonAncestor(a: string, b: string): HierarchyNode {
    const pathA = this.pathOf(a);
    const pathB = this.pathOf(b);
    let common = pathA[0] as string;
    for (let i = 0; i < Math.min(pathA.length, pathB.length) && pathA[i] === pathB[i]; i++) common = pathA[i] as string;
    return this.getOrThrow(common);
  }

  /** Tree hops between two nodes, through their lowest common ancestor. */
  distance(a: string, b: string): number {
    const depthOfCommon = this.depthOf(this.lowestCommonAncestor(a, b).id);
    return this.depthOf(a) + this.depthOf(b) - 2 * depthOfCommon;
  }

  /** Every node, parents before children, siblings in order. */
  nodes(): HierarchyNode[] {
    return [this.root, ...this.descendants(this.rootId)];
  }

  /** Every node at `level`, parents' order kept (see {@link Hierarchy.nodes}). */
  atLevel(level: Level): HierarchyNode[] {
    return this.nodes().filter((node) => node.level === level);
  }

  /** Adds one node or several (parents before or after children, in one batch). */
  add(input: HierarchyNode | readonly HierarchyNode[]): Hierarchy {
    const added = parseHierarchyNodes(Array.isArray(input) ? input : [input], 'hierarchy.add');
    const issues = [];
    const batch = indexNodes(added);
    for (const [index, node] of added.entries()) {
      if (this.has(node.id)) issues.push({ path: [index, 'id'], message: `duplicate id "${node.id}": already in the hierarchy` });
      const holderId = hasDivisionCode(node) ? this.idByCode.get(node.code) : undefined;
      if (holderId !== undefined && hasDivisionCode(node)) issues.push(duplicateCodeIssue(index, node, this.getOrThrow(holderId), 'already in the hierarchy'));
      if (node.parentId === null) {
        issues.push({ path: [index, 'parentId'], message: `second root "${node.id}": the hierarchy already has root "${this.rootId}"` });
        continue;
      }
      const parent = batch.nodeById.get(node.parentId) ?? this.get(node.parentId);
      if (parent === undefined) {
        issues.push({ path: [index, 'parentId'], message: `orphan: ${node.level} "${node.id}" names unknown parent "${node.parentId}"` });
        continue;
      }
      const problem = placementProblem(node, parent);
      if (problem !== null) issues.push({ path: [index, problem.field], message: problem.message });
    }
    // Ids and codes repeated within the batch, each named with its index.
    issues.push(...batch.issues);
    if (issues.length > 0) throw CivicGridError.validation('hierarchy.add', issues);

    const childChanges = new Map<string, string[]>();
    for (const node of added) {
      const parentId = node.parentId as string;
      const siblings = childChanges.get(parentId) ?? [...(this.childIdsById.get(parentId) ?? [])];
      siblings.push(node.id);
      childChanges.set(parentId, siblings);
    }
    return new Hierarchy(
      this.nodeById.with(added.map((node) => [node.id, node] as const)),
      this.childIdsById.with([...childChanges].map(([id, ids]) => [id, Object.freeze(ids)] as const)),
      batch.idByCode.size === 0 ? this.idByCode : this.idByCode.with(batch.idByCode),
      this.rootId,
    );
  }

  /** Re-parents a node (for example a building to another grid) and re-checks its level and code. */
  move(id: string, newParentId: string): Hierarchy {
    parseWithSchema(z.tuple([NodeIdSchema, NodeIdSchema]), [id, newParentId], 'hierarchy.move');
    const node = this.getOrThrow(id);
    const newParent = this.getOrThrow(newParentId);
    if (node.parentId === null) throw CivicGridError.validation('hierarchy.move', [{ path: ['id'], message: `cannot move the root "${id}"` }]);
    const problem = placementProblem(node, newParent);
    if (problem !== null) throw CivicGridError.validation('hierarchy.move', [{ path: ['newParentId'], message: problem.message }]);
    if (node.parentId === newParentId) return this;
    const moved = Object.freeze({ ...node, parentId: newParentId });
    const oldSiblings = (this.childIdsById.get(node.parentId) ?? []).filter((childId) => childId !== id);
    const newSiblings = [...(this.childIdsById.get(newParentId) ?? []), id];
    return new Hierarchy(
      this.nodeById.with([[id, moved]]),
      this.childIdsById.with([
        [node.parentId, oldSiblings.length > 0 ? Object.freeze(oldSiblings) : undefined],
        [newParentId, Object.freeze(newSiblings)],
      ]),
      this.idByCode,
      this.rootId,
    );
  }

  /** Removes a leaf, or a whole subtree with `{ cascade: true }`. */
  remove(id: string, options: { cascade?: boolean } = {}): Hierarchy {
    parseWithSchema(NodeIdSchema, id, 'hierarchy.remove');
    const { cascade = false } = parseWithSchema(RemoveOptionsSchema, options, 'hierarchy.remove options');
    const node = this.getOrThrow(id);
    if (node.parentId === null) throw CivicGridError.validation('hierarchy.remove', [{ path: ['id'], message: `cannot remove the root "${id}"` }]);
    const below = this.descendants(id);
    if (below.length > 0 && !cascade) {
      throw new CivicGridError('CONFLICT', `${node.level} "${id}" has ${below.length} node(s) below it; pass { cascade: true } to remove them too`, {
        issues: [{ path: ['id'], message: `"${id}" has children` }],
      });
    }
    const siblings = (this.childIdsById.get(node.parentId) ?? []).filter((childId) => childId !== id);
    const gone = [node, ...below];
    return new Hierarchy(
      this.nodeById.with(gone.map((each) => [each.id, undefined] as const)),
      this.childIdsById.with([
        ...gone.map((each) => [each.id, undefined] as const),
        [node.parentId, siblings.length > 0 ? Object.freeze(siblings) : undefined] as const,
      ]),
      this.idByCode.with(gone.filter(hasDivisionCode).map((each) => [each.code, undefined] as const)),
      this.rootId,
    );
  }

  /** A new hierarchy with the node renamed (validated); this one is unchanged. */
  rename(id: string, name: string): Hierarchy {
    const newName = parseWithSchema(HierarchyNodeSchema.shape.name, name, 'hierarchy.rename');
    const node = this.getOrThrow(id);
    return new Hierarchy(this.nodeById.with([[id, Object.freeze({ ...node, name: newName })]]), this.childIdsById, this.idByCode, this.rootId);
  }

  /** The hierarchy as versioned JSON (`civic-grid/hierarchy`, version 1), every node in tree order. */
  toJSON(): HierarchyJson {
    return { format: 'civic-grid/hierarchy', version: 1, nodes: this.nodes().map((node) => ({ ...node })) };
  }
}

/**
 * Validates `nodes` and builds a Hierarchy. Throws VALIDATION_FAILED listing
 * every violation, each with the index of the offending node: schema issues,
 * then the structural ones among the nodes that passed the schema.
 */
export function createHierarchy(nodes: readonly unknown[]): Hierarchy {
  const rows = parseHierarchyNodeRows(nodes, 'hierarchy');
  const built = Hierarchy.fromValidNodes(rows.nodes, rows.source);
  if (Array.isArray(built)) throw CivicGridError.validation('hierarchy', [...rows.issues, ...built]);
  if (rows.issues.length > 0) throw CivicGridError.validation('hierarchy', rows.issues);
  return built;
}

const HierarchyJsonSchema = z
  .object({ format: z.literal('civic-grid/hierarchy'), version: z.literal(1), nodes: z.array(z.unknown()) })
  .strict();

/** Rebuilds a hierarchy from `toJSON` output, validating it fully. */
export function fromJSON(json: unknown): Hierarchy {
  const { nodes } = parseWithSchema(HierarchyJsonSchema, json, 'hierarchy JSON');
  return createHierarchy(nodes);
}
