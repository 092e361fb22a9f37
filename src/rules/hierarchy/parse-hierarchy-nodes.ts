import { z } from 'zod';
import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';
import { parseWithSchema, zodIssuesToIssues } from '../../errors/parse-with-schema.js';
import { type HierarchyNode, HierarchyNodeSchema } from '../../model/hierarchy-node.js';
import { LEVELS, type Level } from '../../model/level.js';
import { nodeCodeProblem } from '../../model/node-code.js';
import { ALL_ROWS_VALID, type SourceRows } from './hierarchy-violations.js';

const NodeListSchema = z.array(HierarchyNodeSchema);
const KNOWN_LEVELS: ReadonlySet<string> = new Set(LEVELS);
const KNOWN_KEYS: ReadonlySet<string> = new Set(['id', 'level', 'name', 'parentId', 'code']);

/** The schema-valid rows of a node list, and what is known of the others. */
export interface ParsedNodeRows {
  /** Frozen copies of the valid rows, in input order. */
  nodes: HierarchyNode[];
  /** Where each valid row came from, and what the rejected rows may still be. */
  source: SourceRows;
  /** Every schema issue, each path starting with the row's input position. */
  issues: Issue[];
}

/**
 * Validates each row against HierarchyNodeSchema and keeps the valid ones, so
 * the structural checks can run over them in the same pass. A plain-JS check
 * accepts the common, clean row (zod costs seconds on a million nodes);
 * anything it is unsure of goes through zod, which reports every issue.
 */
export function parseHierarchyNodeRows(input: unknown, subject: string): ParsedNodeRows {
  if (!Array.isArray(input)) parseWithSchema(NodeListSchema, input, subject);
  const rows = input as unknown[];
  const nodes: HierarchyNode[] = [];
  // Identity until a row is rejected: a clean million-node input needs no position table.
  let positions: number[] | undefined;
  const issues: Issue[] = [];
  const rejected = { ids: new Set<string>(), mayHoldRoot: false };
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const copy = cleanCopy(row);
    if (copy !== null) {
      nodes.push(copy);
      positions?.push(i);
      continue;
    }
    const result = HierarchyNodeSchema.safeParse(row);
    if (result.success) {
      nodes.push(Object.freeze(result.data));
      positions?.push(i);
    } else {
      positions ??= Array.from(nodes, (_, index) => index);
      issues.push(...zodIssuesToIssues(result.error, [i]));
      noteRejectedRow(rejected, row);
    }
  }
  const table = positions;
  const position = table === undefined ? ALL_ROWS_VALID.position : (index: number) => table[index] as number;
  return { nodes, source: { position, rejected }, issues };
}

/** Remembers what a row that failed the schema may still be: a parent by its id, or the root. */
export function noteRejectedRow(rejected: { ids: Set<string>; mayHoldRoot: boolean }, row: unknown): void {
  const { id, parentId } = typeof row === 'object' && row !== null ? (row as Record<string, unknown>) : {};
  if (typeof id === 'string' && id !== '') rejected.ids.add(id);
  if (typeof parentId !== 'string' || parentId === '') rejected.mayHoldRoot = true;
}

/** The valid nodes, or VALIDATION_FAILED listing every schema issue: for callers that check structure themselves. */
export function parseHierarchyNodes(input: unknown, subject: string): HierarchyNode[] {
  const { nodes, issues } = parseHierarchyNodeRows(input, subject);
  if (issues.length > 0) throw CivicGridError.validation(subject, issues);
  return nodes;
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
