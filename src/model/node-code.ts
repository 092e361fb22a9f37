import type { Level } from './level.js';

/**
 * Digits a node's code has at each level: GB/T 2260 (city, district: 6),
 * GB/T 10114 (street: 9), the statistics code (community: 12) and
 * GB/T 30428.1 (grid: 14, or 15 where a city uses a 3-digit sequence).
 * Buildings and households carry free ids, so their codes are not checked.
 */
export const CODE_DIGITS: Readonly<Record<Level, readonly number[] | null>> = {
  city: [6],
  district: [6],
  street: [9],
  community: [12],
  grid: [14, 15],
  building: null,
  household: null,
};

/** Why `code` is not a valid code for `level`, or null when it is. */
export function nodeCodeProblem(level: Level, code: string): string | null {
  const digits = CODE_DIGITS[level];
  if (digits === null) return code.length === 0 ? 'code must not be empty' : null;
  if (!/^\d+$/.test(code)) return `a ${level} code has digits only, got "${code}"`;
  if (!digits.includes(code.length)) {
    return `a ${level} code has ${digits.join(' or ')} digits, got ${code.length} ("${code}")`;
  }
  return null;
}

/**
 * The prefix a child's code must start with. A city (prefecture) code such as
 * 610200 is zero-padded, so its districts (610202) share only its first 4 digits.
 */
export function codePrefixForChildren(level: Level, code: string): string {
  return level === 'city' ? code.slice(0, 4) : code;
}
