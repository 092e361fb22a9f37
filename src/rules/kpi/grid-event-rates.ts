import { z } from 'zod';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import type { KpiDefinition, KpiFilter } from '../../model/kpi-definition.js';

const FLAGS = ['accepted', 'registered', 'dispatched', 'handled', 'dueToClose', 'closed', 'closedOnTime', 'reworked', 'extended', 'deferred'] as const;
type Flag = (typeof FLAGS)[number];

const OptionsSchema = z
  .object({
    entity: z.string().min(1).optional(),
    dateField: z.string().min(1).optional(),
    /** The boolean field of the event that marks each stage; each defaults to the flag's own name. */
    fields: z.partialRecord(z.enum(FLAGS), z.string().min(1)).optional(),
    /** Jinhua takes deferred (挂账/缓办) cases out of "due to close". */
    excludeDeferred: z.boolean().optional(),
    /** Zhengzhou divides rework by cases due to close; one public codebase by cases handled. */
    reworkDenominator: z.enum(['dueToClose', 'handled']).optional(),
  })
  .strict();

export type GridEventRateOptions = z.input<typeof OptionsSchema>;

const text = (zh: string, en: string) => ({ zh, en });
const SOURCE = 'GB/T 30428.4 (digital city management: performance evaluation) and CJJ/T 106 closed loop; rates recomputed from Zhengzhou’s published case counts';

/**
 * The six evaluation rates of digital city management (立案率, 派遣率,
 * 结案率, 按期结案率, 返工率, 延期率) as KPI definitions over grid events,
 * with configurable denominators. Ready for when the grid-event entity
 * exists: they validate against any registry that has its fields. The
 * numerator always lies inside its denominator, so a rate never exceeds 100%.
 */
export function gridEventRateDefinitions(options: GridEventRateOptions = {}): KpiDefinition[] {
  const parsed = parseWithSchema(OptionsSchema, options, 'gridEventRateDefinitions options');
  const entity = parsed.entity ?? 'gridEvent';
  const dateField = parsed.dateField ?? 'reportedAt';
  const field = (flag: Flag): string => parsed.fields?.[flag] ?? flag;
  const flagged = (...flags: Flag[]): KpiFilter => Object.fromEntries(flags.map((flag) => [field(flag), { eq: true }]));
  const dueToClose: KpiFilter = { ...flagged('dueToClose'), ...(parsed.excludeDeferred === true ? { [field('deferred')]: { ne: true } } : {}) };
  const handled = flagged('handled');
  const rate = (id: string, label: { zh: string; en: string }, numerator: Flag, denominator: KpiFilter, formula: { zh: string; en: string }): KpiDefinition => ({
    id: `gridEvents.${id}`,
    label,
    description: label,
    kind: 'ratio',
    entity,
    dateField,
    numerator: { kind: 'count', filter: { ...denominator, ...flagged(numerator) } },
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
