import { z } from 'zod';
import type { StoredRecord } from '../../adapters/port.js';
import { CivicGridError, isCivicGridError } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import type { Registration } from '../../model/registration.js';
import { MemberOperationContextSchema, type MemberStore } from './member-store.js';

const RegisterMemberSchema = MemberOperationContextSchema.extend({ memberId: z.string().min(1) }).strict();

/** What `registerMember` takes. */
export type RegisterMemberInput = z.input<typeof RegisterMemberSchema>;

/**
 * A stored member registers with their home community (进社区报到), once: the registration (id = the
 * member's) is stored at the member's scope and the member marked registered, in one transaction under
 * the member's version guard. A second registration, also one racing the first, fails CONFLICT.
 */
export async function registerMember(store: MemberStore, input: RegisterMemberInput): Promise<StoredRecord<Registration>> {
  const { memberId, actor, at } = parseWithSchema(RegisterMemberSchema, input, 'registerMember');
  try {
    return await store.as(actor).transaction(async (tx) => {
      const member = await tx.getOrThrow('member', memberId);
      if (member.data.registeredAt !== undefined) throw alreadyRegistered(memberId, member.data.registeredAt);
      const registration: Registration = { id: memberId, memberId, communityId: member.data.homeCommunityId, unitId: member.data.unitId, registeredAt: at.toISOString(), reports: [] };
      const stored = await tx.insert('registration', registration, { scope: member.scope });
      await tx.update('member', memberId, { registeredAt: registration.registeredAt }, { expectedVersion: member.version });
      return stored;
    });
  } catch (error) {
    // The loser of a race sees the winner's version or row: report it as the registration it lost to.
    if (!isCivicGridError(error, 'VERSION_CONFLICT')) throw error;
    const member = await store.getOrThrow('member', memberId);
    if (member.data.registeredAt !== undefined) throw alreadyRegistered(memberId, member.data.registeredAt);
    throw error;
  }
}

function alreadyRegistered(memberId: string, registeredAt: string): CivicGridError {
  return new CivicGridError('CONFLICT', `member "${memberId}" registered already, at ${registeredAt}`, { issues: [{ path: ['memberId'], message: `registered at ${registeredAt}: register once` }] });
}
