import { z } from 'zod';

/** What a policy rule may allow: reading, the three writes, revealing personal data plain, and reading the audit log. */
export const ACCESS_ACTIONS = ['read', 'create', 'update', 'remove', 'reveal', 'readAudit'] as const;
export const AccessActionSchema = z.enum(ACCESS_ACTIONS);
export type AccessAction = z.infer<typeof AccessActionSchema>;
