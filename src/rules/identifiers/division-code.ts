import { z } from 'zod';
import { CivicGridError } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import type { Level } from '../../model/level.js';
import { CODE_DIGITS } from '../../model/node-code.js';

/** The level an administrative division code names, from province down to grid. */
export type DivisionLevel = 'province' | 'prefecture' | 'county' | 'township' | 'village' | 'grid';

/** What a 3-digit township or village sequence says about the unit (GB/T 10114, statistics code). */
export type DivisionKind = 'street' | 'town' | 'township' | 'residentsCommittee' | 'villageCommittee' | 'other';

/** What `parseDivisionCode` reads from a division code: its level, hierarchy level and parts. */
export interface ParsedDivisionCode {
  code: string;
  /** The most specific level the code names, in the standard's words (zero-padded parts name a higher level). */
  level: DivisionLevel;
  /**
   * The hierarchy level a node with this code sits at, or null when none: a
   * province, or a zero-padded code whose length belongs to a lower level
   * (the hierarchy gives a street 9 digits, so `110101001000` codes no node).
   */
  hierarchyLevel: Level | null;
  kind?: DivisionKind;
  parts: {
    province: string;
    prefecture: string;
    county: string;
    township?: string;
    village?: string;
    /** Grid sequence (GB/T 30428.1); '00' or '000' means the community is not subdivided. */
    grid?: string;
  };
}

const DivisionCodeSchema = z.string().regex(/^(\d{6}|\d{9}|\d{12}|\d{14}|\d{15})$/, 'a division code has 6, 9, 12, 14 or 15 digits');

/**
 * Reads a GB/T 2260 code (6 digits), a GB/T 10114 township code (9), a
 * statistics code (12) or a GB/T 30428.1 unit-grid code (14 or 15).
 */
export function parseDivisionCode(code: string): ParsedDivisionCode {
  const digits = parseWithSchema(DivisionCodeSchema, code, 'division code');
  const province = digits.slice(0, 2);
  const prefecture = digits.slice(2, 4);
  const county = digits.slice(4, 6);
  if (province === '00') throw CivicGridError.validation('division code', [{ path: [], message: `"${digits}" has province 00` }]);
  const parts: ParsedDivisionCode['parts'] = { province, prefecture, county };
  if (digits.length >= 9) parts.township = digits.slice(6, 9);
  if (digits.length >= 12) parts.village = digits.slice(9, 12);
  if (digits.length >= 14) parts.grid = digits.slice(12);

  if (parts.grid !== undefined) {
    if (parts.township === '000' || parts.village === '000') {
      throw CivicGridError.validation('division code', [{ path: [], message: `grid code "${digits}" must extend a 12-digit community code` }]);
    }
    return named(digits, 'grid', parts, villageKind(parts.village as string));
  }
  if (parts.village !== undefined && parts.township === '000' && parts.village !== '000') {
    throw CivicGridError.validation('division code', [{ path: [], message: `"${digits}" names a village under township 000` }]);
  }
  if (parts.village !== undefined && parts.village !== '000') return named(digits, 'village', parts, villageKind(parts.village));
  if (parts.township !== undefined && parts.township !== '000') return named(digits, 'township', parts, townshipKind(parts.township));
  if (county !== '00') return named(digits, 'county', parts);
  if (prefecture !== '00') return named(digits, 'prefecture', parts);
  return named(digits, 'province', parts);
}

/** The hierarchy level of each of the standard's levels; the hierarchy has no province. */
const HIERARCHY_LEVEL: Readonly<Record<DivisionLevel, Level | null>> = {
  province: null,
  prefecture: 'city',
  county: 'district',
  township: 'street',
  village: 'community',
  grid: 'grid',
};

function named(code: string, level: DivisionLevel, parts: ParsedDivisionCode['parts'], kind?: DivisionKind): ParsedDivisionCode {
  const target = HIERARCHY_LEVEL[level];
  // A zero-padded code names a higher level, but only codes of that level's length code its nodes.
  const hierarchyLevel = target !== null && CODE_DIGITS[target]?.includes(code.length) === true ? target : null;
  return kind === undefined ? { code, level, hierarchyLevel, parts } : { code, level, hierarchyLevel, kind, parts };
}

function townshipKind(sequence: string): DivisionKind {
  const n = Number(sequence);
  if (n <= 99) return 'street';
  if (n <= 199) return 'town';
  if (n <= 399) return 'township';
  return 'other';
}

function villageKind(sequence: string): DivisionKind {
  const n = Number(sequence);
  if (n >= 1 && n <= 199) return 'residentsCommittee';
  if (n >= 200 && n <= 399) return 'villageCommittee';
  return 'other';
}
