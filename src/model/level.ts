import { z } from 'zod';

/** The administrative levels, top first (城市 → 户). */
export const LEVELS = ['city', 'district', 'street', 'community', 'grid', 'building', 'household'] as const;

/** The longest path in the tree: up from a household to the city and down to another (12 hops). */
export const MAX_HIERARCHY_HOPS = 2 * (LEVELS.length - 1);

/** Validates a {@link Level}. */
export const LevelSchema = z.enum(LEVELS);
/** An administrative level of the hierarchy, from city down to household. */
export type Level = z.infer<typeof LevelSchema>;

/** Bilingual labels for each level, zh-CN first. */
export const LEVEL_LABELS: Readonly<Record<Level, { zh: string; en: string }>> = {
  city: { zh: '市', en: 'city' },
  district: { zh: '区县', en: 'district' },
  street: { zh: '街道', en: 'street' },
  community: { zh: '社区', en: 'community' },
  grid: { zh: '网格', en: 'grid' },
  building: { zh: '楼栋', en: 'building' },
  household: { zh: '户', en: 'household' },
};

/** Position of `level` in `LEVELS`: 0 for the city, 6 for the household. */
export function levelIndex(level: Level): number {
  return LEVELS.indexOf(level);
}

/** The level directly above `level`, or null for the city. */
export function parentLevelOf(level: Level): Level | null {
  const index = levelIndex(level);
  return index === 0 ? null : (LEVELS[index - 1] ?? null);
}

/** The level directly below `level`, or null for the household. */
export function childLevelOf(level: Level): Level | null {
  return LEVELS[levelIndex(level) + 1] ?? null;
}
