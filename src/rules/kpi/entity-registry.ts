import type { z } from 'zod';
import { CivicGridError } from '../../errors/civic-grid-error.js';
import { HierarchyNodeSchema } from '../../model/hierarchy-node.js';

/** The type of an entity field as KPI definitions see it, read from its zod schema. */
export type KpiFieldType = 'string' | 'number' | 'boolean' | 'date' | 'array' | 'object' | 'unknown';

/**
 * What a KPI may know about one field: its type and, for enums and literals,
 * its allowed values. For an array, `elementType` and `values` describe its
 * elements: filters test membership.
 */
export interface KpiFieldInfo {
  type: KpiFieldType;
  values?: readonly (string | number | boolean | null)[];
  elementType?: KpiFieldType;
}

/** The kind under which hierarchy nodes are read; `computeKpis` takes them from the hierarchy itself. */
export const HIERARCHY_NODE_KIND = 'hierarchyNode';

/**
 * The entity kinds KPI definitions may read, each with its field names taken
 * from its zod schema (the entity's own data, not the store's metadata). A definition naming a field its entity does not have
 * fails validation. Immutable: `with` returns a new registry, so an app adds
 * its own kinds (wishes, events...) without touching civic-grid.
 */
export class KpiEntityRegistry {
  private constructor(private readonly fieldsByKind: ReadonlyMap<string, ReadonlyMap<string, KpiFieldInfo>>) {}

  /** A registry with no kinds; add them with `with`. */
  static empty(): KpiEntityRegistry {
    return new KpiEntityRegistry(new Map());
  }

  /** Registers (or replaces) `kind` with the fields of its zod object schema. */
  with(kind: string, schema: z.ZodType): KpiEntityRegistry {
    if (kind.length === 0) throw CivicGridError.validation('KPI entity registry', [{ path: ['kind'], message: 'kind must not be empty' }]);
    const fields = new Map<string, KpiFieldInfo>();
    const root = unwrap(schema);
    if (root.type !== 'object') {
      throw CivicGridError.validation('KPI entity registry', [{ path: [kind], message: `the schema of "${kind}" must be a zod object, got ${root.type}` }]);
    }
    collectFields(schema, '', fields);
    const next = new Map(this.fieldsByKind);
    next.set(kind, fields);
    return new KpiEntityRegistry(next);
  }

  /** True when `kind` is registered. */
  has(kind: string): boolean {
    return this.fieldsByKind.has(kind);
  }

  /** The registered kind names. */
  kinds(): string[] {
    return [...this.fieldsByKind.keys()];
  }

  /** The field's info, or undefined when the kind or the field is unknown. Any key of a record field is known. */
  field(kind: string, path: string): KpiFieldInfo | undefined {
    const fields = this.fieldsByKind.get(kind);
    const known = fields?.get(path);
    if (known !== undefined || fields === undefined) return known;
    const dot = path.lastIndexOf('.');
    return dot < 0 ? undefined : fields.get(`${path.slice(0, dot)}.*`);
  }

  /** The top-level field names of `kind`; empty for an unknown kind. */
  fieldNames(kind: string): string[] {
    return [...(this.fieldsByKind.get(kind)?.keys() ?? [])];
  }
}

interface ZodDefLike {
  type: string;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  entries?: Record<string, string | number>;
  values?: unknown[];
  format?: string;
}

function defOf(schema: z.ZodType): ZodDefLike {
  return (schema as unknown as { _zod: { def: ZodDefLike } })._zod.def;
}

/** Looks through optional, nullable, default, readonly and pipes to the type that holds the data. */
function unwrap(schema: z.ZodType): { type: string; schema: z.ZodType; nullable: boolean } {
  let current = schema;
  let nullable = false;
  for (;;) {
    const def = defOf(current);
    if (def.type === 'nullable') nullable = true;
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (inner === undefined) return { type: def.type, schema: current, nullable };
    current = inner;
  }
}

function collectFields(schema: z.ZodType, prefix: string, into: Map<string, KpiFieldInfo>): void {
  const shape = (unwrap(schema).schema as unknown as { shape: Record<string, z.ZodType> }).shape;
  for (const [name, fieldSchema] of Object.entries(shape)) {
    const path = prefix + name;
    const { type, schema: inner } = unwrap(fieldSchema);
    const def = defOf(inner);
    switch (type) {
      case 'object':
        into.set(path, { type: 'object' });
        collectFields(inner, `${path}.`, into);
        break;
      case 'record': {
        // Keys are data (e.g. outcomes: { residentsIntoJobs: 12 }): every key has the value's type.
        into.set(path, { type: 'object' });
        const valueSchema = (def as { valueType?: z.ZodType }).valueType;
        const valueType = valueSchema === undefined ? 'unknown' : unwrap(valueSchema).type;
        into.set(`${path}.*`, { type: valueType === 'number' || valueType === 'int' ? 'number' : valueType === 'string' ? 'string' : 'unknown' });
        break;
      }
      case 'array': {
        const element = def.element === undefined ? { type: 'unknown' as const } : valueInfo(def.element);
        into.set(path, element.values === undefined ? { type: 'array', elementType: element.type } : { type: 'array', elementType: element.type, values: element.values });
        break;
      }
      default:
        into.set(path, valueInfo(fieldSchema));
    }
  }
}

/** The type (and allowed values) of a value that is not an object, record or array field. */
function valueInfo(schema: z.ZodType): KpiFieldInfo {
  const { type, schema: inner, nullable } = unwrap(schema);
  const def = defOf(inner);
  switch (type) {
    case 'enum': {
      const values: (string | number | null)[] = Object.values(def.entries ?? {});
      return { type: 'string', values: nullable ? [...values, null] : values };
    }
    case 'literal': {
      const values = (def.values ?? []) as (string | number | boolean | null)[];
      return { type: typeof values[0] === 'number' ? 'number' : 'string', values: nullable ? [...values, null] : values };
    }
    case 'string':
      return { type: def.format === 'datetime' || def.format === 'date' ? 'date' : 'string' };
    case 'number':
    case 'int':
    case 'bigint':
      return { type: 'number' };
    case 'boolean':
    case 'date':
    case 'array':
    case 'object':
      return { type };
    default:
      return { type: 'unknown' };
  }
}

/** The kinds civic-grid knows today: hierarchy nodes. Entity issues add theirs with `with`. */
export function baseKpiEntityRegistry(): KpiEntityRegistry {
  return KpiEntityRegistry.empty().with(HIERARCHY_NODE_KIND, HierarchyNodeSchema);
}
