import { z } from 'zod';
import { LevelSchema } from './level.js';
import { nodeCodeProblem } from './node-code.js';

const IdSchema = z.string().trim().min(1, 'id must not be empty');

/** One node of the city hierarchy, as `createHierarchy` takes it. */
export const HierarchyNodeSchema = z
  .object({
    id: IdSchema,
    level: LevelSchema,
    name: z.string().min(1, 'name must not be empty'),
    parentId: IdSchema.nullable(),
    code: z.string().optional(),
  })
  .strict()
  .superRefine((node, ctx) => {
    if (node.code === undefined) return;
    const problem = nodeCodeProblem(node.level, node.code);
    if (problem !== null) ctx.addIssue({ code: 'custom', path: ['code'], message: problem });
  });

export type HierarchyNode = z.infer<typeof HierarchyNodeSchema>;

export const NodeIdSchema = IdSchema;
