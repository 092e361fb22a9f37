import type { JsonObject } from '../adapters/port.js';
import type { Grant } from './access-grants.js';
import type { AccessRule } from './access-policy.js';
import { type MaskPattern, maskValue, STANDARD_MASK_PATTERNS } from './mask-pattern.js';
import { EACH, type PathStep, type PersonalDataKind, type PersonalField } from './personal-data.js';

const plainOfRule = new WeakMap<AccessRule, ReadonlySet<string> | '*'>();

/** The personal fields the covering grants show plain: the union of their rules' `plain`. */
export function plainFieldsOf(covering: readonly Grant[]): ReadonlySet<string> | '*' {
  // Most records are covered by one grant: its rule's set is built once, not once per record.
  if (covering.length === 1) {
    const rule = (covering[0] as Grant).rule;
    let plain = plainOfRule.get(rule);
    if (plain === undefined) {
      plain = unionOfPlain(covering);
      plainOfRule.set(rule, plain);
    }
    return plain;
  }
  return unionOfPlain(covering);
}

function unionOfPlain(covering: readonly Grant[]): ReadonlySet<string> | '*' {
  const plain = new Set<string>();
  for (const grant of covering) {
    if (grant.rule.plain === '*') return '*';
    for (const field of grant.rule.plain ?? []) plain.add(field);
  }
  return plain;
}

/** A copy of `data` with every personal field not in `plain` masked; the input is left untouched. */
export function maskData(
  data: JsonObject,
  fields: readonly PersonalField[],
  plain: ReadonlySet<string> | '*',
  masks: Partial<Record<PersonalDataKind, MaskPattern>> | undefined,
): JsonObject {
  if (plain === '*' || fields.length === 0) return data;
  let copy: JsonObject = data;
  for (const field of fields) {
    if (plain.has(field.field)) continue;
    const pattern = masks?.[field.kind] ?? STANDARD_MASK_PATTERNS[field.kind];
    copy = maskAt(copy, field.path, 0, pattern) as JsonObject;
  }
  return copy;
}

/** Copies only the objects and arrays on the way to the masked values. */
function maskAt(value: unknown, path: readonly PathStep[], index: number, pattern: MaskPattern): unknown {
  if (index === path.length) return maskValue(value, pattern);
  const step = path[index] as PathStep;
  if (step === EACH) return Array.isArray(value) ? value.map((element) => maskAt(element, path, index + 1, pattern)) : value;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, step)) return value;
  return { ...value, [step]: maskAt((value as Record<string, unknown>)[step], path, index + 1, pattern) };
}
