import { z } from 'zod';
import { ENTITY_SCHEMAS } from './entity-schemas.js';

/** The name of an entity with a published JSON Schema (`civic-grid/schemas/<name>.json`). */
export type EntityName = keyof typeof ENTITY_SCHEMAS;

/**
 * An entity's JSON Schema (draft 2020-12), as the package publishes it: the records the
 * store holds (zod's output side), with `$id` naming the published file.
 */
export function entityJsonSchema(name: EntityName): Record<string, unknown> {
  return { $id: `civic-grid/schemas/${name}.json`, ...z.toJSONSchema(ENTITY_SCHEMAS[name], { target: 'draft-2020-12' }) };
}
