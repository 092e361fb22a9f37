import { z } from 'zod';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import type { BilingualText } from '../../model/kpi-definition.js';
import type { KpiEvaluation, KpiValue } from './evaluation.js';

/** One node's place in a KPI ranking, with its value and sample size. */
export interface KpiRankEntry {
  /** Competition ranking: ties share a rank (1, 2, 2, 4). */
  rank: number;
  nodeId: string;
  value: number;
  sampleSize: number;
}

/** A node left out of a ranking: too small a sample, or no data. */
export interface KpiRankExclusion {
  nodeId: string;
  sampleSize: number;
  reason: 'belowMinimumSample' | 'noData';
}

/** Nodes ranked by one KPI (`rankKpi`), best first, and the nodes left out with why. */
export interface KpiRanking {
  definitionId: string;
  minSampleSize: number;
  higherIsBetter: boolean;
  ranked: KpiRankEntry[];
  /** Nodes left out, each with why: a community with one case does not top a ranking. */
  excluded: KpiRankExclusion[];
  /** The exclusion said in words, for display next to the ranking. */
  note: BilingualText;
}

const RankOptionsSchema = z
  .object({
    nodeIds: z.array(z.string().min(1)).min(1, 'rank at least one node'),
    minSampleSize: z.number().int().min(1),
    higherIsBetter: z.boolean().optional(),
  })
  .strict();

/**
 * Ranks nodes by a KPI, best first. Nodes whose sample (a ratio's
 * denominator records, a count's records...) is below `minSampleSize`, or
 * that have no value, are left out and listed. Better means higher unless
 * the KPI's target is `atMost`, or `higherIsBetter` says otherwise. Ties
 * are ordered by node id so a ranking is reproducible.
 */
export function rankKpi(evaluation: KpiEvaluation, definitionId: string, options: { nodeIds: readonly string[]; minSampleSize: number; higherIsBetter?: boolean }): KpiRanking {
  const { nodeIds, minSampleSize, higherIsBetter: given } = parseWithSchema(RankOptionsSchema, options, 'rankKpi options');
  const definition = evaluation.definition(definitionId);
  const higherIsBetter = given ?? definition.target?.direction !== 'atMost';
  const candidates: { nodeId: string; value: KpiValue }[] = [];
  const excluded: KpiRankExclusion[] = [];
  for (const nodeId of nodeIds) {
    const value = evaluation.value(definitionId, nodeId);
    if (value.sampleSize < minSampleSize) excluded.push({ nodeId, sampleSize: value.sampleSize, reason: 'belowMinimumSample' });
    else if (value.value === null) excluded.push({ nodeId, sampleSize: value.sampleSize, reason: 'noData' });
    else candidates.push({ nodeId, value });
  }
  const sign = higherIsBetter ? -1 : 1;
  candidates.sort((a, b) => sign * ((a.value.value as number) - (b.value.value as number)) || (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
  const ranked: KpiRankEntry[] = [];
  for (const [index, { nodeId, value }] of candidates.entries()) {
    const previous = ranked[index - 1];
    const rank = previous !== undefined && previous.value === value.value ? previous.rank : index + 1;
    ranked.push({ rank, nodeId, value: value.value as number, sampleSize: value.sampleSize });
  }
  const small = excluded.filter((exclusion) => exclusion.reason === 'belowMinimumSample').length;
  const empty = excluded.length - small;
  return {
    definitionId,
    minSampleSize,
    higherIsBetter,
    ranked,
    excluded,
    note: {
      zh: `共${nodeIds.length}个，${small}个样本少于${minSampleSize}${empty > 0 ? `、${empty}个无数据` : ''}，未参与排名`,
      en: `${small} of ${nodeIds.length} left out with fewer than ${minSampleSize} in the sample${empty > 0 ? `, ${empty} with no data` : ''}`,
    },
  };
}
