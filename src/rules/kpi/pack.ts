import { z } from 'zod';
import { CivicGridError } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import type { KpiDefinition } from '../../model/kpi-definition.js';
import { validateKpiDefinitions } from './definitions.js';
import type { KpiEntityRegistry } from './entity-registry.js';

/** A named, versioned set of KPI definitions, e.g. civic-grid's standard pack. */
export interface KpiPack {
  readonly name: string;
  readonly version: string;
  readonly definitions: readonly KpiDefinition[];
}

const PackHeaderSchema = z.object({ name: z.string().min(1, 'name must not be empty'), version: z.string().min(1, 'version must not be empty') }).strict();

/** Validates every definition against the registry and returns the pack. */
export function createKpiPack(input: { name: string; version: string; definitions: readonly unknown[] }, registry: KpiEntityRegistry): KpiPack {
  const { name, version } = parseWithSchema(PackHeaderSchema, { name: input.name, version: input.version }, 'KPI pack');
  return Object.freeze({ name, version, definitions: Object.freeze(validateKpiDefinitions(input.definitions, registry)) });
}

/** Changes that derive a new KPI pack from another: definitions to add or replace, ids to remove, and the new name and version. */
export interface KpiPackChanges {
  /** Definitions whose id is already in the pack replace it in place; new ids are appended. */
  definitions?: readonly unknown[];
  /** Ids to drop. Each must be in the pack. */
  remove?: readonly string[];
  /** The derived pack's name and version (an app's pack should not claim to be the standard one). */
  name?: string;
  version?: string;
}

/**
 * Derives a pack: an app adds, replaces or drops definitions without forking
 * the original, which stays untouched. The result is validated whole.
 */
export function extendKpiPack(pack: KpiPack, changes: KpiPackChanges, registry: KpiEntityRegistry): KpiPack {
  const added = validateKpiDefinitions(changes.definitions ?? [], registry);
  const removed = new Set(changes.remove ?? []);
  const known = new Set(pack.definitions.map((definition) => definition.id));
  const missing = [...removed].filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw CivicGridError.validation(
      'KPI pack changes',
      missing.map((id) => ({ path: ['remove', id], message: `no KPI "${id}" in pack ${pack.name}@${pack.version}` })),
    );
  }
  const replacements = new Map(added.map((definition) => [definition.id, definition]));
  const kept = pack.definitions.filter((definition) => !removed.has(definition.id)).map((definition) => replacements.get(definition.id) ?? definition);
  const appended = added.filter((definition) => !known.has(definition.id));
  return createKpiPack(
    { name: changes.name ?? pack.name, version: changes.version ?? pack.version, definitions: [...kept, ...appended] },
    registry,
  );
}

export function isKpiPack(value: unknown): value is KpiPack {
  return typeof value === 'object' && value !== null && 'definitions' in value && 'name' in value && 'version' in value;
}
