import { z } from 'zod';
import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import type { HierarchyNode } from '../../model/hierarchy-node.js';
import { nodeCodeProblem } from '../../model/node-code.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';
import { sequenceOf } from './grid-codes.js';
import type { GridPlan } from './grid-plan.js';
import { compareIds } from './plan-state.js';

/** Options of `applyGridPlan`. */
export interface ApplyGridPlanOptions {
  /** The community the plan divides; found from the plan's buildings when absent. */
  communityId?: string;
}

/** A building that changed grid, with its scope path before and after (for `rescopeMovedBuildings`). */
export interface BuildingMove {
  buildingId: string;
  fromGridId: string;
  toGridId: string;
  fromPath: string[];
  toPath: string[];
}

/** The result of `applyGridPlan`: the new hierarchy, the building moves, and the grids added and removed. */
export interface AppliedGridPlan {
  hierarchy: Hierarchy;
  /** Sorted by building id. */
  moves: BuildingMove[];
  /** Grid nodes created for plan codes the community did not have, in plan order. */
  addedGrids: { id: string; code: string }[];
  /** The community's grids the plan does not name (all empty by then), removed. */
  removedGridIds: string[];
}

const OptionsSchema = z.object({ communityId: z.string().min(1).optional() }).strict();
const PlanSchema = z
  .object({
    grids: z.array(z.object({ code: z.string().min(1), buildingIds: z.array(z.string().min(1)).min(1) }).loose()),
    basis: z.object({ communityCode: z.string().optional() }).loose(),
  })
  .loose();

/**
 * Makes a community's grids those of `plan`: grids are matched by code (the
 * plan's code, prefixed with the community's code when the plan was made
 * without one); a new code gets a grid node `g<code>` named 第N网格; every
 * building goes under its plan grid; grids the plan does not name are
 * removed. Every building of the community must be in the plan and every
 * building of the plan in the community: buildings are never added or removed here.
 */
export function applyGridPlan(hierarchy: Hierarchy, plan: GridPlan, options: ApplyGridPlanOptions = {}): AppliedGridPlan {
  const { communityId: givenCommunityId } = parseWithSchema(OptionsSchema, options, 'applyGridPlan options');
  const { grids, basis } = parseWithSchema(PlanSchema, plan, 'applyGridPlan plan');
  const issues: Issue[] = [];

  const firstBuilding = grids[0]?.buildingIds[0];
  const communityId = givenCommunityId ?? (firstBuilding === undefined || !hierarchy.has(firstBuilding) ? undefined : hierarchy.pathOf(firstBuilding).at(-3));
  const community = communityId === undefined ? undefined : hierarchy.get(communityId);
  if (community?.level !== 'community') {
    throw CivicGridError.validation('applyGridPlan', [{ path: givenCommunityId === undefined ? ['grids', 0, 'buildingIds', 0] : ['communityId'], message: `no community found for the plan (${communityId === undefined ? 'its first building is unknown' : `"${communityId}" is not a community`})` }]);
  }

  const placed = new Set<string>();
  grids.forEach((grid, g) =>
    grid.buildingIds.forEach((buildingId, b) => {
      const path = ['grids', g, 'buildingIds', b];
      const node = hierarchy.get(buildingId);
      if (placed.has(buildingId)) issues.push({ path, message: `building "${buildingId}" is in two grids of the plan` });
      else if (node?.level !== 'building') issues.push({ path, message: node === undefined ? `unknown building "${buildingId}"` : `"${buildingId}" is a ${node.level}, not a building` });
      else if (hierarchy.parent(node.parentId as string)?.id !== community.id) issues.push({ path, message: `building "${buildingId}" is not in community "${community.id}"` });
      placed.add(buildingId);
    }),
  );
  const existingGrids = hierarchy.children(community.id);
  for (const grid of existingGrids) {
    for (const buildingId of hierarchy.childIds(grid.id)) {
      if (!placed.has(buildingId)) issues.push({ path: ['grids'], message: `building "${buildingId}" of community "${community.id}" is in no grid of the plan` });
    }
  }

  const codePrefix = basis.communityCode === undefined ? community.code : '';
  if (basis.communityCode !== undefined && community.code !== undefined && basis.communityCode !== community.code) {
    issues.push({ path: ['basis', 'communityCode'], message: `the plan is for community code "${basis.communityCode}", community "${community.id}" has "${community.code}"` });
  }
  if (codePrefix === undefined) issues.push({ path: ['basis', 'communityCode'], message: `neither the plan nor community "${community.id}" has a code, and grids are matched and created by code` });
  const gridByCode = new Map(existingGrids.flatMap((grid) => (grid.code === undefined ? [] : [[grid.code, grid] as const])));
  const targetIds: string[] = [];
  const addedGrids: HierarchyNode[] = [];
  const codes = new Set<string>();
  grids.forEach((grid, g) => {
    const code = `${codePrefix ?? ''}${grid.code}`;
    const problem = nodeCodeProblem('grid', code);
    if (problem !== null) issues.push({ path: ['grids', g, 'code'], message: problem });
    if (codes.has(code)) issues.push({ path: ['grids', g, 'code'], message: `grid code "${code}" appears twice` });
    codes.add(code);
    const existing = gridByCode.get(code);
    if (existing !== undefined) return targetIds.push(existing.id);
    const id = `g${code}`;
    if (hierarchy.has(id)) issues.push({ path: ['grids', g, 'code'], message: `a new grid would be "${id}", but that id is taken` });
    targetIds.push(id);
    addedGrids.push({ id, level: 'grid', name: `第${sequenceOf(grid.code, basis.communityCode)}网格`, parentId: community.id, code });
  });
  if (issues.length > 0) throw CivicGridError.validation('applyGridPlan', issues);

  let updated = addedGrids.length === 0 ? hierarchy : hierarchy.add(addedGrids);
  const moved: { buildingId: string; fromGridId: string; toGridId: string }[] = [];
  grids.forEach((grid, g) => {
    const toGridId = targetIds[g] as string;
    for (const buildingId of grid.buildingIds) {
      const fromGridId = hierarchy.getOrThrow(buildingId).parentId as string;
      if (fromGridId === toGridId) continue;
      updated = updated.move(buildingId, toGridId);
      moved.push({ buildingId, fromGridId, toGridId });
    }
  });
  const kept = new Set(targetIds);
  const removedGridIds = existingGrids.filter((grid) => !kept.has(grid.id)).map((grid) => grid.id);
  for (const gridId of removedGridIds) updated = updated.remove(gridId);

  const moves = moved
    .sort((a, b) => compareIds(a.buildingId, b.buildingId))
    .map((move) => ({ ...move, fromPath: hierarchy.pathOf(move.buildingId), toPath: updated.pathOf(move.buildingId) }));
  return { hierarchy: updated, moves, addedGrids: addedGrids.map((grid) => ({ id: grid.id, code: grid.code as string })), removedGridIds };
}
