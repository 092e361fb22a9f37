import { z } from 'zod';
import { NodeIdSchema } from './hierarchy-node.js';

/** A line department (行业部门): a government sector such as civil affairs or housing. */
export const DepartmentSchema = z
  .object({
    id: NodeIdSchema,
    name: z.string().min(1),
    /** The sector it oversees, e.g. "civil-affairs", "urban-management". */
    sector: z.string().min(1),
    /** The level of government it belongs to: a city, district or street node. */
    nodeId: NodeIdSchema,
  })
  .strict();

/** A line department (行业部门), as validated by `DepartmentSchema`. */
export type Department = z.infer<typeof DepartmentSchema>;
