import { z } from 'zod';
import type { StoredRecord } from '../../adapters/port.js';
import type { Store } from '../../adapters/store.js';
import { CivicGridError } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { type HierarchyNode, HierarchyNodeSchema } from '../../model/hierarchy-node.js';
import { createHierarchy, type Hierarchy } from '../../rules/hierarchy/hierarchy.js';
import { queryAll } from '../query-all.js';

/**
 * The kind a hierarchy is stored as: one `node` record per node, scoped at
 * the node's own path (as `civic-grid demo` stores it). Spread into your store's kinds.
 */
export const HIERARCHY_KINDS = { node: HierarchyNodeSchema } as const;
/** The type of `HIERARCHY_KINDS`. */
export type HierarchyKinds = typeof HIERARCHY_KINDS;

/** How many stored nodes `saveHierarchy` inserted, updated, removed or left unchanged. */
export interface SaveHierarchyResult {
  inserted: number;
  updated: number;
  removed: number;
  unchanged: number;
}

const ActorSchema = z.object({ actor: z.string().min(1).optional() }).strict();

/**
 * Builds the hierarchy from every stored `node` record, validating it fully.
 * Siblings come back in id order (a store keeps no sibling order). NOT_FOUND when none is stored.
 */
export async function loadHierarchy<K extends HierarchyKinds>(store: Store<K>): Promise<Hierarchy> {
  const records = (await queryAll(store, 'node', { scope: [] })) as StoredRecord<HierarchyNode>[];
  if (records.length === 0) throw new CivicGridError('NOT_FOUND', 'no hierarchy stored: the store has no node records', { issues: [{ path: ['node'], message: 'no records' }] });
  return createHierarchy(records.map((record) => record.data));
}

/**
 * Makes the stored `node` records match `hierarchy`, in one transaction:
 * new nodes inserted, changed or moved ones updated (data and scope) under
 * their version guard, nodes no longer in it removed.
 */
export async function saveHierarchy<K extends HierarchyKinds>(store: Store<K>, hierarchy: Hierarchy, options: { actor?: string } = {}): Promise<SaveHierarchyResult> {
  if (typeof (hierarchy as Hierarchy | null)?.pathOf !== 'function') throw CivicGridError.validation('saveHierarchy', [{ path: ['hierarchy'], message: 'hierarchy must be a Hierarchy' }]);
  const { actor } = parseWithSchema(ActorSchema, options, 'saveHierarchy options');
  const writer = actor === undefined ? store : store.as(actor);
  return writer.transaction(async (tx) => {
    const nodes = tx as unknown as Store<HierarchyKinds>;
    const stored = new Map((await queryAll(nodes, 'node', { scope: [] })).map((record) => [record.id, record]));
    const result: SaveHierarchyResult = { inserted: 0, updated: 0, removed: 0, unchanged: 0 };
    const inserts: { value: HierarchyNode; scope: string[] }[] = [];
    let rewritten = 0;
    for (const node of hierarchy.nodes()) {
      const scope = hierarchy.pathOf(node.id);
      const record = stored.get(node.id);
      stored.delete(node.id);
      if (record === undefined) {
        inserts.push({ value: node, scope });
      } else if (sameNode(record.data, node) && sameScope(record.scope, scope)) {
        result.unchanged += 1;
      } else if (dropsField(record.data, node)) {
        // A patch cannot drop a field: a node that lost its code, English name or area is written afresh.
        await nodes.remove('node', node.id, { expectedVersion: record.version });
        inserts.push({ value: node, scope });
        rewritten += 1;
        result.updated += 1;
      } else {
        await nodes.update('node', node.id, node, { expectedVersion: record.version, scope });
        result.updated += 1;
      }
    }
    for (const record of stored.values()) await nodes.remove('node', record.id, { expectedVersion: record.version });
    result.removed = stored.size;
    if (inserts.length > 0) await nodes.insertMany('node', inserts);
    result.inserted = inserts.length - rewritten;
    return result;
  });
}

// Every field of the schema, so a field added to HierarchyNode is compared without another edit here.
const NODE_FIELDS = Object.keys(HierarchyNodeSchema.shape) as (keyof HierarchyNode)[];

function sameNode(a: HierarchyNode, b: HierarchyNode): boolean {
  return NODE_FIELDS.every((field) => a[field] === b[field]);
}

function dropsField(stored: HierarchyNode, node: HierarchyNode): boolean {
  return NODE_FIELDS.some((field) => stored[field] !== undefined && node[field] === undefined);
}

function sameScope(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, k) => id === b[k]);
}
