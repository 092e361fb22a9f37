import { z } from 'zod';
import type { KindName, KindSchemas, Store } from '../../adapters/store.js';
import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';

/** What `rescopeMovedBuildings` takes: the building moves, the kinds whose records follow them, and the batch size. */
export interface RescopeMovedBuildingsInput<K extends KindSchemas> {
  /** `applyGridPlan`'s moves: each building's path before and after. */
  moves: readonly { fromPath: readonly string[]; toPath: readonly string[] }[];
  /** The kinds whose records follow their building (needs, claims, households' records…). */
  kinds: readonly KindName<K>[];
  /** Records per transaction; default 500. */
  batchSize?: number;
  actor?: string;
}

/** How many records `rescopeMovedBuildings` gave a new scope, in how many transactions, per kind. */
export interface RescopeResult {
  /** Records given a new scope, in all. */
  updated: number;
  /** Committed transactions. */
  batches: number;
  byKind: Record<string, number>;
}

const PathSchema = z.array(z.string().min(1)).min(1);
const InputSchema = z
  .object({
    moves: z.array(z.object({ fromPath: PathSchema, toPath: PathSchema }).loose()),
    kinds: z.array(z.string().min(1)).min(1),
    batchSize: z.number().int().min(1).max(10_000).optional(),
    actor: z.string().min(1).optional(),
  })
  .strict();

/**
 * Moves every record of `kinds` scoped at or below a moved building's old
 * path to the same place under its new path. Each batch is one transaction
 * with version guards; when one fails, the batches before it stay committed,
 * and running again finishes the job (moved records no longer match).
 * Hierarchy `node` records are `saveHierarchy`'s to move: it updates their parent too.
 * Records scoped at a grid the plan removed stay where they are: their node is gone,
 * so where they belong is the app's call (a move `{ fromPath: gridPath, toPath: communityPath }`
 * listed after the building moves puts them at the community).
 */
export async function rescopeMovedBuildings<K extends KindSchemas>(store: Store<K>, input: RescopeMovedBuildingsInput<K>): Promise<RescopeResult> {
  const { moves, kinds, batchSize = 500, actor } = parseWithSchema(InputSchema, input, 'rescopeMovedBuildings');
  const issues: Issue[] = [];
  moves.forEach((move, m) => {
    if (move.fromPath.every((id, k) => move.toPath[k] === id)) issues.push({ path: ['moves', m, 'toPath'], message: 'the new path lies at or under the old one, so its records would never leave it' });
  });
  if (issues.length > 0) throw CivicGridError.validation('rescopeMovedBuildings', issues);

  const writer = actor === undefined ? store : store.as(actor);
  // An unknown kind fails here, before any batch is written.
  for (const kind of kinds as KindName<K>[]) await writer.query(kind, { scope: [], limit: 1 });
  const result: RescopeResult = { updated: 0, batches: 0, byKind: Object.fromEntries(kinds.map((kind) => [kind, 0])) };
  for (const { fromPath, toPath } of moves) {
    for (const kind of kinds as KindName<K>[]) {
      let moved: number;
      do {
        moved = await writer.transaction(async (tx) => {
          const page = await tx.query(kind, { scope: fromPath, limit: batchSize });
          for (const record of page.records) {
            await tx.update(kind, record.id, {}, { expectedVersion: record.version, scope: [...toPath, ...record.scope.slice(fromPath.length)] });
          }
          return page.records.length;
        });
        if (moved === 0) break;
        result.updated += moved;
        result.batches += 1;
        result.byKind[kind] = (result.byKind[kind] ?? 0) + moved;
      } while (moved === batchSize);
    }
  }
  return result;
}
