import { z } from 'zod';
import { CivicGridError, type Issue, type IssuePath } from '../../errors/civic-grid-error.js';
import { zodIssuesToIssues } from '../../errors/parse-with-schema.js';
import { type KpiDefinition, KpiDefinitionSchema, type KpiFilter, type KpiMeasure } from '../../model/kpi-definition.js';
import type { KpiEntityRegistry, KpiFieldInfo, KpiFieldType } from './entity-registry.js';

const DATE_LIKE: readonly KpiFieldType[] = ['date', 'string', 'number', 'unknown'];
const NUMERIC: readonly KpiFieldType[] = ['number', 'unknown'];
const SCALAR: readonly KpiFieldType[] = ['string', 'number', 'boolean', 'date', 'unknown'];

/**
 * Validates KPI definitions against the entity registry: the shape (zod), and
 * every field, filter value and entity kind they name. Throws
 * VALIDATION_FAILED listing every problem of every definition, each with the
 * definition's index; returns the parsed definitions otherwise.
 */
export function validateKpiDefinitions(input: unknown, registry: KpiEntityRegistry): KpiDefinition[] {
  const list = z.array(z.unknown()).safeParse(input);
  if (!list.success) throw CivicGridError.validation('KPI definitions', zodIssuesToIssues(list.error));
  const issues: Issue[] = [];
  const definitions: KpiDefinition[] = [];
  const seen = new Map<string, number>();
  for (const [index, raw] of list.data.entries()) {
    const parsed = KpiDefinitionSchema.safeParse(raw);
    if (!parsed.success) {
      issues.push(...zodIssuesToIssues(parsed.error, [index]));
      continue;
    }
    const definition = parsed.data;
    const first = seen.get(definition.id);
    if (first !== undefined) issues.push({ path: [index, 'id'], message: `duplicate id "${definition.id}" (also at ${first})` });
    else seen.set(definition.id, index);
    issues.push(...definitionFieldIssues(definition, registry, [index]));
    definitions.push(definition);
  }
  if (issues.length > 0) throw CivicGridError.validation('KPI definitions', issues);
  return definitions;
}

function definitionFieldIssues(definition: KpiDefinition, registry: KpiEntityRegistry, at: IssuePath): Issue[] {
  const { entity } = definition;
  if (!registry.has(entity)) {
    const known = registry.kinds().join(', ');
    return [{ path: [...at, 'entity'], message: `unknown entity kind "${entity}" in KPI "${definition.id}"; registered kinds: ${known}` }];
  }
  const issues: Issue[] = [];
  const checkField = (path: IssuePath, field: string, allowed: readonly KpiFieldType[], role: string): KpiFieldInfo | undefined => {
    const info = registry.field(entity, field);
    if (info === undefined) {
      issues.push({ path, message: `unknown field "${field}" of ${entity} in KPI "${definition.id}"; known fields: ${registry.fieldNames(entity).join(', ')}` });
      return undefined;
    }
    if (!allowed.includes(info.type)) issues.push({ path, message: `field "${field}" of ${entity} is a ${info.type} and cannot be ${role}` });
    return info;
  };
  const checkFilter = (path: IssuePath, filter: KpiFilter | undefined): void => {
    for (const [field, condition] of Object.entries(filter ?? {})) {
      const info = checkField([...path, field], field, [...SCALAR, 'array'], 'filtered on');
      if (info === undefined) continue;
      const named = [condition.eq, condition.ne, ...(condition.in ?? []), ...(condition.notIn ?? [])].filter((value) => value !== undefined);
      for (const value of named) {
        if (info.values !== undefined && !info.values.includes(value)) {
          issues.push({ path: [...path, field], message: `"${String(value)}" is not a value of ${entity}.${field}; allowed: ${info.values.join(', ')}` });
        }
      }
      for (const bound of [condition.gt, condition.gte, condition.lt, condition.lte]) {
        if (bound === undefined) continue;
        if (info.type === 'date' && typeof bound === 'string' && Number.isNaN(Date.parse(bound))) {
          issues.push({ path: [...path, field], message: `"${bound}" is not a date; compare ${entity}.${field} with an ISO date-time` });
        }
        if (info.type === 'boolean' || info.type === 'array') issues.push({ path: [...path, field], message: `${entity}.${field} is a ${info.type} and has no order` });
      }
    }
  };
  const checkMeasure = (path: IssuePath, measure: KpiMeasure): void => {
    if (measure.kind === 'sum') checkField([...path, 'field'], measure.field, NUMERIC, 'summed');
    if (measure.kind === 'distinct') checkField([...path, 'field'], measure.field, SCALAR, 'counted distinct');
    checkFilter([...path, 'filter'], measure.filter);
  };

  checkFilter([...at, 'filter'], definition.filter);
  if (definition.dateField !== undefined) checkField([...at, 'dateField'], definition.dateField, DATE_LIKE, 'the date that places a record in a period');
  switch (definition.kind) {
    case 'sum':
      checkField([...at, 'field'], definition.field, NUMERIC, 'summed');
      break;
    case 'distinct':
      checkField([...at, 'field'], definition.field, SCALAR, 'counted distinct');
      break;
    case 'ratio':
      checkMeasure([...at, 'numerator'], definition.numerator);
      checkMeasure([...at, 'denominator'], definition.denominator);
      break;
    case 'duration':
      checkField([...at, 'from'], definition.from, DATE_LIKE, 'a timestamp');
      checkField([...at, 'to'], definition.to, DATE_LIKE, 'a timestamp');
      break;
    default:
      break;
  }
  return issues;
}
