import type { z } from 'zod';

/** The parts of zod 4's schema definition this walk reads. */
interface Definition {
  type: string;
  shape?: Record<string, unknown>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  out?: z.ZodType;
  getter?: () => z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  options?: readonly z.ZodType[];
}

/** Wrappers whose output has the fields of the schema they wrap. */
const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'nonoptional', 'readonly', 'catch']);

/**
 * The top-level fields a kind's stored data can have, found through pipes
 * (their output side), wrappers, lazy schemas, unions and intersections; null
 * when any field could be there: the shape cannot be found (a transform's
 * output, a record...) or an object keeps unknown keys (`.loose()`,
 * `.catchall()`). Plain and `.strict()` objects keep only their shape.
 */
export function knownFieldsOf(schema: z.ZodType): ReadonlySet<string> | null {
  return fieldsOf(schema, 0);
}

function fieldsOf(schema: z.ZodType | undefined, depth: number): Set<string> | null {
  // A bound instead of a visited set: a lazy schema may hand out a new instance each time.
  if (schema === undefined || depth > 32) return null;
  const def = (schema as unknown as { _zod: { def: Definition } })._zod.def;
  if (def.type === 'object') {
    if (def.catchall !== undefined && (def.catchall as unknown as { _zod: { def: Definition } })._zod.def.type !== 'never') return null;
    return new Set(Object.keys(def.shape ?? {}));
  }
  if (WRAPPERS.has(def.type)) return fieldsOf(def.innerType, depth + 1);
  if (def.type === 'pipe') return fieldsOf(def.out, depth + 1);
  if (def.type === 'lazy') return fieldsOf(def.getter?.(), depth + 1);
  if (def.type === 'intersection' || def.type === 'union') {
    const parts = def.type === 'union' ? (def.options ?? []) : [def.left, def.right];
    const fields = new Set<string>();
    for (const part of parts) {
      const found = fieldsOf(part, depth + 1);
      if (found === null) return null;
      for (const field of found) fields.add(field);
    }
    return fields;
  }
  return null;
}
