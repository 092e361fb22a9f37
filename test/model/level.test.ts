import { describe, expect, it } from 'vitest';
import { childLevelOf, LEVEL_LABELS, LEVELS, LevelSchema, levelIndex, parentLevelOf } from '../../src/index.js';
import { expectCivicGridError } from '../support/expect-error.js';
import { parseWithSchema } from '../../src/index.js';

describe('levels', () => {
  it('run from city to household', () => {
    expect(LEVELS).toEqual(['city', 'district', 'street', 'community', 'grid', 'building', 'household']);
    expect(LEVELS.map(levelIndex)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('know the level above and below', () => {
    expect(parentLevelOf('city')).toBeNull();
    expect(parentLevelOf('district')).toBe('city');
    expect(parentLevelOf('household')).toBe('building');
    expect(childLevelOf('city')).toBe('district');
    expect(childLevelOf('grid')).toBe('building');
    expect(childLevelOf('household')).toBeNull();
  });

  it('have labels in both languages', () => {
    expect(LEVEL_LABELS.grid).toEqual({ zh: '网格', en: 'grid' });
    for (const level of LEVELS) expect(LEVEL_LABELS[level].zh.length).toBeGreaterThan(0);
  });

  it('LevelSchema rejects other strings', () => {
    expect(LevelSchema.parse('street')).toBe('street');
    expect(expectCivicGridError(() => parseWithSchema(LevelSchema, 'town', 'level'), 'VALIDATION_FAILED').issues).toHaveLength(1);
  });
});
