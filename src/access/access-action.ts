import { z } from 'zod';

/** What a policy rule may allow: reading, the three writes, revealing personal data plain, and reading the audit log. */
export const ACCESS_ACTIONS = ['read', 'create', 'update', 'remove', 'reveal', 'readAudit'] as const;
/** Validates an {@link AccessAction}. */
export const AccessActionSchema = z.enum(ACCESS_ACTIONS);
/** An action a policy rule may allow: read, create, update, remove, reveal or readAudit. */
export type AccessAction = z.infer<typeof AccessActionSchema>;
