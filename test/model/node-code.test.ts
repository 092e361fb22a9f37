import { describe, expect, it } from 'vitest';
import { CODE_DIGITS, codePrefixForChildren, nodeCodeProblem } from '../../src/index.js';

describe('node codes', () => {
  it('have the digit counts of the standards per level', () => {
    expect(CODE_DIGITS).toEqual({ city: [6], district: [6], street: [9], community: [12], grid: [14, 15], building: null, household: null });
  });

  it('nodeCodeProblem accepts the right digit counts and explains the wrong ones', () => {
    expect(nodeCodeProblem('district', '610202')).toBeNull();
    expect(nodeCodeProblem('street', '610202001')).toBeNull();
    expect(nodeCodeProblem('community', '610202001001')).toBeNull();
    expect(nodeCodeProblem('grid', '61020200100101')).toBeNull();
    expect(nodeCodeProblem('grid', '610202001001001')).toBeNull();
    expect(nodeCodeProblem('grid', '6102020010010')).toBe('a grid code has 14 or 15 digits, got 13 ("6102020010010")');
    expect(nodeCodeProblem('city', '61020a')).toBe('a city code has digits only, got "61020a"');
    expect(nodeCodeProblem('community', '')).toBe('a community code has digits only, got ""');
  });

  it('lets buildings and households carry free, non-empty ids', () => {
    expect(nodeCodeProblem('building', '3号楼-A')).toBeNull();
    expect(nodeCodeProblem('household', 'x')).toBeNull();
    expect(nodeCodeProblem('household', '')).toBe('code must not be empty');
  });

  it('a zero-padded city code shares only its first 4 digits with its districts', () => {
    expect(codePrefixForChildren('city', '610200')).toBe('6102');
    expect(codePrefixForChildren('district', '610202')).toBe('610202');
    expect(codePrefixForChildren('community', '610202001001')).toBe('610202001001');
  });
});
