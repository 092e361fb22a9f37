import { z } from 'zod';
import { LevelSchema } from './level.js';

/** A field of an entity, dotted for nested objects: `status`, `outcomes.residentsIntoJobs`. */
export const KpiFieldPathSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'a field path is identifiers joined by dots');

const FilterScalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const OrderedScalarSchema = z.union([z.string(), z.number()]);

/** One condition on one field; several keys in one condition must all hold. */
export const KpiConditionSchema = z
  .object({
    eq: FilterScalarSchema.optional(),
    ne: FilterScalarSchema.optional(),
    in: z.array(FilterScalarSchema).min(1, 'in needs at least one value').optional(),
    notIn: z.array(FilterScalarSchema).min(1, 'notIn needs at least one value').optional(),
    gt: OrderedScalarSchema.optional(),
    gte: OrderedScalarSchema.optional(),
    lt: OrderedScalarSchema.optional(),
    lte: OrderedScalarSchema.optional(),
    exists: z.boolean().optional(),
  })
  .strict()
  .refine((condition) => Object.keys(condition).length > 0, 'a condition needs at least one operator');
/** One condition on one field (eq, in, gt, exists, …), as validated by `KpiConditionSchema`. */
export type KpiCondition = z.infer<typeof KpiConditionSchema>;

/** Field → condition; every condition must hold (AND). */
export const KpiFilterSchema = z.record(KpiFieldPathSchema, KpiConditionSchema);
/** Field path → condition; a record passes when every condition holds. */
export type KpiFilter = z.infer<typeof KpiFilterSchema>;

/** Validates a {@link BilingualText}: non-empty Chinese and English text. */
export const BilingualTextSchema = z
  .object({ zh: z.string().min(1, 'zh text must not be empty'), en: z.string().min(1, 'en text must not be empty') })
  .strict();
/** The same text in Chinese (`zh`) and English (`en`). */
export type BilingualText = z.infer<typeof BilingualTextSchema>;

/** The decimals a sum is shown with (format only): the sum itself is always exact, whatever the values' decimals. */
const DecimalsSchema = z.number().int().min(0).max(6);

/** A numerator or denominator: its own count, sum or distinct count, narrowed by its own filter. */
export const KpiMeasureSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('count'), filter: KpiFilterSchema.optional() }).strict(),
  z.object({ kind: z.literal('sum'), field: KpiFieldPathSchema, decimals: DecimalsSchema.optional(), filter: KpiFilterSchema.optional() }).strict(),
  z.object({ kind: z.literal('distinct'), field: KpiFieldPathSchema, filter: KpiFilterSchema.optional() }).strict(),
]);
/** The numerator or denominator of a ratio KPI: a count, sum or distinct count with its own filter. */
export type KpiMeasure = z.infer<typeof KpiMeasureSchema>;

/** What each group of a `groupCount` KPI is measured by: a count, sum or distinct count, or the ratio of two. */
export const KpiGroupMeasureSchema = z.discriminatedUnion('kind', [
  ...KpiMeasureSchema.options,
  z.object({ kind: z.literal('ratio'), numerator: KpiMeasureSchema, denominator: KpiMeasureSchema }).strict(),
]);
/** A group's measure: a count, sum or distinct count over its records, or numerator / denominator. */
export type KpiGroupMeasure = z.infer<typeof KpiGroupMeasureSchema>;

/** Bounds a group's measure must meet to pass; several must all hold (`{ gte: 0.9, lt: 1 }`). */
export const KpiThresholdSchema = z
  .object({ gt: z.number().finite().optional(), gte: z.number().finite().optional(), lt: z.number().finite().optional(), lte: z.number().finite().optional() })
  .strict()
  .refine((threshold) => Object.values(threshold).some((bound) => bound !== undefined), 'a threshold needs at least one of gt, gte, lt, lte')
  .superRefine(({ gt, gte, lt, lte }, ctx) => {
    // Bounds no value can meet would make the KPI read 0 whatever the data: refused, not answered.
    const lower = Math.max(gt ?? -Infinity, gte ?? -Infinity);
    const upper = Math.min(lt ?? Infinity, lte ?? Infinity);
    const strict = lower === gt || upper === lt;
    if (lower > upper || (lower === upper && strict)) ctx.addIssue({ code: 'custom', path: [], message: `no value passes ${JSON.stringify({ gt, gte, lt, lte })}` });
  });
/** The bounds a group's measure must meet, as validated by `KpiThresholdSchema`. */
export type KpiThreshold = z.infer<typeof KpiThresholdSchema>;

/** The fewest matching records that cover a node. */
const MinRecordsSchema = z.number().int().min(1, 'a node needs at least 1 record to be covered');

/** How a KPI value is compared with its target: at least, at most, or equal. */
export const KPI_TARGET_DIRECTIONS = ['atLeast', 'atMost', 'equal'] as const;

/**
 * `atLeast 0.9` means ≥ 90%. `atRisk` is the width of the band on the failing
 * side that still counts as "at risk" rather than "missed".
 */
export const KpiTargetSchema = z
  .object({
    direction: z.enum(KPI_TARGET_DIRECTIONS),
    value: z.number().finite(),
    atRisk: z.number().finite().min(0, 'the at-risk band must not be negative'),
  })
  .strict();
/** A KPI's target value, its direction and its at-risk band. */
export type KpiTarget = z.infer<typeof KpiTargetSchema>;

/** [N] national standard (GB, GB/T, CJJ/T), [L] local practice (a city's own rule or figure), [U] unverified. */
export const KpiTagSchema = z.enum(['N', 'L', 'U']);
/** Where a KPI comes from: [N] national standard, [L] local practice, [U] unverified. */
export type KpiTag = z.infer<typeof KpiTagSchema>;

const common = {
  id: z.string().regex(/^[a-z][A-Za-z0-9]*([.-][A-Za-z0-9]+)*$/, 'an id is camelCase words joined by "." or "-", e.g. "needs.fulfilmentRate"'),
  label: BilingualTextSchema,
  description: BilingualTextSchema,
  /** The entity kind read, as registered with the store (need, claim, project, hierarchyNode...). */
  entity: z.string().min(1, 'entity must not be empty'),
  filter: KpiFilterSchema.optional(),
  /** Places a record in a period; without it the figure is a stock, counted whatever the period. */
  dateField: KpiFieldPathSchema.optional(),
  target: KpiTargetSchema.optional(),
  formula: BilingualTextSchema,
  source: z.string().min(1).optional(),
  tag: KpiTagSchema.optional(),
};

/** Validates a {@link KpiDefinition}; a ratio or coverage target must be a share in [0, 1]. */
export const KpiDefinitionSchema = z
  .discriminatedUnion('kind', [
    z.object({ ...common, kind: z.literal('count') }).strict(),
    z.object({ ...common, kind: z.literal('sum'), field: KpiFieldPathSchema, decimals: DecimalsSchema.optional() }).strict(),
    z.object({ ...common, kind: z.literal('distinct'), field: KpiFieldPathSchema }).strict(),
    z.object({ ...common, kind: z.literal('ratio'), numerator: KpiMeasureSchema, denominator: KpiMeasureSchema }).strict(),
    /**
     * Share of the nodes of `level` inside the reported node that hold at least `minRecords` matching
     * records (default 1); a node whose `area` is set needs `minRecordsByArea[area]` when given.
     */
    z
      .object({
        ...common,
        kind: z.literal('coverage'),
        level: LevelSchema,
        minRecords: MinRecordsSchema.optional(),
        minRecordsByArea: z.object({ urban: MinRecordsSchema.optional(), rural: MinRecordsSchema.optional() }).strict().optional(),
      })
      .strict(),
    /**
     * Groups the records inside the reported node by `groupBy` and counts the groups whose `measure`
     * passes the threshold; with `share`, their share of the groups (a group whose ratio has a zero
     * denominator has no value and counts in neither). A group is formed by the records inside the node only.
     */
    z
      .object({
        ...common,
        kind: z.literal('groupCount'),
        groupBy: KpiFieldPathSchema,
        measure: KpiGroupMeasureSchema,
        passes: KpiThresholdSchema,
        share: z.boolean().optional(),
      })
      .strict(),
    /** Median and 90th percentile of `to − from` over matching records that have both. */
    z
      .object({
        ...common,
        kind: z.literal('duration'),
        from: KpiFieldPathSchema,
        to: KpiFieldPathSchema,
        unit: z.enum(['minutes', 'hours', 'days']).optional(),
      })
      .strict(),
  ])
  .superRefine((definition, ctx) => {
    const isShare = isShareKpi(definition);
    const target = definition.target;
    if (target === undefined || !isShare) return;
    if (target.value < 0 || target.value > 1) {
      ctx.addIssue({ code: 'custom', path: ['target', 'value'], message: `a ${definition.kind} target is a share in [0, 1], got ${target.value}` });
    }
    if (target.atRisk > 1) {
      ctx.addIssue({ code: 'custom', path: ['target', 'atRisk'], message: `a ${definition.kind} at-risk band is a share in [0, 1], got ${target.atRisk}` });
    }
  });

/** A declarative KPI: what entity it reads, how it aggregates, and optionally its target. */
export type KpiDefinition = z.infer<typeof KpiDefinitionSchema>;
/** How a KPI aggregates: count, sum, distinct, ratio, coverage, duration or groupCount. */
export type KpiKind = KpiDefinition['kind'];
/** Every {@link KpiKind}, in a stable order. */
export const KPI_KINDS = ['count', 'sum', 'distinct', 'ratio', 'coverage', 'duration', 'groupCount'] as const satisfies readonly KpiKind[];

/** True when the KPI's value is a share in [0, 1]: a ratio, a coverage, or a groupCount with `share`. */
export function isShareKpi(definition: KpiDefinition): boolean {
  return definition.kind === 'ratio' || definition.kind === 'coverage' || (definition.kind === 'groupCount' && definition.share === true);
}
