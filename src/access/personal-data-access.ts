import { z } from 'zod';

/** The kind name of the access log: one record per look at personal data in plain. */
export const PERSONAL_DATA_ACCESS_KIND = 'personalDataAccess' as const;

/**
 * One access-log entry (PIPL art. 51, 55–56: processing records). When is the
 * stored record's `createdAt`, stamped by the store clock in the same
 * transaction; its scope is the revealed record's. Append-only: the narrowed
 * store refuses every write to this kind; only revealPersonalData inserts.
 */
export const PersonalDataAccessSchema = z
  .object({
    id: z.string().min(1),
    /** The principal who saw the values. */
    actor: z.string().min(1),
    purpose: z.string().min(1),
    recordKind: z.string().min(1),
    recordId: z.string().min(1),
    /** The personal fields revealed, by dotted name. */
    fields: z.array(z.string().min(1)).min(1),
  })
  .strict();
/** One access-log entry: who revealed which personal fields of which record, and why. */
export type PersonalDataAccess = z.infer<typeof PersonalDataAccessSchema>;

/** Spread into `createStore`'s kinds to keep the access log: `{ ...CLAIMING_KINDS, ...ACCESS_LOG_KINDS }`. */
export const ACCESS_LOG_KINDS = { [PERSONAL_DATA_ACCESS_KIND]: PersonalDataAccessSchema } as const;
