import { z } from 'zod';
import { LevelSchema } from './level.js';
import { nodeCodeProblem } from './node-code.js';

// Rejected rather than trimmed: a silently changed id would no longer match the caller's references.
const IdSchema = z
  .string()
  .min(1, 'id must not be empty')
  .refine((id) => id.trim() === id, 'id must not start or end with white space');

/** 城乡属性: whether a community is urban or rural (村改居, 涉农社区); targets such as 民发〔2017〕191号 differ. */
export const NODE_AREAS = ['urban', 'rural'] as const;
/** A node's area, urban or rural. */
export type NodeArea = (typeof NODE_AREAS)[number];

/** One node of the city hierarchy, as `createHierarchy` takes it. */
export const HierarchyNodeSchema = z
  .object({
    id: IdSchema,
    level: LevelSchema,
    name: z.string().min(1, 'name must not be empty'),
    /** Optional English or pinyin name (e.g. 'Wangyi District' for 王益区), shown by English output. */
    nameEn: z.string().min(1, 'nameEn must not be empty').optional(),
    parentId: IdSchema.nullable(),
    code: z.string().optional(),
    /** Urban or rural (城乡属性), where a rule or KPI depends on it; unset means not recorded. */
    area: z.enum(NODE_AREAS).optional(),
  })
  .strict()
  .superRefine((node, ctx) => {
    if (node.code === undefined) return;
    const problem = nodeCodeProblem(node.level, node.code);
    if (problem !== null) ctx.addIssue({ code: 'custom', path: ['code'], message: problem });
  });

/** One node of the city hierarchy, as validated by {@link HierarchyNodeSchema}. */
export type HierarchyNode = z.infer<typeof HierarchyNodeSchema>;

/** Validates an id: non-empty, without leading or trailing white space. */
export const NodeIdSchema = IdSchema;
