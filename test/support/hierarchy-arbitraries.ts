import fc from 'fast-check';
import { expect } from 'vitest';
import { createHierarchy, type Hierarchy, type HierarchyNode, LEVELS, type Level } from '../../src/index.js';

/** Names that stress CSV quoting: commas, quotes, line breaks, spaces, CJK. */
export const nodeNameArbitrary = fc.string({
  unit: fc.constantFrom('a', 'b', 'Z', '7', ',', '"', '\n', '\r', ' ', '社', '区', '号'),
  minLength: 1,
  maxLength: 8,
});

const DEFAULT_PARENT_CODE: Readonly<Partial<Record<Level, string>>> = {
  district: '6102',
  street: '610202',
  community: '610202001',
  grid: '610202001001',
};

/**
 * A code for a new `level` node under `parent` that extends the parent's code
 * (or a made-up one when the parent has none). Buildings and households get
 * free codes.
 */
export function childCode(level: Level, parent: HierarchyNode, sequence: number): string {
  if (level === 'building' || level === 'household') return `${level[0]?.toUpperCase()}-${sequence}`;
  const prefix = parent.code === undefined ? (DEFAULT_PARENT_CODE[level] as string) : parent.level === 'city' ? parent.code.slice(0, 4) : parent.code;
  const digits = level === 'district' ? 2 : level === 'grid' ? 2 + (sequence % 2) : 3;
  return prefix + String(sequence % 10 ** digits).padStart(digits, '0');
}

/** Independent oracle of the code rule: a coded child extends its coded parent's code. */
export function codeFits(child: Pick<HierarchyNode, 'level' | 'code'>, parent: HierarchyNode): boolean {
  if (child.code === undefined || parent.code === undefined || child.level === 'building' || child.level === 'household') return true;
  const prefix = parent.level === 'city' ? parent.code.slice(0, 4) : parent.code;
  return child.code.startsWith(prefix) && child.code.length > prefix.length;
}

function levelBelow(level: Level): Level {
  return LEVELS[LEVELS.indexOf(level) + 1] as Level;
}

const nodeRecipeArbitrary = fc.record({ depth: fc.integer({ min: 1, max: 6 }), parentPick: fc.nat(), coded: fc.boolean(), name: nodeNameArbitrary });

/**
 * Valid hierarchy nodes, parents before children: a city root and up to
 * `maxNodes` more nodes, each under a random node one level up, with codes on
 * some of them (always extending a coded parent).
 */
export function validHierarchyNodesArbitrary({ maxNodes = 40 }: { maxNodes?: number } = {}): fc.Arbitrary<HierarchyNode[]> {
  return fc.record({ cityCoded: fc.boolean(), recipes: fc.array(nodeRecipeArbitrary, { maxLength: maxNodes }) }).map(({ cityCoded, recipes }) => {
    const root: HierarchyNode = { id: 'n0', level: 'city', name: '铜川市', parentId: null, ...(cityCoded ? { code: '610200' } : {}) };
    const nodes = [root];
    let deepest = 0;
    recipes.forEach((recipe, index) => {
      const depth = Math.min(recipe.depth, deepest + 1);
      const candidates = nodes.filter((node) => LEVELS.indexOf(node.level) === depth - 1);
      const parent = candidates[recipe.parentPick % candidates.length] as HierarchyNode;
      const level = LEVELS[depth] as Level;
      nodes.push({ id: `n${index + 1}`, level, name: recipe.name, parentId: parent.id, ...(recipe.coded ? { code: childCode(level, parent, index + 1) } : {}) });
      deepest = Math.max(deepest, depth);
    });
    return nodes;
  });
}

/** One abstract update; `pick`s choose among the nodes present when it is applied. */
export type UpdateOp =
  | { kind: 'add'; parentPick: number; coded: boolean; name: string; withChild: boolean }
  | { kind: 'move'; pick: number; targetPick: number }
  | { kind: 'remove'; pick: number }
  | { kind: 'rename'; pick: number; name: string };

export const updateOpArbitrary: fc.Arbitrary<UpdateOp> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), parentPick: fc.nat(), coded: fc.boolean(), name: nodeNameArbitrary, withChild: fc.boolean() }),
  fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), targetPick: fc.nat() }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('rename' as const), pick: fc.nat(), name: nodeNameArbitrary }),
);

export function updateSequenceArbitrary({ maxLength = 25 }: { maxLength?: number } = {}): fc.Arbitrary<UpdateOp[]> {
  return fc.array(updateOpArbitrary, { maxLength });
}

/**
 * A plain model of a hierarchy: nodes by id and children in order. Updates on
 * it are written independently of Hierarchy, to check Hierarchy against.
 */
export class HierarchyModel {
  private readonly nodeById = new Map<string, HierarchyNode>();
  private readonly childIds = new Map<string, string[]>();
  private rootId = '';
  private nextId = 0;
  /** Added nodes' code sequences start after the initial nodes', so no two nodes share a division code. */
  private readonly firstSequence: number;

  constructor(nodes: readonly HierarchyNode[]) {
    for (const node of nodes) this.insert(node);
    this.firstSequence = nodes.length;
  }

  private insert(node: HierarchyNode): void {
    this.nodeById.set(node.id, node);
    if (node.parentId === null) this.rootId = node.id;
    else this.childIds.set(node.parentId, [...(this.childIds.get(node.parentId) ?? []), node.id]);
  }

  private freshId(): string {
    this.nextId += 1;
    return `u${this.nextId}`;
  }

  /** Every node, depth first from the root, children in order: what toJSON should list. */
  nodes(): HierarchyNode[] {
    const result: HierarchyNode[] = [];
    const visit = (id: string) => {
      result.push(this.nodeById.get(id) as HierarchyNode);
      for (const childId of this.childIds.get(id) ?? []) visit(childId);
    };
    visit(this.rootId);
    return result;
  }

  private subtree(id: string): string[] {
    return [id, ...(this.childIds.get(id) ?? []).flatMap((childId) => this.subtree(childId))];
  }

  /** Applies `op` to the model and the same, resolved, valid update to `hierarchy`. */
  apply(hierarchy: Hierarchy, op: UpdateOp): Hierarchy {
    const all = this.nodes();
    const nonRoot = all.filter((node) => node.parentId !== null);
    switch (op.kind) {
      case 'add': {
        const parents = all.filter((node) => node.level !== 'household');
        const parent = parents[op.parentPick % parents.length] as HierarchyNode;
        const level = levelBelow(parent.level);
        const sequence = this.firstSequence + this.nextId + 1;
        const node: HierarchyNode = { id: this.freshId(), level, name: op.name, parentId: parent.id, ...(op.coded ? { code: childCode(level, parent, sequence) } : {}) };
        const batch = [node];
        if (op.withChild && level !== 'household') {
          const childLevel = levelBelow(level);
          // Child first: a batch may list a parent after its child.
          batch.unshift({ id: this.freshId(), level: childLevel, name: op.name, parentId: node.id, ...(op.coded ? { code: childCode(childLevel, node, sequence) } : {}) });
        }
        const next = hierarchy.add(batch.length === 1 ? node : batch);
        this.insert(node);
        if (batch.length === 2) this.insert(batch[0] as HierarchyNode);
        return next;
      }
      case 'move': {
        const node = nonRoot[op.pick % nonRoot.length];
        if (node === undefined) return hierarchy;
        const targets = all.filter((target) => LEVELS.indexOf(target.level) === LEVELS.indexOf(node.level) - 1 && codeFits(node, target));
        const target = targets[op.targetPick % targets.length] as HierarchyNode;
        const next = hierarchy.move(node.id, target.id);
        if (target.id !== node.parentId) {
          const oldParentId = node.parentId as string;
          this.childIds.set(oldParentId, (this.childIds.get(oldParentId) ?? []).filter((id) => id !== node.id));
          this.nodeById.set(node.id, { ...node, parentId: target.id });
          this.childIds.set(target.id, [...(this.childIds.get(target.id) ?? []), node.id]);
        }
        return next;
      }
      case 'remove': {
        const node = nonRoot[op.pick % nonRoot.length];
        if (node === undefined) return hierarchy;
        const gone = this.subtree(node.id);
        const next = hierarchy.remove(node.id, { cascade: gone.length > 1 });
        for (const id of gone) {
          this.nodeById.delete(id);
          this.childIds.delete(id);
        }
        const parentId = node.parentId as string;
        this.childIds.set(parentId, (this.childIds.get(parentId) ?? []).filter((id) => id !== node.id));
        return next;
      }
      case 'rename': {
        const node = all[op.pick % all.length] as HierarchyNode;
        const next = hierarchy.rename(node.id, op.name);
        this.nodeById.set(node.id, { ...node, name: op.name });
        return next;
      }
    }
  }
}

/**
 * Asserts every hierarchy invariant on `hierarchy`: its JSON passes
 * createHierarchy again unchanged, and each node sits under a parent one level
 * up whose children list it, with a code that extends the parent's.
 */
export function expectHierarchyInvariants(hierarchy: Hierarchy): void {
  const json = hierarchy.toJSON();
  expect(createHierarchy(json.nodes).toJSON()).toEqual(json);
  const nodes = hierarchy.nodes();
  expect(nodes).toHaveLength(hierarchy.size);
  expect(new Set(nodes.map((node) => node.id)).size).toBe(hierarchy.size);
  expect(nodes.filter((node) => node.parentId === null)).toHaveLength(1);
  for (const node of nodes) {
    const parent = hierarchy.parent(node.id);
    if (parent === null) continue;
    expect(LEVELS.indexOf(parent.level)).toBe(LEVELS.indexOf(node.level) - 1);
    expect(hierarchy.childIds(parent.id)).toContain(node.id);
    expect(codeFits(node, parent)).toBe(true);
  }
}
