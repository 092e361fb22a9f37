import { z } from 'zod';
import { CalendarDateSchema } from './contact-point.js';
import { NodeIdSchema } from './hierarchy-node.js';

/**
 * A visit as a stored record of its own, written with the visit on its contact point: the point
 * keeps its visits for the coverage rules, the records let the KPIs count visits by day.
 */
export const ContactVisitRecordSchema = z
  .object({
    id: NodeIdSchema,
    pointId: NodeIdSchema,
    leaderId: NodeIdSchema,
    nodeId: NodeIdSchema,
    date: CalendarDateSchema,
    issuesSolved: z.number().int().min(0),
  })
  .strict();
/** A record of a visit to a contact point. */
export type ContactVisitRecord = z.infer<typeof ContactVisitRecordSchema>;
