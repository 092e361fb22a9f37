import { z } from 'zod';
import type { PersonalDataKind } from './personal-data.js';

/**
 * How a personal value is shown to someone who may not see it plain, as data
 * so a city can change it:
 * - `keepStart`/`keepEnd`: keep that many characters at each end, one `*` per hidden character
 *   (a value too short to hide anything is starred entirely);
 * - `keepPrefixMatching`: keep the text the regular expression matches at the start, then `***`
 *   (nothing kept when it does not match);
 * - `replaceWith`: show this text instead.
 */
export const MaskPatternSchema = z.union([
  z.object({ keepStart: z.number().int().min(0), keepEnd: z.number().int().min(0) }).strict(),
  z.object({ keepPrefixMatching: z.string().min(1) }).strict(),
  z.object({ replaceWith: z.string() }).strict(),
]);
/** How a personal value is masked, as validated by `MaskPatternSchema`. */
export type MaskPattern = z.infer<typeof MaskPatternSchema>;

/** ID 110105********002X, mobile 138****1234, name 张*, address up to the building, free text and person ids hidden. */
export const STANDARD_MASK_PATTERNS: Readonly<Record<PersonalDataKind, MaskPattern>> = {
  idNumber: { keepStart: 6, keepEnd: 4 },
  phone: { keepStart: 3, keepEnd: 4 },
  name: { keepStart: 1, keepEnd: 0 },
  address: { keepPrefixMatching: '^.*?\\d+(?:号楼|栋|幢|座)' },
  freeText: { replaceWith: '***' },
  personId: { replaceWith: '***' },
};

const HIDDEN = '***';
const patternCache = new Map<string, RegExp>();

/** The masked form of one value; null and absent values stay as they are, other non-text values are hidden. */
export function maskValue(value: unknown, pattern: MaskPattern): unknown {
  if (value === null || value === undefined) return value;
  if ('replaceWith' in pattern) return pattern.replaceWith;
  if (typeof value !== 'string') return HIDDEN;
  if ('keepPrefixMatching' in pattern) {
    let regex = patternCache.get(pattern.keepPrefixMatching);
    if (regex === undefined) {
      regex = new RegExp(pattern.keepPrefixMatching, 'u');
      patternCache.set(pattern.keepPrefixMatching, regex);
    }
    const match = regex.exec(value);
    // A match covering the whole value would hide nothing.
    return match !== null && match.index === 0 && match[0].length < value.length ? `${match[0]}${HIDDEN}` : HIDDEN;
  }
  // Code points, so a character outside the BMP is kept or hidden whole.
  const characters = Array.from(value);
  const hidden = characters.length - pattern.keepStart - pattern.keepEnd;
  if (hidden < 1) return '*'.repeat(characters.length);
  return characters.slice(0, pattern.keepStart).join('') + '*'.repeat(hidden) + characters.slice(characters.length - pattern.keepEnd).join('');
}
