import { z } from 'zod';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { WishCategorySchema } from '../../model/wish.js';
import { assign } from '../matching/assign.js';

const ScopeSchema = z.array(z.string().min(1)).min(1);

/**
 * The member side of matching, kept minimal so any member model fits: who, the categories they offered
 * when registering (服务类别), where their service post is (its root-first hierarchy path), and how many
 * wishes they take on.
 */
export const WishMatchMemberSchema = z.object({ id: z.string().min(1), categories: z.array(WishCategorySchema), scope: ScopeSchema, capacity: z.number().int().min(0) }).strict();
/** A member who can be matched to wishes. */
export type WishMatchMember = z.infer<typeof WishMatchMemberSchema>;

/** A published wish to match: its id, category and location path (its store scope). */
export const WishToMatchSchema = z.object({ id: z.string().min(1), category: WishCategorySchema, scope: ScopeSchema }).strict();
/** A wish to be matched. */
export type WishToMatch = z.infer<typeof WishToMatchSchema>;

const MatchWishesInputSchema = z.object({ wishes: z.array(WishToMatchSchema), members: z.array(WishMatchMemberSchema) }).strict();
/** The input for matching wishes. */
export type MatchWishesInput = z.input<typeof MatchWishesInputSchema>;

/** postCoversWish: the wish lies under the member's post; nearbyPost: under the post's parent (a neighbouring grid, say). */
export type WishMatchRelation = 'postCoversWish' | 'nearbyPost';

/** A wish matched to a member. */
export interface WishMatchPair {
  wishId: string;
  memberId: string;
  score: number;
  /** Why this pair: the category offered, and the node the post and the wish share. */
  reason: { category: string; relation: WishMatchRelation; sharedNodeId: string; text: { zh: string; en: string } };
}

/** The result of matching wishes. */
export interface WishMatchResult {
  /** Sorted by wish id. */
  pairs: WishMatchPair[];
  /** Wishes left without a member, each with why. */
  unmatched: { wishId: string; reason: 'noMemberOffersCategory' | 'noPostNearby' | 'membersAtCapacity' }[];
}

/** How many leading ids two root-first paths share. */
function sharedDepth(a: readonly string[], b: readonly string[]): number {
  let depth = 0;
  while (depth < a.length && depth < b.length && a[depth] === b[depth]) depth++;
  return depth;
}

/**
 * Pairs published wishes with members who offered the wish's category and whose post is at or next to
 * the wish (the wish under the post's node, or under its parent), each member taking at most `capacity`
 * wishes: an optimal `assign` (most wishes matched, then the closest posts). A closer post scores higher:
 * 2 per level shared, +1 when the post covers the wish. Every pair says why; every wish left over says why.
 */
export function matchWishes(input: MatchWishesInput): WishMatchResult {
  const { wishes, members } = parseWithSchema(MatchWishesInputSchema, input, 'matchWishes');
  const edges: { need: string; resource: string; score: number }[] = [];
  const reasons = new Map<string, Map<string, WishMatchPair['reason']>>();
  const unmatched: WishMatchResult['unmatched'] = [];
  const byWish = new Map<string, WishMatchResult['unmatched'][number]['reason']>();
  for (const wish of wishes) {
    const offering = members.filter((member) => member.categories.includes(wish.category));
    let near = 0;
    for (const member of offering) {
      const shared = sharedDepth(member.scope, wish.scope);
      const covers = shared === member.scope.length;
      if (shared === 0 || shared < member.scope.length - 1) continue;
      near++;
      const sharedNodeId = member.scope[shared - 1] as string;
      edges.push({ need: wish.id, resource: member.id, score: shared * 2 + (covers ? 1 : 0) });
      const ofWish = reasons.get(wish.id) ?? new Map<string, WishMatchPair['reason']>();
      reasons.set(wish.id, ofWish);
      ofWish.set(member.id, {
        category: wish.category,
        relation: covers ? 'postCoversWish' : 'nearbyPost',
        sharedNodeId,
        text: covers
          ? { zh: `提供"${wish.category}"服务，服务岗位覆盖心愿所在地（${sharedNodeId}）`, en: `offers "${wish.category}"; their post at ${sharedNodeId} covers the wish` }
          : { zh: `提供"${wish.category}"服务，服务岗位在邻近网格（同属${sharedNodeId}）`, en: `offers "${wish.category}"; their post is next door, under ${sharedNodeId}` },
      });
    }
    byWish.set(wish.id, offering.length === 0 ? 'noMemberOffersCategory' : near === 0 ? 'noPostNearby' : 'membersAtCapacity');
  }
  const result = assign({ needs: wishes, resources: members.map((member) => ({ id: member.id, capacity: member.capacity })), edges });
  const pairs = result.pairs.map((pair) => ({ wishId: pair.need, memberId: pair.resource, score: pair.score, reason: reasons.get(pair.need)?.get(pair.resource) as WishMatchPair['reason'] }));
  const matched = new Set(pairs.map((pair) => pair.wishId));
  for (const wish of wishes) if (!matched.has(wish.id)) unmatched.push({ wishId: wish.id, reason: byWish.get(wish.id) as WishMatchResult['unmatched'][number]['reason'] });
  return { pairs, unmatched };
}
