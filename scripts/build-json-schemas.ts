/**
 * Writes every entity's JSON Schema to dist/schemas/<name>.json (run by `npm run build`
 * after tsup), the files `civic-grid/schemas/*.json` publishes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { entityJsonSchema, type EntityName } from '../src/model/entity-json-schema.js';
import { ENTITY_SCHEMAS } from '../src/model/entity-schemas.js';

const directory = join(import.meta.dirname, '..', 'dist', 'schemas');
mkdirSync(directory, { recursive: true });
for (const name of Object.keys(ENTITY_SCHEMAS) as EntityName[]) {
  writeFileSync(join(directory, `${name}.json`), `${JSON.stringify(entityJsonSchema(name), null, 2)}\n`);
}
console.log(`dist/schemas: ${Object.keys(ENTITY_SCHEMAS).length} JSON Schemas`);
