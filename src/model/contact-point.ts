import { z } from 'zod';
import { personalData } from '../access/personal-data.js';
import { LevelSchema } from './level.js';
import { NodeIdSchema } from './hierarchy-node.js';

/** A calendar day, YYYY-MM-DD: visits are recorded by day, so no time zone can move them. */
export const CalendarDateSchema = z.iso.date();

/** A leader who may hold party-building contact points (领导干部党建联系点). */
export const LeaderSchema = z
  .object({
    id: NodeIdSchema,
    name: z.string().min(1).register(personalData, { kind: 'name' }),
    /** The sector (district or street node) the leader oversees; points inside it are preferred. */
    homeSectorId: NodeIdSchema.optional(),
    /** The unit the leader works for, when known. */
    homeUnitId: NodeIdSchema.optional(),
    /** Where the leader sits, for nearness. */
    locationId: NodeIdSchema,
  })
  .strict();
/** A leader who holds contact points, as validated by `LeaderSchema`. */
export type Leader = z.infer<typeof LeaderSchema>;

/** One visit to a contact point. */
export const ContactVisitSchema = z
  .object({
    date: CalendarDateSchema,
    /** Issues solved on this visit (解决问题数). */
    issuesSolved: z.number().int().min(0),
  })
  .strict();
/** One visit to a contact point, as validated by `ContactVisitSchema`. */
export type ContactVisit = z.infer<typeof ContactVisitSchema>;

/** A contact point (联系点): a leader holds a community (or a sector) and visits it. */
export const ContactPointSchema = z
  .object({
    id: NodeIdSchema,
    leaderId: NodeIdSchema,
    /** The community or sector node held. */
    nodeId: NodeIdSchema,
    visits: z.array(ContactVisitSchema),
  })
  .strict();
/** A contact point (联系点): a leader, the community or sector held, and the visits made. */
export type ContactPoint = z.infer<typeof ContactPointSchema>;

/** The contact-point rules of a city. */
export const ContactPointRulesSchema = z
  .object({
    minPointsPerLeader: z.number().int().min(0),
    maxPointsPerLeader: z.number().int().min(1),
    minVisitsPerYear: z.number().int().min(0),
    /** The level every node of which must hold a point: 'community' (全覆盖 of communities) or a sector level. */
    coverageLevel: LevelSchema,
  })
  .strict()
  .refine((rules) => rules.minPointsPerLeader <= rules.maxPointsPerLeader, { path: ['minPointsPerLeader'], message: 'minPointsPerLeader must not exceed maxPointsPerLeader' });
/** A city's contact-point rules: points per leader, visits a year, and the level to cover. */
export type ContactPointRules = z.infer<typeof ContactPointRulesSchema>;

/** The common practice: 1–2 points per leader, at least 5 visits a year, every community covered. */
export const CONTACT_POINT_RULES: Readonly<ContactPointRules> = Object.freeze({ minPointsPerLeader: 1, maxPointsPerLeader: 2, minVisitsPerYear: 5, coverageLevel: 'community' });
