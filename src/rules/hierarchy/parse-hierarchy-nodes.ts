import { z } from 'zod';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { type HierarchyNode, HierarchyNodeSchema } from '../../model/hierarchy-node.js';
import { LEVELS, type Level } from '../../model/level.js';
import { nodeCodeProblem } from '../../model/node-code.js';

const NodeListSchema = z.array(HierarchyNodeSchema);
const KNOWN_LEVELS: ReadonlySet<string> = new Set(LEVELS);
const KNOWN_KEYS: ReadonlySet<string> = new Set(['id', 'level', 'name', 'parentId', 'code']);

/**
 * Validates hierarchy nodes against HierarchyNodeSchema and returns frozen
 * copies. A plain-JS check accepts the common, clean input in one pass (zod
 * costs seconds on a million nodes); anything it is unsure of goes through
 * zod, which then reports every issue with its path.
 */
export function parseHierarchyNodes(input: unknown, subject: string): HierarchyNode[] {
  if (Array.isArray(input)) {
    const copies: HierarchyNode[] = new Array(input.length);
    let clean = true;
    for (let i = 0; i < input.length && clean; i++) {
      const copy = cleanCopy(input[i]);
      if (copy === null) clean = false;
      else copies[i] = copy;
    }
    if (clean) return copies;
  }
  return parseWithSchema(NodeListSchema, input, subject).map((node) => Object.freeze(node));
}

/** A frozen copy when `value` certainly passes the schema unchanged, else null. */
function cleanCopy(value: unknown): HierarchyNode | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const node = value as Record<string, unknown>;
  for (const key in node) if (!KNOWN_KEYS.has(key)) return null;
  const { id, level, name, parentId, code } = node;
  if (!isCleanId(id) || typeof level !== 'string' || !KNOWN_LEVELS.has(level)) return null;
  if (typeof name !== 'string' || name.length === 0) return null;
  if (parentId !== null && !isCleanId(parentId)) return null;
  if (code === undefined) {
    if ('code' in node) return null;
    return Object.freeze({ id, level: level as Level, name, parentId: parentId as string | null });
  }
  if (typeof code !== 'string' || nodeCodeProblem(level as Level, code) !== null) return null;
  return Object.freeze({ id, level: level as Level, name, parentId: parentId as string | null, code });
}

function isCleanId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.trim() === value;
}
