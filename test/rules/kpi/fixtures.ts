import { z } from 'zod';
import type { HierarchyNode } from '../../../src/model/hierarchy-node.js';
import { createHierarchy, type Hierarchy } from '../../../src/rules/hierarchy/hierarchy.js';
import { baseKpiEntityRegistry, type KpiEntityRegistry } from '../../../src/rules/kpi/entity-registry.js';

/**
 * Micro-wishes (微心愿) as a test-registered kind, until the wish entity
 * exists: the source's lifecycle, collect → verify → publish → claim → fulfil.
 */
export const TestWishSchema = z.object({
  id: z.string(),
  status: z.enum(['collected', 'verified', 'published', 'claimed', 'fulfilled', 'withdrawn']),
  publishedAt: z.iso.datetime().nullable(),
  fulfilledAt: z.iso.datetime().nullable(),
  valueYuan: z.number(),
  claimantId: z.string().nullable(),
  detail: z.object({ category: z.enum(['elderly', 'children', 'hardship']) }),
});
export type TestWish = z.infer<typeof TestWishSchema>;

export function wishRegistry(): KpiEntityRegistry {
  return baseKpiEntityRegistry().with('wish', TestWishSchema);
}

const bilingual = (zh: string, en: string) => ({ zh, en });

/** One definition of every kind over wishes; fulfilment rate = fulfilled / published, withdrawn excluded [L]. */
export const WISH_DEFINITIONS = [
  {
    id: 'wishes.published',
    label: bilingual('发布微心愿', 'micro-wishes published'),
    description: bilingual('本期发布的微心愿', 'micro-wishes published in the period'),
    kind: 'count',
    entity: 'wish',
    filter: { status: { in: ['published', 'claimed', 'fulfilled'] } },
    dateField: 'publishedAt',
    formula: bilingual('已发布（不含撤回）', 'published, withdrawn excluded'),
    tag: 'L',
  },
  {
    id: 'wishes.fulfilmentRate',
    label: bilingual('微心愿兑现率', 'micro-wish fulfilment rate'),
    description: bilingual('已兑现 / 已发布', 'fulfilled / published'),
    kind: 'ratio',
    entity: 'wish',
    dateField: 'publishedAt',
    numerator: { kind: 'count', filter: { status: { eq: 'fulfilled' } } },
    denominator: { kind: 'count', filter: { status: { in: ['published', 'claimed', 'fulfilled'] } } },
    target: { direction: 'atLeast', value: 0.9, atRisk: 0.05 },
    formula: bilingual('已兑现 / 已发布（不含撤回）', 'fulfilled / published, withdrawn excluded'),
    tag: 'L',
  },
  {
    id: 'wishes.value',
    label: bilingual('心愿金额', 'wish value'),
    description: bilingual('已兑现心愿金额', 'value of fulfilled wishes'),
    kind: 'sum',
    field: 'valueYuan',
    decimals: 2,
    entity: 'wish',
    filter: { status: { eq: 'fulfilled' } },
    dateField: 'publishedAt',
    formula: bilingual('已兑现心愿金额之和', 'sum of fulfilled wish values'),
  },
  {
    id: 'wishes.claimants',
    label: bilingual('认领人', 'claimants'),
    description: bilingual('认领过心愿的不同认领人', 'distinct claimants'),
    kind: 'distinct',
    field: 'claimantId',
    entity: 'wish',
    dateField: 'publishedAt',
    formula: bilingual('不同认领人数', 'distinct claimants'),
  },
  {
    id: 'wishes.communityCoverage',
    label: bilingual('社区覆盖', 'community coverage'),
    description: bilingual('有已兑现心愿的社区占比', 'share of communities with a fulfilled wish'),
    kind: 'coverage',
    level: 'community',
    entity: 'wish',
    filter: { status: { eq: 'fulfilled' } },
    dateField: 'publishedAt',
    target: { direction: 'equal', value: 1, atRisk: 0.1 },
    formula: bilingual('有兑现的社区 / 全部社区', 'communities with a fulfilled wish / all communities'),
  },
  {
    id: 'wishes.timeToFulfil',
    label: bilingual('兑现用时', 'time to fulfil'),
    description: bilingual('发布到兑现', 'published to fulfilled'),
    kind: 'duration',
    from: 'publishedAt',
    to: 'fulfilledAt',
    unit: 'days',
    entity: 'wish',
    dateField: 'publishedAt',
    target: { direction: 'atMost', value: 14, atRisk: 7 },
    formula: bilingual('兑现时间 − 发布时间', 'fulfilled at − published at'),
  },
  {
    id: 'wishes.elderlyStock',
    label: bilingual('养老类心愿（存量）', 'elderly wishes (stock)'),
    description: bilingual('全部养老类心愿', 'all elderly-care wishes'),
    kind: 'count',
    entity: 'wish',
    filter: { 'detail.category': { eq: 'elderly' } },
    formula: bilingual('养老类心愿数', 'elderly-care wishes'),
  },
] as const;

/** Stock figures over the hierarchy's own nodes. */
export const HIERARCHY_DEFINITIONS = (['community', 'grid'] as const).map((level) => ({
  id: level === 'community' ? 'hierarchy.communities' : 'hierarchy.grids',
  label: bilingual(level === 'community' ? '社区' : '网格', `${level}s`),
  description: bilingual('节点数（存量）', 'nodes (a stock)'),
  kind: 'count' as const,
  entity: 'hierarchyNode',
  filter: { level: { eq: level } },
  formula: bilingual('节点数', 'nodes'),
}));

/** city → 2 districts → 2 streets → 2 communities → 3 grids (8 communities, 24 grids). */
export function smallCity(): Hierarchy {
  const nodes: HierarchyNode[] = [{ id: 'city', level: 'city', name: '市', parentId: null }];
  for (let d = 0; d < 2; d++) {
    nodes.push({ id: `d${d}`, level: 'district', name: `区${d}`, parentId: 'city' });
    for (let s = 0; s < 2; s++) {
      nodes.push({ id: `d${d}s${s}`, level: 'street', name: `街道${d}${s}`, parentId: `d${d}` });
      for (let c = 0; c < 2; c++) {
        nodes.push({ id: `d${d}s${s}c${c}`, level: 'community', name: `社区${d}${s}${c}`, parentId: `d${d}s${s}` });
        for (let g = 0; g < 3; g++) nodes.push({ id: `d${d}s${s}c${c}g${g}`, level: 'grid', name: `网格${d}${s}${c}${g}`, parentId: `d${d}s${s}c${c}` });
      }
    }
  }
  return createHierarchy(nodes);
}

export function wish(id: string, overrides: Partial<TestWish> = {}): TestWish {
  return {
    id,
    status: 'published',
    publishedAt: '2020-03-01T02:00:00.000Z',
    fulfilledAt: null,
    valueYuan: 100,
    claimantId: null,
    detail: { category: 'elderly' },
    ...overrides,
  };
}
