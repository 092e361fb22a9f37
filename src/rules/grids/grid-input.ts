import { z } from 'zod';
import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';
import { zodIssuesToIssues } from '../../errors/parse-with-schema.js';
import { DEFAULT_MAX_HOUSEHOLDS, DEFAULT_MIN_HOUSEHOLDS, type AllocateGridsInput, type GridBuilding } from './grid-plan.js';

const IdSchema = z.string().min(1, 'id must not be empty');

/** zod rejects NaN and ±Infinity for z.number(), so coordinates are always finite. */
export const GridBuildingSchema = z
  .object({
    id: IdSchema,
    households: z.number().int('households must be a whole number').nonnegative('households must not be negative'),
    x: z.number(),
    y: z.number(),
    site: z.string().min(1, 'site must not be empty').optional(),
  })
  .strict();

export const AdjacencyPairSchema = z.tuple([IdSchema, IdSchema]);

/** Validates an {@link AllocateGridsInput}. */
export const AllocateGridsInputSchema = z
  .object({
    buildings: z.array(GridBuildingSchema),
    adjacency: z.array(AdjacencyPairSchema).optional(),
    minHouseholds: z.number().int().nonnegative().optional(),
    maxHouseholds: z.number().int().positive().optional(),
    communityCode: z.string().regex(/^\d{12}$/, 'a community code has 12 digits').optional(),
    maxNeighbourDistance: z.number().positive().optional(),
  })
  .strict();

/** The validated input with defaults filled in. */
export interface ValidAllocateGridsInput {
  buildings: GridBuilding[];
  adjacency: [string, string][] | undefined;
  minHouseholds: number;
  maxHouseholds: number;
  communityCode: string | undefined;
  maxNeighbourDistance: number | undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * Checks what one field cannot: duplicate building ids, adjacency pairs naming
 * unknown buildings and min > max. Works on the raw input so these issues are
 * listed together with the field issues.
 */
export function crossFieldIssues(input: unknown, knownIds: ReadonlySet<string> = new Set()): Issue[] {
  if (!isRecord(input)) return [];
  const issues: Issue[] = [];
  const firstIndex = new Map<string, number>();
  if (Array.isArray(input.buildings)) {
    input.buildings.forEach((building: unknown, index) => {
      if (!isRecord(building) || typeof building.id !== 'string') return;
      const first = firstIndex.get(building.id);
      if (first !== undefined) issues.push({ path: ['buildings', index, 'id'], message: `duplicate building id "${building.id}" (first at buildings.${first})` });
      else if (knownIds.has(building.id)) issues.push({ path: ['buildings', index, 'id'], message: `building "${building.id}" is already in the plan` });
      else firstIndex.set(building.id, index);
    });
  }
  if (Array.isArray(input.adjacency)) {
    input.adjacency.forEach((pair: unknown, index) => {
      if (!Array.isArray(pair)) return;
      pair.forEach((id: unknown, end) => {
        if (typeof id === 'string' && !firstIndex.has(id) && !knownIds.has(id)) issues.push({ path: ['adjacency', index, end], message: `unknown building "${id}"` });
      });
    });
  }
  const min = typeof input.minHouseholds === 'number' ? input.minHouseholds : DEFAULT_MIN_HOUSEHOLDS;
  const max = typeof input.maxHouseholds === 'number' ? input.maxHouseholds : DEFAULT_MAX_HOUSEHOLDS;
  if (min > max) issues.push({ path: [input.minHouseholds === undefined ? 'maxHouseholds' : 'minHouseholds'], message: `minHouseholds (${min}) is greater than maxHouseholds (${max})` });
  return issues;
}

/**
 * True when the coordinates are plainly longitude and latitude in degrees, not
 * metres: at least two distinct points, every |x| <= 180 and |y| <= 90, and all
 * within 1 unit of each other. A community in metres spans hundreds of them; in
 * degrees, a few hundredths.
 */
export function looksLikeDegrees(points: readonly { x: number; y: number }[]): boolean {
  if (points.length < 2) return false;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const { x, y } of points) {
    if (Math.abs(x) > 180 || Math.abs(y) > 90) return false;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const span = Math.max(maxX - minX, maxY - minY);
  return span > 0 && span < 1;
}

const BUILDING_KEYS = new Set(['id', 'households', 'x', 'y', 'site']);

/**
 * The buildings when every one is plainly valid, else null. Cheaper than zod
 * on 50,000 buildings; it accepts only what GridBuildingSchema accepts, and
 * anything it doubts goes to zod, so the issues reported never change.
 */
function plainBuildings(buildings: unknown): GridBuilding[] | null {
  if (!Array.isArray(buildings)) return null;
  const result: GridBuilding[] = new Array<GridBuilding>(buildings.length);
  for (let i = 0; i < buildings.length; i++) {
    const b: unknown = buildings[i];
    if (!isRecord(b) || Object.getPrototypeOf(b) !== Object.prototype) return null;
    for (const key of Object.keys(b)) if (!BUILDING_KEYS.has(key)) return null;
    const { id, households, x, y, site } = b;
    if (typeof id !== 'string' || id.length === 0 || typeof households !== 'number' || !Number.isSafeInteger(households) || households < 0) return null;
    if (typeof x !== 'number' || !Number.isFinite(x) || typeof y !== 'number' || !Number.isFinite(y)) return null;
    if (site === undefined) result[i] = { id, households, x, y };
    else if (typeof site === 'string' && site.length > 0) result[i] = { id, households, x, y, site };
    else return null;
  }
  return result;
}

/** Validates `allocateGrids` input, or throws VALIDATION_FAILED listing every problem with its path. */
export function parseAllocateGridsInput(input: AllocateGridsInput): ValidAllocateGridsInput {
  const plain = isRecord(input) ? plainBuildings(input.buildings) : null;
  const result = AllocateGridsInputSchema.safeParse(plain === null ? input : { ...input, buildings: [] });
  const issues = [...(result.success ? [] : zodIssuesToIssues(result.error)), ...crossFieldIssues(input)];
  if (!result.success || issues.length > 0) throw CivicGridError.validation('allocateGrids input', issues, result.error);
  const data = result.data;
  const buildings =
    plain ?? data.buildings.map((b) => (b.site === undefined ? { id: b.id, households: b.households, x: b.x, y: b.y } : { id: b.id, households: b.households, x: b.x, y: b.y, site: b.site }));
  if (looksLikeDegrees(buildings)) {
    throw CivicGridError.validation('allocateGrids input', [
      {
        path: ['buildings'],
        message:
          'x and y look like longitude and latitude in degrees (all within ±180 and ±90, spanning under 1), but they are metres: ' +
          'project them first (parseBuildingsCsv does it for lng,lat columns)',
      },
    ]);
  }
  return {
    buildings,
    adjacency: data.adjacency,
    minHouseholds: data.minHouseholds ?? DEFAULT_MIN_HOUSEHOLDS,
    maxHouseholds: data.maxHouseholds ?? DEFAULT_MAX_HOUSEHOLDS,
    communityCode: data.communityCode,
    maxNeighbourDistance: data.maxNeighbourDistance,
  };
}
