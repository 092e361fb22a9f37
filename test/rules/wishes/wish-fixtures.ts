import { collectWishRecord, DEFAULT_WISH_POLICY, transitionWish, type Wish, type WishCommand, type WishIntake, type WishPolicy } from '../../../src/index.js';

export const T0 = new Date('2019-03-01T01:00:00.000Z');
export const HOUR = 3_600_000;

/** An intake with adversarial ids (slash, percent, underscore) unless told otherwise. */
export function intake(id: string, overrides: Partial<WishIntake> = {}): WishIntake {
  return {
    id,
    resident: { name: '王秀英', phone: '13900000000', address: '七一路1号楼' },
    householdId: `hh/${id}%_`,
    locationId: 'g/1',
    category: 'studySupplies',
    description: '孩子的书包和文具',
    valueYuan: 120.5,
    collectedVia: 'homeVisit',
    ...overrides,
  };
}

export function collected(id: string, overrides: Partial<WishIntake> = {}, policy: WishPolicy = DEFAULT_WISH_POLICY): Wish {
  return collectWishRecord(intake(id, overrides), { at: T0, policy });
}

/** Runs commands one hour apart from T0 (verify sees no other open wish of the household). */
export function run(wish: Wish, ...commands: WishCommand[]): Wish {
  return commands.reduce((current, command, k) => transitionWish(current, command, { at: new Date(T0.getTime() + (k + 1) * HOUR), policy: DEFAULT_WISH_POLICY, openWishesOfHousehold: [] }), wish);
}

export const TO_PUBLISHED: WishCommand[] = [{ type: 'verify' }, { type: 'publish' }];
export const MEMBER_A: WishCommand = { type: 'claim', claimant: { kind: 'member', id: 'm/a' } };
export const MEMBER_B: WishCommand = { type: 'claim', claimant: { kind: 'member', id: 'm/b' } };
