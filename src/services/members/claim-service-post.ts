import { z } from 'zod';
import type { StoredRecord } from '../../adapters/port.js';
import { CivicGridError, isCivicGridError } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import type { PostClaim, ServicePost } from '../../model/service-post.js';
import { MemberOperationContextSchema, type MemberStore } from './member-store.js';

const ClaimServicePostSchema = MemberOperationContextSchema.extend({ postId: z.string().min(1), memberId: z.string().min(1) }).strict();

/** What `claimServicePost` takes. */
export type ClaimServicePostInput = z.input<typeof ClaimServicePostSchema>;

/**
 * A registered member claims a post of their home community (认领服务岗位). The post holds at most
 * `capacity` members: the claim bumps the post's version, so of two members racing for its last
 * place exactly one wins and the other gets CONFLICT (full). CONFLICT too when the member holds
 * the post already; VALIDATION_FAILED when the member has not registered or lives elsewhere.
 */
export async function claimServicePost(store: MemberStore, input: ClaimServicePostInput): Promise<StoredRecord<PostClaim>> {
  const { postId, memberId, actor, at } = parseWithSchema(ClaimServicePostSchema, input, 'claimServicePost');
  try {
    return await store.as(actor).transaction(async (tx) => {
      const post = await tx.getOrThrow('servicePost', postId);
      const member = await tx.getOrThrow('member', memberId);
      const issues = [];
      if (member.data.registeredAt === undefined) issues.push({ path: ['memberId'], message: `member "${memberId}" has not registered with a community` });
      if (member.data.homeCommunityId !== post.data.communityId) issues.push({ path: ['postId'], message: `post "${postId}" is in community "${post.data.communityId}", not the member's "${member.data.homeCommunityId}"` });
      if (issues.length > 0) throw CivicGridError.validation('claimServicePost', issues);
      await refuseIfFull(tx, post);
      const claim: PostClaim = { id: `${postId}~${memberId}`, postId, memberId, communityId: post.data.communityId, unitId: member.data.unitId, claimedAt: at.toISOString() };
      if ((await tx.get('postClaim', claim.id)) !== null) {
        throw new CivicGridError('CONFLICT', `member "${memberId}" holds post "${postId}" already`, { issues: [{ path: ['memberId'], message: 'holds the post already' }] });
      }
      const stored = await tx.insert('postClaim', claim, { scope: post.scope });
      await tx.update('servicePost', postId, {}, { expectedVersion: post.version });
      return stored;
    });
  } catch (error) {
    // The loser of a race for the last place sees the winner's version: report the post as full.
    if (!isCivicGridError(error, 'VERSION_CONFLICT')) throw error;
    await refuseIfFull(store, await store.getOrThrow('servicePost', postId));
    throw error;
  }
}

async function refuseIfFull(store: MemberStore, post: StoredRecord<ServicePost>): Promise<void> {
  const { capacity } = post.data;
  const held = await store.query('postClaim', { scope: post.scope, depth: 0, where: { postId: post.id }, limit: Math.min(10_000, capacity + 1) });
  if (held.records.length < capacity) return;
  throw new CivicGridError('CONFLICT', `post "${post.id}" is full (${capacity} members)`, { issues: [{ path: ['postId'], message: `full: ${held.records.map((claim) => claim.data.memberId).join(', ')}` }] });
}
