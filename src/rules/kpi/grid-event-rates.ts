import { z } from 'zod';
import { CivicGridError } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { KpiFilterSchema, type KpiCondition, type KpiDefinition, type KpiFilter } from '../../model/kpi-definition.js';

const FLAGS = ['accepted', 'registered', 'dispatched', 'handled', 'dueToClose', 'closed', 'closedOnTime', 'reworked', 'extended', 'deferred'] as const;
type Flag = (typeof FLAGS)[number];

const OptionsSchema = z
  .object({
    entity: z.string().min(1).optional(),
    dateField: z.string().min(1).optional(),
    /** The boolean field of the event that marks each stage; each defaults to the flag's own name. */
    fields: z.partialRecord(z.enum(FLAGS), z.string().min(1)).optional(),
    /**
     * A filter that marks a stage, instead of its boolean field (e.g. registered: registeredAt exists;
     * accepted: {} for every event). `notDeferred` is what excludeDeferred keeps (default: the deferred field is not true).
     */
    filters: z.partialRecord(z.enum([...FLAGS, 'notDeferred']), KpiFilterSchema).optional(),
    /** Jinhua takes deferred (挂账/缓办) cases out of "due to close". */
    excludeDeferred: z.boolean().optional(),
    /** Zhengzhou divides rework by cases due to close; one public codebase by cases handled. */
    reworkDenominator: z.enum(['dueToClose', 'handled']).optional(),
  })
  .strict();

/** Options of `gridEventRateDefinitions`: how a city marks each stage of a grid event and counts its rates. */
export type GridEventRateOptions = z.input<typeof OptionsSchema>;

const text = (zh: string, en: string) => ({ zh, en });
const SOURCE = 'GB/T 30428.4 (digital city management: performance evaluation) and CJJ/T 106 closed loop; rates recomputed from Zhengzhou’s published case counts';

/**
 * The six evaluation rates of digital city management (立案率, 派遣率,
 * 结案率, 按期结案率, 返工率, 延期率) as KPI definitions over grid events,
 * with configurable denominators, for any entity whose stages are boolean
 * fields or `filters` (the standard pack's GRID_EVENT_KPI_DEFINITIONS read
 * GridEvent's milestones this way). The numerator always lies inside its
 * denominator, so a rate never exceeds 100%.
 */
export function gridEventRateDefinitions(options: GridEventRateOptions = {}): KpiDefinition[] {
  const parsed = parseWithSchema(OptionsSchema, options, 'gridEventRateDefinitions options');
  const entity = parsed.entity ?? 'gridEvent';
  const dateField = parsed.dateField ?? 'reportedAt';
  const field = (flag: Flag): string => parsed.fields?.[flag] ?? flag;
  const flagged = (...flags: Flag[]): KpiFilter => both(...flags.map((flag) => parsed.filters?.[flag] ?? { [field(flag)]: { eq: true } }));
  const notDeferred: KpiFilter = parsed.filters?.notDeferred ?? { [field('deferred')]: { ne: true } };
  const dueToClose: KpiFilter = parsed.excludeDeferred === true ? both(flagged('dueToClose'), notDeferred) : flagged('dueToClose');
  const handled = flagged('handled');
  const rate = (id: string, label: { zh: string; en: string }, numerator: Flag, denominator: KpiFilter, formula: { zh: string; en: string }): KpiDefinition => ({
    id: `gridEvents.${id}`,
    label,
    description: label,
    kind: 'ratio',
    entity,
    dateField,
    numerator: { kind: 'count', filter: both(denominator, flagged(numerator)) },
    denominator: { kind: 'count', filter: denominator },
    formula,
    source: SOURCE,
    tag: 'N',
  });
  const deferredNote = parsed.excludeDeferred === true ? text('（不含挂账）', ' (deferred excluded)') : text('', '');
  const reworkByHandled = parsed.reworkDenominator === 'handled';
  return [
    rate('registrationRate', text('立案率', 'registration rate'), 'registered', flagged('accepted'), text('立案数 / 受理数', 'registered / accepted')),
    rate('dispatchRate', text('派遣率', 'dispatch rate'), 'dispatched', flagged('registered'), text('派遣数 / 立案数', 'dispatched / registered')),
    rate('closureRate', text('结案率', 'closure rate'), 'closed', dueToClose, text(`结案数 / 应结案数${deferredNote.zh}`, `closed / due to close${deferredNote.en}`)),
    rate('onTimeClosureRate', text('按期结案率', 'on-time closure rate'), 'closedOnTime', dueToClose, text(`按期结案数 / 应结案数${deferredNote.zh}`, `closed on time / due to close${deferredNote.en}`)),
    rate(
      'reworkRate',
      text('返工率', 'rework rate'),
      'reworked',
      reworkByHandled ? handled : dueToClose,
      reworkByHandled ? text('返工数 / 处置数', 'reworked / handled') : text(`返工数 / 应结案数${deferredNote.zh}`, `reworked / due to close${deferredNote.en}`),
    ),
    rate('extensionRate', text('延期率', 'extension rate'), 'extended', dueToClose, text(`延期数 / 应结案数${deferredNote.zh}`, `extended / due to close${deferredNote.en}`)),
  ];
}

/**
 * Filters that must all hold, as one: conditions on one field are merged. So the numerator's filter
 * always lies inside the denominator's, even when both test the same field.
 */
function both(...filters: KpiFilter[]): KpiFilter {
  const merged: Record<string, KpiCondition> = {};
  filters.forEach((filter) => {
    for (const [path, condition] of Object.entries(filter)) {
      const before = merged[path];
      if (before !== undefined) {
        const clash = Object.keys(condition).find((operator) => operator in before && JSON.stringify(before[operator as keyof KpiCondition]) !== JSON.stringify(condition[operator as keyof KpiCondition]));
        if (clash !== undefined) {
          throw CivicGridError.validation('gridEventRateDefinitions options', [{ path: ['filters'], message: `two stage filters set ${clash} on ${path} differently; they cannot both hold as one condition` }]);
        }
      }
      merged[path] = { ...before, ...condition };
    }
  });
  return merged;
}
