import { z } from 'zod';
import { CivicGridError } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { NEED_CATEGORIES, type NeedCategory } from '../../model/need.js';
import type { ServiceRecord } from '../../model/volunteer-activity.js';

const WholePoints = z.number().int().min(0).max(1_000);

/**
 * How service earns points (积分) and what passes the year (RESEARCH §5): points per hour of service,
 * a bonus per record in some categories or with some tags (bravery, team service), and the pass mark:
 * `passMark.hours` of service a year score `passMark.score` in the appraisal, pro rata and without cap.
 * Whole points per hour and half hours keep every balance a multiple of 0.5, exact in floating point.
 */
export const PointRuleTableSchema = z
  .object({
    pointsPerHour: z.number().int().min(0).max(100),
    categoryBonus: z.partialRecord(z.enum(NEED_CATEGORIES), WholePoints),
    tagBonus: z.record(z.string().min(1), WholePoints),
    passMark: z.object({ hours: z.number().int().min(1).max(8_760), score: z.number().int().min(1).max(1_000) }).strict(),
  })
  .strict();
/** The table of point rules. */
export type PointRuleTable = z.infer<typeof PointRuleTableSchema>;
/** Input of {@link PointRuleTable}. */
export type PointRuleTableInput = z.input<typeof PointRuleTableSchema>;

/**
 * City presets: Xingtai Qiaoxi (50 h a year = the pass mark of 60 points, no cap), Cangnan (1 point per
 * service hour), Jiaxing Nanhu (bravery +10, team service +3). The default combines them.
 */
export const POINT_RULE_PRESETS = {
  default: { pointsPerHour: 1, categoryBonus: {}, tagBonus: { bravery: 10, teamService: 3 }, passMark: { hours: 50, score: 60 } },
  xingtaiQiaoxi: { pointsPerHour: 1, categoryBonus: {}, tagBonus: {}, passMark: { hours: 50, score: 60 } },
  cangnan: { pointsPerHour: 1, categoryBonus: {}, tagBonus: {}, passMark: { hours: 50, score: 60 } },
  jiaxingNanhu: { pointsPerHour: 1, categoryBonus: {}, tagBonus: { bravery: 10, teamService: 3 }, passMark: { hours: 50, score: 60 } },
} as const satisfies Record<string, PointRuleTable>;

/** A checked rule table: a preset name or your own table (VALIDATION_FAILED naming the bad field). */
export function pointRules(table: keyof typeof POINT_RULE_PRESETS | PointRuleTableInput = 'default'): PointRuleTable {
  if (typeof table !== 'string') return parseWithSchema(PointRuleTableSchema, table, 'pointRules');
  if (!Object.hasOwn(POINT_RULE_PRESETS, table)) {
    throw CivicGridError.validation('pointRules', [{ path: [], message: `unknown preset "${table}"; presets: ${Object.keys(POINT_RULE_PRESETS).join(', ')}` }]);
  }
  return parseWithSchema(PointRuleTableSchema, POINT_RULE_PRESETS[table], 'pointRules');
}

/** The points one service record earns: hours × points per hour, plus its category's and its tags' bonuses (unknown tags earn nothing). */
export function pointsForService(record: Pick<ServiceRecord, 'hours' | 'category' | 'tags'>, table: PointRuleTable): number {
  const tagPoints = record.tags.reduce((sum, tag) => sum + (Object.hasOwn(table.tagBonus, tag) ? (table.tagBonus[tag] as number) : 0), 0);
  return record.hours * table.pointsPerHour + (table.categoryBonus[record.category as NeedCategory] ?? 0) + tagPoints;
}

/** The appraisal score of a year's service hours: the pass mark's score pro rata (50 h → 60), no cap. */
export function serviceScore(hours: number, table: PointRuleTable): number {
  return (hours * table.passMark.score) / table.passMark.hours;
}

/** Whether a year's hours reach the pass mark. */
export function meetsPassMark(hours: number, table: PointRuleTable): boolean {
  return hours >= table.passMark.hours;
}
