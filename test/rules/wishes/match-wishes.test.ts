import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchWishes, type WishMatchMember, type WishToMatch } from '../../../src/index.js';
import { expectCivicGridError } from '../../support/expect-error.js';

const wish = (id: string, category: string, ...scope: string[]): WishToMatch => ({ id, category, scope });

describe('matchWishes', () => {
  it('gives one member several wishes up to capacity, prefers the post that covers the wish, and explains each pair', () => {
    const members: WishMatchMember[] = [
      { id: 'm/1', categories: ['studySupplies', 'elderlyCare'], scope: ['tc', 'c1', 'g1'], capacity: 2 },
      { id: 'm%2', categories: ['elderlyCare'], scope: ['tc', 'c1', 'g2'], capacity: 1 },
    ];
    const result = matchWishes({
      wishes: [wish('w1', 'studySupplies', 'tc', 'c1', 'g1', 'b1'), wish('w2', 'elderlyCare', 'tc', 'c1', 'g2'), wish('w3', 'elderlyCare', 'tc', 'c1', 'g1'), wish('w4', 'homeRepair', 'tc', 'c1', 'g1'), wish('w5', 'elderlyCare', 'tc', 'c9', 'g9')],
      members,
    });
    expect(result.pairs.map((pair) => [pair.wishId, pair.memberId, pair.reason.relation, pair.reason.sharedNodeId])).toEqual([
      ['w1', 'm/1', 'postCoversWish', 'g1'],
      ['w2', 'm%2', 'postCoversWish', 'g2'],
      ['w3', 'm/1', 'postCoversWish', 'g1'],
    ]);
    expect(result.pairs[0]?.reason.text.en).toBe('offers "studySupplies"; their post at g1 covers the wish');
    expect(result.unmatched).toEqual([
      { wishId: 'w4', reason: 'noMemberOffersCategory' },
      { wishId: 'w5', reason: 'noPostNearby' },
    ]);
  });

  it('uses a neighbouring grid’s member when no post covers the wish, and says so; a full member leaves a wish unmatched', () => {
    const members: WishMatchMember[] = [{ id: 'm', categories: ['elderlyCare'], scope: ['tc', 'c1', 'g1'], capacity: 1 }];
    const result = matchWishes({ wishes: [wish('a', 'elderlyCare', 'tc', 'c1', 'g2'), wish('b', 'elderlyCare', 'tc', 'c1', 'g1')], members });
    expect(result.pairs.map((pair) => [pair.wishId, pair.reason.relation])).toEqual([['b', 'postCoversWish']]);
    expect(result.unmatched).toEqual([{ wishId: 'a', reason: 'membersAtCapacity' }]);
    const nearby = matchWishes({ wishes: [wish('a', 'elderlyCare', 'tc', 'c1', 'g2')], members });
    expect(nearby.pairs[0]?.reason).toMatchObject({ relation: 'nearbyPost', sharedNodeId: 'c1' });
  });

  it('refuses bad input with the path', () => {
    expect(expectCivicGridError(() => matchWishes({ wishes: [], members: [{ id: 'm', categories: [], scope: [], capacity: 1 }] }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['members', 0, 'scope']);
    expect(expectCivicGridError(() => matchWishes({ wishes: [], members: [{ id: 'm', categories: [], scope: ['a'], capacity: -1 }] }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['members', 0, 'capacity']);
  });

  it('never exceeds a capacity, pairs only offered categories with nearby posts, and matches each wish at most once (property)', () => {
    const scope = fc.array(fc.constantFrom('a', 'b', 'a/', 'a%'), { minLength: 1, maxLength: 3 });
    const category = fc.constantFrom('x', 'y', 'z');
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ id: fc.string({ minLength: 1, maxLength: 3 }), category, scope }), { selector: (w) => w.id, maxLength: 12 }),
        fc.uniqueArray(fc.record({ id: fc.string({ minLength: 1, maxLength: 3 }), categories: fc.array(category, { maxLength: 3 }), scope, capacity: fc.integer({ min: 0, max: 3 }) }), { selector: (m) => m.id, maxLength: 6 }),
        (wishes, members) => {
          const result = matchWishes({ wishes, members });
          expect(new Set(result.pairs.map((pair) => pair.wishId)).size).toBe(result.pairs.length);
          expect(result.pairs.length + result.unmatched.length).toBe(wishes.length);
          for (const member of members) expect(result.pairs.filter((pair) => pair.memberId === member.id).length).toBeLessThanOrEqual(member.capacity);
          for (const pair of result.pairs) {
            const w = wishes.find((each) => each.id === pair.wishId)!;
            const m = members.find((each) => each.id === pair.memberId)!;
            expect(m.categories).toContain(w.category);
            expect(w.scope).toContain(pair.reason.sharedNodeId);
            expect(m.scope.slice(0, -1).every((id, k) => w.scope[k] === id)).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
