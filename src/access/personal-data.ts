import { z } from 'zod';

/**
 * The kinds of personal data a schema field can hold; each has a mask pattern
 * (see mask-pattern.ts). `personId` is an id pointing at a resident or a
 * household (a need's requester): it identifies a person, so it is personal data too.
 */
export const PERSONAL_DATA_KINDS = ['idNumber', 'phone', 'name', 'address', 'freeText', 'personId'] as const;
/** Validates a {@link PersonalDataKind}. */
export const PersonalDataKindSchema = z.enum(PERSONAL_DATA_KINDS);
/** What kind of personal data a field holds (ID number, phone, name, address, free text, person id). */
export type PersonalDataKind = z.infer<typeof PersonalDataKindSchema>;

/** What a schema registers with `personalData`: the kind of personal data it holds. */
export interface PersonalDataMeta {
  kind: PersonalDataKind;
}

/**
 * Where schemas declare their personal data, once:
 * `z.string().register(personalData, { kind: 'phone' })`. Register last in the
 * chain: `.min(1)` after `.register` makes a new, unregistered schema.
 */
export const personalData = z.registry<PersonalDataMeta>();

/** One step of a field's path: an object key, or EACH for every element of an array. */
export const EACH = Symbol('each element');
/** One step of a field's path: an object key, or {@link EACH} for every element of an array. */
export type PathStep = string | typeof EACH;

/** A declared personal field: `field` is its dotted name (array steps omitted), as policies and reveal requests name it. */
export interface PersonalField {
  field: string;
  path: readonly PathStep[];
  kind: PersonalDataKind;
}

const cache = new WeakMap<object, readonly PersonalField[]>();

/** The personal fields a kind's schema declares, found through objects, arrays, optionals, unions and pipes. */
export function personalFieldsOf(schema: z.core.$ZodType): readonly PersonalField[] {
  const cached = cache.get(schema);
  if (cached !== undefined) return cached;
  const found = new Map<string, PersonalField>();
  collect(schema, [], found, new Set());
  const fields = [...found.values()];
  cache.set(schema, fields);
  return fields;
}

function collect(schema: z.core.$ZodType, path: PathStep[], found: Map<string, PersonalField>, visiting: Set<object>): void {
  const meta = personalData.get(schema);
  if (meta !== undefined) {
    const field = path.filter((step): step is string => step !== EACH).join('.');
    found.set(field, { field, path, kind: meta.kind });
    return;
  }
  if (visiting.has(schema)) return;
  visiting.add(schema);
  // Only the wrappers a JSON entity schema is built from; anything else holds no declared field.
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const inner = (key: string): z.core.$ZodType => def[key] as z.core.$ZodType;
  switch (def.type) {
    case 'object':
      for (const [key, value] of Object.entries(def.shape as Record<string, z.core.$ZodType>)) collect(value, [...path, key], found, visiting);
      break;
    case 'array':
      collect(inner('element'), [...path, EACH], found, visiting);
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      collect(inner('innerType'), path, found, visiting);
      break;
    case 'pipe':
      collect(inner('in'), path, found, visiting);
      collect(inner('out'), path, found, visiting);
      break;
    case 'union':
      for (const option of def.options as z.core.$ZodType[]) collect(option, path, found, visiting);
      break;
    default:
      break;
  }
  visiting.delete(schema);
}
