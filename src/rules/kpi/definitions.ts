import { z } from 'zod';
import { CivicGridError, type Issue, type IssuePath } from '../../errors/civic-grid-error.js';
import { zodIssuesToIssues } from '../../errors/parse-with-schema.js';
import { type KpiDefinition, KpiDefinitionSchema, type KpiFilter, type KpiMeasure } from '../../model/kpi-definition.js';
import type { KpiEntityRegistry, KpiFieldInfo, KpiFieldType } from './entity-registry.js';
import { isIsoDate } from './instant.js';

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
      // An array field is tested for membership, so its values compare with its elements.
      const compared = info.type === 'array' ? (info.elementType ?? 'unknown') : info.type;
      const subject = info.type === 'array' ? `an element of ${entity}.${field}` : `${entity}.${field}`;
      const checkValue = (valuePath: IssuePath, value: string | number | boolean | null, named: boolean): void => {
        const problem = valueMismatch(compared, value);
        if (problem !== null) issues.push({ path: [...path, field, ...valuePath], message: `${subject} is a ${compared}: ${problem}, so the condition could never hold` });
        else if (named && info.values !== undefined && !info.values.includes(value)) {
          issues.push({ path: [...path, field], message: `"${String(value)}" is not a value of ${entity}.${field}; allowed: ${info.values.join(', ')}` });
        }
      };
      for (const operator of ['eq', 'ne'] as const) {
        const value = condition[operator];
        if (value !== undefined) checkValue([operator], value, true);
      }
      for (const operator of ['in', 'notIn'] as const) condition[operator]?.forEach((value, index) => checkValue([operator, index], value, true));
      for (const operator of ['gt', 'gte', 'lt', 'lte'] as const) {
        const bound = condition[operator];
        if (bound === undefined) continue;
        if (info.type === 'boolean' || info.type === 'array') issues.push({ path: [...path, field, operator], message: `${entity}.${field} is a ${info.type} and has no order` });
        else checkValue([operator], bound, false);
      }
    }
  };
  const checkMeasure = (path: IssuePath, measure: KpiMeasure): void => {
    if (measure.kind === 'sum') checkField([...path, 'field'], measure.field, NUMERIC, 'summed');
    if (measure.kind === 'distinct') checkField([...path, 'field'], measure.field, SCALAR, 'counted distinct');
    checkFilter([...path, 'filter'], measure.filter);
  };

  // An enum or literal is a string or number field whose values are names, never instants.
  const checkDate = (path: IssuePath, field: string, role: string): void => {
    const info = checkField(path, field, DATE_LIKE, role);
    if (info?.values !== undefined) issues.push({ path, message: `field "${field}" of ${entity} is an enum (${info.values.join(', ')}) and cannot be ${role}` });
  };
  checkFilter([...at, 'filter'], definition.filter);
  if (definition.dateField !== undefined) checkDate([...at, 'dateField'], definition.dateField, 'the date that places a record in a period');
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
    case 'groupCount': {
      checkField([...at, 'groupBy'], definition.groupBy, SCALAR, 'grouped by');
      const { measure } = definition;
      if (measure.kind !== 'ratio') checkMeasure([...at, 'measure'], measure);
      else for (const part of ['numerator', 'denominator'] as const) checkMeasure([...at, 'measure', part], measure[part]);
      break;
    }
    case 'duration':
      checkDate([...at, 'from'], definition.from, 'a timestamp');
      checkDate([...at, 'to'], definition.to, 'a timestamp');
      break;
    default:
      break;
  }
  return issues;
}

/** Why `value` can never equal (or be ordered against) a value of type `type`, or null when it can. Null matches a missing value of any type. */
function valueMismatch(type: KpiFieldType, value: string | number | boolean | null): string | null {
  if (value === null) return null;
  switch (type) {
    case 'string':
    case 'number':
    case 'boolean':
      return typeof value === type ? null : `${JSON.stringify(value)} is a ${typeof value}`;
    case 'date':
      if (typeof value === 'number') return null;
      if (typeof value === 'string') return isIsoDate(value) ? null : `"${value}" is not a date (use an ISO date or date-time)`;
      return `${String(value)} is a ${typeof value}`;
    case 'unknown':
      return null;
    default:
      return `${JSON.stringify(value)} is not one`;
  }
}
