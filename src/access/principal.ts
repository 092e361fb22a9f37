import { z } from 'zod';

const NonEmptyText = z.string().min(1);

/** A role held over one hierarchy subtree: `scope` is its root-first path (`[]` = the whole store). */
export const RoleGrantSchema = z.object({ role: NonEmptyText, scope: z.array(NonEmptyText) }).strict();
/** A role held over one hierarchy subtree, as validated by `RoleGrantSchema`. */
export type RoleGrant = z.infer<typeof RoleGrantSchema>;

/**
 * Who is asking: the id the audit log records as actor, the unit a unit
 * liaison speaks for (conditions `ownUnit` compare with it), and the roles
 * granted at hierarchy nodes.
 */
export const PrincipalSchema = z
  .object({
    id: NonEmptyText,
    unitId: NonEmptyText.optional(),
    roles: z.array(RoleGrantSchema),
  })
  .strict();
/** Who is asking: an id, an optional unit, and role grants, as validated by `PrincipalSchema`. */
export type Principal = z.infer<typeof PrincipalSchema>;
