import { z } from 'zod';
import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';
import { zodIssuesToIssues } from '../../errors/parse-with-schema.js';
import type { GridBuilding } from './grid-plan.js';
import { AdjacencyPairSchema, GridBuildingSchema } from './grid-input.js';
import { compareIds } from './plan-state.js';

/** A change to the buildings of a plan. */
export interface GridChange {
  add?: GridBuilding[];
  /** Ids of buildings that are gone. */
  remove?: string[];
  /** New household counts of existing buildings. */
  households?: { id: string; households: number }[];
  /** Neighbour pairs for added buildings; a plan with derived adjacency also derives theirs. */
  adjacency?: [string, string][];
}

export const GridChangeSchema = z
  .object({
    add: z.array(GridBuildingSchema).optional(),
    remove: z.array(z.string().min(1, 'id must not be empty')).optional(),
    households: z.array(z.object({ id: z.string().min(1, 'id must not be empty'), households: z.number().int('households must be a whole number').nonnegative('households must not be negative') }).strict()).optional(),
    adjacency: z.array(AdjacencyPairSchema).optional(),
  })
  .strict();

export interface ValidGridChange {
  add: GridBuilding[];
  remove: string[];
  households: { id: string; households: number }[];
  adjacency: [string, string][];
}

/**
 * Validates a change against the plan's buildings (`exists`): added ids new
 * and unique, removed and updated ids known, adjacency naming only buildings
 * that exist afterwards. Lists every problem; sorts each list by id so the
 * result never depends on array order.
 */
export function parseGridChange(change: GridChange, exists: (id: string) => boolean): ValidGridChange {
  const result = GridChangeSchema.safeParse(change);
  const issues: Issue[] = result.success ? [] : zodIssuesToIssues(result.error);
  const raw = change as Partial<Record<keyof GridChange, unknown>>;
  const added = new Set<string>();
  const removed = new Set<string>();
  const eachId = (list: unknown, read: (item: unknown) => unknown, check: (id: string, index: number) => void): void => {
    if (!Array.isArray(list)) return;
    list.forEach((item: unknown, index) => {
      const id = read(item);
      if (typeof id === 'string') check(id, index);
    });
  };
  const idField = (item: unknown): unknown => (typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined);
  eachId(raw.add, idField, (id, index) => {
    if (exists(id) || added.has(id)) issues.push({ path: ['add', index, 'id'], message: exists(id) ? `building "${id}" is already in the plan` : `duplicate building id "${id}"` });
    added.add(id);
  });
  eachId(raw.remove, (item) => item, (id, index) => {
    if (!exists(id)) issues.push({ path: ['remove', index], message: `unknown building "${id}"` });
    removed.add(id);
  });
  eachId(raw.households, idField, (id, index) => {
    if (!exists(id) || removed.has(id)) issues.push({ path: ['households', index, 'id'], message: removed.has(id) ? `building "${id}" is also removed` : `unknown building "${id}"` });
  });
  if (Array.isArray(raw.adjacency)) {
    raw.adjacency.forEach((pair: unknown, index) => {
      if (!Array.isArray(pair)) return;
      pair.forEach((id: unknown, end) => {
        if (typeof id === 'string' && !added.has(id) && (!exists(id) || removed.has(id))) issues.push({ path: ['adjacency', index, end], message: `unknown building "${id}"` });
      });
    });
  }
  if (!result.success || issues.length > 0) throw CivicGridError.validation('rebalanceGrids change', issues, result.success ? undefined : result.error);
  const data = result.data;
  return {
    add: (data.add ?? []).map((b) => (b.site === undefined ? { id: b.id, households: b.households, x: b.x, y: b.y } : { id: b.id, households: b.households, x: b.x, y: b.y, site: b.site })).sort((a, b) => compareIds(a.id, b.id)),
    remove: [...(data.remove ?? [])].sort(compareIds),
    households: [...(data.households ?? [])].sort((a, b) => compareIds(a.id, b.id)),
    adjacency: (data.adjacency ?? []).map(([a, b]) => (compareIds(a, b) <= 0 ? [a, b] : [b, a]) as [string, string]).sort((p, q) => compareIds(p[0], q[0]) || compareIds(p[1], q[1])),
  };
}
