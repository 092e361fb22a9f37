import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkMemberGrade,
  halfYearOf,
  isReportOnTime,
  MEMBER_GRADES,
  membersPastPassMark,
  NEED_CATEGORIES,
  pointRules,
  pointsBalance,
  pointsForService,
  redeemFromBalance,
  reportDeadline,
  reportPolicy,
  serviceHoursByMember,
  serviceScore,
  unitQuarterlyReports,
  unitServiceRates,
  unitsBelowRate,
} from '../../../src/index.js';
import { expectCivicGridError } from '../../support/expect-error.js';

const rules = pointRules('default');
const halfHours = fc.integer({ min: 1, max: 48 }).map((halves) => halves / 2);
const category = fc.constantFrom(...NEED_CATEGORIES);
const tags = fc.array(fc.constantFrom('teamService', 'bravery', 'unknown', '__proto__', 'toString'), { maxLength: 3 });
const record = fc.record({ hours: halfHours, category, tags });

describe('point rules (RESEARCH §5 as a rule table)', () => {
  it('points equal the table applied to the hours: hours × per hour + category and tag bonuses', () => {
    const table = fc.record({
      pointsPerHour: fc.integer({ min: 0, max: 10 }),
      categoryBonus: fc.dictionary(category, fc.integer({ min: 0, max: 20 })),
      tagBonus: fc.dictionary(fc.constantFrom('teamService', 'bravery'), fc.integer({ min: 0, max: 20 })),
      passMark: fc.constant({ hours: 50, score: 60 }),
    });
    fc.assert(
      fc.property(table, fc.array(record, { maxLength: 30 }), (given, records) => {
        const checked = pointRules(given);
        const expected = records.map((each) => each.hours * given.pointsPerHour + (given.categoryBonus[each.category] ?? 0) + each.tags.reduce((sum, tag) => sum + (tag === 'teamService' || tag === 'bravery' ? (given.tagBonus[tag] ?? 0) : 0), 0));
        expect(records.map((each) => pointsForService(each, checked))).toEqual(expected);
        // Half hours and whole points: the earned total is exact, whatever the order of summing.
        const earned = pointsBalance(records, [], checked).earned;
        expect(earned).toBe(expected.reduce((sum, points) => sum + points, 0));
        expect(earned).toBe([...expected].reverse().reduce((sum, points) => sum + points, 0));
      }),
    );
  });

  it('scores 50 hours as the pass mark of 60 (Xingtai Qiaoxi), pro rata and without cap', () => {
    const xingtai = pointRules('xingtaiQiaoxi');
    expect(serviceScore(50, xingtai)).toBe(60);
    expect(serviceScore(25, xingtai)).toBe(30);
    expect(serviceScore(100, xingtai)).toBe(120);
    expect(pointsForService({ hours: 2, category: 'medical', tags: ['bravery', 'teamService'] }, pointRules('jiaxingNanhu'))).toBe(15);
    expect(pointsForService({ hours: 2, category: 'medical', tags: ['bravery'] }, pointRules('cangnan'))).toBe(2);
  });

  it('refuses a bad table or an unknown preset, naming the field', () => {
    expect(expectCivicGridError(() => pointRules({ ...rules, pointsPerHour: -1 }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['pointsPerHour']);
    expect(expectCivicGridError(() => pointRules({ ...rules, passMark: { hours: 0, score: 60 } }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['passMark', 'hours']);
    expect(expectCivicGridError(() => pointRules({ ...rules, tagBonus: { bravery: 1.5 } }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['tagBonus', 'bravery']);
    expectCivicGridError(() => pointRules('toString' as never), 'VALIDATION_FAILED');
    expectCivicGridError(() => pointRules('nowhere' as never), 'VALIDATION_FAILED');
  });
});

describe('points ledger', () => {
  it('never goes negative: a redemption beyond the balance is refused with CONFLICT and changes nothing', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 20 }), fc.array(fc.integer({ min: -3, max: 40 }), { maxLength: 30 }), (records, attempts) => {
        let balance = pointsBalance(records, [], rules);
        for (const points of attempts) {
          const before = balance;
          try {
            balance = redeemFromBalance(balance, points);
            expect(points).toBeGreaterThanOrEqual(1);
            expect(points).toBeLessThanOrEqual(before.balance);
          } catch (error) {
            expect(balance).toBe(before);
            expect((error as { code: string }).code).toBe(points < 1 ? 'VALIDATION_FAILED' : 'CONFLICT');
          }
          expect(balance.balance).toBeGreaterThanOrEqual(0);
          expect(balance.balance).toBe(balance.earned - balance.redeemed);
        }
      }),
    );
  });

  it('names the balance when refusing, and refuses non-whole points', () => {
    const balance = pointsBalance([{ hours: 2.5, category: 'legal', tags: [] }], [{ points: 1 }], rules);
    expect(balance).toEqual({ earned: 2.5, redeemed: 1, balance: 1.5 });
    const error = expectCivicGridError(() => redeemFromBalance(balance, 2), 'CONFLICT');
    expect(error.issues[0]).toEqual({ path: ['points'], message: 'exceeds the balance of 1.5 (earned 2.5, redeemed 1)' });
    for (const bad of [0, 0.5, Number.NaN, Number.POSITIVE_INFINITY, '1' as never]) expect(expectCivicGridError(() => redeemFromBalance(balance, bad), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['points']);
  });
});

describe('half-yearly reports in the city calendar', () => {
  it('is on time until the deadline day ends locally, west of UTC too', () => {
    const losAngeles = reportPolicy({ timeZone: 'America/Los_Angeles' });
    // 23:30 on 30 June in Los Angeles is already 1 July in UTC: still on time, and still H1.
    const lateEvening = new Date('2019-06-30T23:30:00-07:00');
    expect(halfYearOf(lateEvening, 'America/Los_Angeles')).toBe('2019-H1');
    expect(halfYearOf(lateEvening, 'UTC')).toBe('2019-H2');
    expect(isReportOnTime('2019-H1', lateEvening, losAngeles)).toBe(true);
    expect(reportDeadline('2019-H1', losAngeles).toISOString()).toBe('2019-07-01T07:00:00.000Z');
    expect(isReportOnTime('2019-H1', new Date('2019-07-01T00:00:00-07:00'), losAngeles)).toBe(false);
    // Shanghai: the same instant is 1 July there, a day late.
    expect(isReportOnTime('2019-H1', lateEvening, reportPolicy())).toBe(false);
    expect(reportDeadline('2019-H2', reportPolicy()).toISOString()).toBe('2019-12-31T16:00:00.000Z');
  });

  it('takes a configurable deadline and refuses impossible ones', () => {
    const foshan = reportPolicy({ deadlines: { H1: { month: 5, day: 31 }, H2: { month: 11, day: 30 } } });
    expect(reportDeadline('2020-H1', foshan).toISOString()).toBe('2020-05-31T16:00:00.000Z');
    expect(expectCivicGridError(() => reportPolicy({ deadlines: { H1: { month: 6, day: 31 }, H2: { month: 12, day: 31 } } }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['deadlines', 'H1', 'day']);
    expect(expectCivicGridError(() => reportPolicy({ timeZone: 'Mars/Olympus' }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['timeZone']);
  });
});

describe('appraisal checks', () => {
  it('caps an unregistered member below "qualified"', () => {
    for (const grade of MEMBER_GRADES) expect(checkMemberGrade({ memberId: 'm1', registered: true, grade })).toBe(grade);
    expect(checkMemberGrade({ memberId: 'm1', registered: false, grade: 'basicallyQualified' })).toBe('basicallyQualified');
    for (const grade of ['excellent', 'qualified'] as const) {
      expect(expectCivicGridError(() => checkMemberGrade({ memberId: 'm/1%_', registered: false, grade }), 'VALIDATION_FAILED').issues[0]?.message).toMatch(/m\/1%_.*at best basicallyQualified/);
    }
    expect(expectCivicGridError(() => checkMemberGrade({ memberId: '', registered: 'no' as never, grade: 'best' as never }), 'VALIDATION_FAILED').issues.map((issue) => issue.path[0])).toEqual(['memberId', 'registered', 'grade']);
  });

  const memberArb = fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), unitId: fc.constantFrom('u', 'u/', 'u%', 'u_1', 'u\u0000'), registered: fc.boolean() });
  it('a unit rate rolls up from summed parts (however the members are split), and 95% decides eligibility', () => {
    fc.assert(
      fc.property(fc.uniqueArray(memberArb, { selector: (member) => member.id, maxLength: 60 }), fc.integer({ min: 1, max: 5 }), (given, parts) => {
        const members = given.map(({ registered, ...member }) => ({ ...member, ...(registered ? { registeredAt: '2019-01-01T00:00:00.000Z' } : {}) }));
        const served = new Set(given.filter((_, index) => index % 3 !== 0).map((member) => member.id));
        const whole = unitServiceRates(members, served);
        const chunks = Array.from({ length: parts }, (_, part) => unitServiceRates(members.filter((_, index) => index % parts === part), served));
        for (const rate of whole) {
          const pieces = chunks.flat().filter((piece) => piece.unitId === rate.unitId);
          const sum = (field: 'members' | 'registered' | 'served') => pieces.reduce((total, piece) => total + piece[field], 0);
          expect([sum('members'), sum('registered'), sum('served')]).toEqual([rate.members, rate.registered, rate.served]);
          expect(rate.registrationRate).toBe(sum('registered') / sum('members'));
          expect(rate.eligible).toBe(rate.registered / rate.members >= 0.95 && rate.served / rate.members >= 0.95);
        }
        expect(unitsBelowRate(whole).every((rate) => !rate.eligible)).toBe(true);
      }),
    );
  });

  it('puts 19 of 20 at the line (95% keeps the eligibility) and 18 of 20 below it', () => {
    const roll = (registered: number) => Array.from({ length: 20 }, (_, index) => ({ id: `m${index}`, unitId: 'u1', ...(index < registered ? { registeredAt: '2019-01-01T00:00:00.000Z' } : {}) }));
    const all = new Set(Array.from({ length: 20 }, (_, index) => `m${index}`));
    expect(unitServiceRates(roll(19), all)[0]?.eligible).toBe(true);
    expect(unitServiceRates(roll(18), all)[0]?.eligible).toBe(false);
    expect(unitServiceRates(roll(20), new Set([...all].slice(1)))[0]?.eligible).toBe(true);
    expect(unitServiceRates(roll(20), all, { minRate: 1 })[0]?.eligible).toBe(true);
    expect(expectCivicGridError(() => unitServiceRates([], all, { minRate: 1.5 }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['minRate']);
  });

  it('counts members past 50 hours from per-member sums in the local year', () => {
    const records = [
      { memberId: 'a', heldAt: '2019-06-01T02:00:00.000Z', hours: 24 },
      { memberId: 'a', heldAt: '2019-07-01T02:00:00.000Z', hours: 24 },
      { memberId: 'a', heldAt: '2019-08-01T02:00:00.000Z', hours: 2 },
      { memberId: 'b', heldAt: '2019-08-01T02:00:00.000Z', hours: 24 },
      { memberId: 'b', heldAt: '2019-09-01T02:00:00.000Z', hours: 24 },
      { memberId: 'b', heldAt: '2019-10-01T02:00:00.000Z', hours: 1.5 },
      // 31 December 19:00 in New York is 1 January in UTC: this 0.5 still belongs to 2019 there.
      { memberId: 'b', heldAt: '2020-01-01T00:00:00.000Z', hours: 0.5 },
    ];
    expect(membersPastPassMark(serviceHoursByMember(records, 2019, 'Asia/Shanghai'), rules)).toEqual(['a']);
    expect(membersPastPassMark(serviceHoursByMember(records, 2019, 'America/New_York'), rules)).toEqual(['a', 'b']);
  });
});

describe('quarterly report per unit (反馈到单位)', () => {
  const members = [
    { id: 'm2', unitId: 'u1', registeredAt: '2019-01-01T00:00:00.000Z' },
    { id: 'm1', unitId: 'u1' },
    { id: 'm3', unitId: 'u0', registeredAt: '2019-01-01T00:00:00.000Z' },
  ];
  const records = [
    { memberId: 'm2', heldAt: '2019-03-31T20:00:00.000Z', hours: 2, category: 'legal' as const, tags: ['teamService'] },
    { memberId: 'm2', heldAt: '2019-05-01T02:00:00.000Z', hours: 1.5, category: 'legal' as const, tags: [] },
    { memberId: 'm3', heldAt: '2019-06-30T02:00:00.000Z', hours: 3, category: 'legal' as const, tags: [] },
    { memberId: 'ghost', heldAt: '2019-05-01T02:00:00.000Z', hours: 3, category: 'legal' as const, tags: [] },
  ];

  it('reports each unit its members, served or not, in the city quarter (31 March 20:00 UTC is 1 April in Shanghai)', () => {
    const [u0, u1] = unitQuarterlyReports(members, records, rules, { year: 2019, quarter: 2, timeZone: 'Asia/Shanghai' });
    expect(u0?.totals).toEqual({ members: 1, registered: 1, served: 1, hours: 3, points: 3 });
    expect(u1?.unitId).toBe('u1');
    expect(u1?.members).toEqual([
      { memberId: 'm1', registered: false, activities: 0, hours: 0, points: 0 },
      { memberId: 'm2', registered: true, activities: 2, hours: 3.5, points: 6.5 },
    ]);
    const [, westU1] = unitQuarterlyReports(members, records, rules, { year: 2019, quarter: 1, timeZone: 'America/Los_Angeles' });
    expect(westU1?.totals.hours).toBe(2);
  });

  it('refuses a bad quarter or zone', () => {
    const error = expectCivicGridError(() => unitQuarterlyReports(members, records, rules, { year: 2019, quarter: 5, timeZone: 'Nowhere' }), 'VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.path[0])).toEqual(['quarter', 'timeZone']);
  });
});
