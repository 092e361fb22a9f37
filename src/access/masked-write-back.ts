import type { JsonObject } from '../adapters/port.js';
import type { Issue, IssuePath } from '../errors/civic-grid-error.js';
import { type MaskPattern, maskValue, STANDARD_MASK_PATTERNS } from './mask-pattern.js';
import { EACH, type PathStep, type PersonalDataKind, type PersonalField } from './personal-data.js';

/**
 * A principal who reads `138****1234` and saves the record back would
 * overwrite the real number with its mask. One issue per personal field of the
 * patch that holds the masked form of a value the record holds now, where the
 * principal sees that field masked (a value equal to a stored one is no change).
 * Only fields the patch touches are looked at, so an ordinary patch costs nothing.
 */
export function maskedWriteBackIssues(
  current: JsonObject,
  patch: JsonObject,
  fields: readonly PersonalField[],
  plain: ReadonlySet<string> | '*',
  masks: Partial<Record<PersonalDataKind, MaskPattern>> | undefined,
): Issue[] {
  if (plain === '*') return [];
  const issues: Issue[] = [];
  for (const field of fields) {
    const top = field.path[0];
    if (plain.has(field.field) || typeof top !== 'string' || !Object.hasOwn(patch, top)) continue;
    const pattern = masks?.[field.kind] ?? STANDARD_MASK_PATTERNS[field.kind];
    const stored = valuesAt(current, field.path).map(({ value }) => value);
    const shown = new Set(stored.map((value) => maskValue(value, pattern)));
    const kept = new Set(stored);
    for (const { at, value } of valuesAt(patch, field.path)) {
      if (value !== null && value !== undefined && shown.has(value) && !kept.has(value)) {
        issues.push({ path: at, message: `holds the masked value shown in place of ${field.field}; send the real value or leave the field out` });
      }
    }
  }
  return issues;
}

/** Every value at a declared path (one per array element for EACH steps), with its concrete path. */
function valuesAt(data: unknown, path: readonly PathStep[]): { at: IssuePath; value: unknown }[] {
  let found: { at: IssuePath; value: unknown }[] = [{ at: [], value: data }];
  for (const step of path) {
    const next: { at: IssuePath; value: unknown }[] = [];
    for (const { at, value } of found) {
      if (step === EACH) {
        if (Array.isArray(value)) value.forEach((element, index) => next.push({ at: [...at, index], value: element }));
      } else if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, step)) {
        next.push({ at: [...at, step], value: (value as Record<string, unknown>)[step] });
      }
    }
    found = next;
  }
  return found;
}
