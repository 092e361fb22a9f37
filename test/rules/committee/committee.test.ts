import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  APPOINTMENT_STATUSES,
  APPOINTMENT_TRANSITIONS,
  type AppointmentStatus,
  type CommitteeMember,
  assertTransition,
  canTransition,
  checkCommittee,
} from '../../../src/index.js';
import { expectCivicGridError } from '../../support/expect-error.js';

const member = (id: string, committeeId: string, tenure: CommitteeMember['tenure'], status: AppointmentStatus = 'appointed'): CommitteeMember =>
  tenure === 'part-time' ? { id, name: id, committeeId, tenure, homeUnitId: 'u1', status } : { id, name: id, committeeId, tenure, status };

describe('appointment transitions', () => {
  it('cover every status and walk 推荐 → 筛选 → 批复 → 聘用 → 公示 one step at a time', () => {
    expect(Object.keys(APPOINTMENT_TRANSITIONS).sort()).toEqual([...APPOINTMENT_STATUSES].sort());
    const path = ['recommended', 'screened', 'approved', 'appointed', 'announced'] as const;
    for (let k = 1; k < path.length; k++) expect(canTransition(APPOINTMENT_TRANSITIONS, path[k - 1] as AppointmentStatus, path[k] as AppointmentStatus)).toBe(true);
    expect(canTransition(APPOINTMENT_TRANSITIONS, 'recommended', 'appointed')).toBe(false);
    const error = expectCivicGridError(() => assertTransition(APPOINTMENT_TRANSITIONS, 'committee member', 'm1', 'approved', 'rejected'), 'INVALID_TRANSITION');
    expect(error.message).toBe('committee member "m1" cannot go from approved to rejected: from approved only appointed');
    expectCivicGridError(() => assertTransition(APPOINTMENT_TRANSITIONS, 'committee member', 'm1', 'announced', 'appointed'), 'INVALID_TRANSITION');
  });
});

describe('checkCommittee', () => {
  it('reports each committee that breaks size or part-time share, counting seated members only', () => {
    const members = [
      // pc1: 5 seated, 1 part-time (20%): fine, despite a part-time candidate and a rejected one.
      ...['a', 'b', 'c', 'd'].map((id) => member(`pc1-${id}`, 'pc1', 'full-time', 'announced')),
      member('pc1-e', 'pc1', 'part-time'),
      member('pc1-f', 'pc1', 'part-time', 'approved'),
      member('pc1-g', 'pc1', 'full-time', 'rejected'),
      // pc2: 4 seated, none part-time.
      ...['a', 'b', 'c', 'd'].map((id) => member(`pc2-${id}`, 'pc2', 'full-time')),
      member('pc2-e', 'pc2', 'part-time', 'screened'),
      // pc3: 10 seated, 1 part-time.
      ...Array.from({ length: 9 }, (_, k) => member(`pc3-${k}`, 'pc3', 'full-time')),
      member('pc3-9', 'pc3', 'part-time'),
    ];
    expect(checkCommittee(members, { committeeIds: ['pc4', 'pc1'] })).toEqual([
      { committeeId: 'pc4', seated: 0, partTime: 0, reasons: [{ code: 'too-few-members', message: '0 seated members, fewer than 5' }] },
      {
        committeeId: 'pc2',
        seated: 4,
        partTime: 0,
        reasons: [
          { code: 'too-few-members', message: '4 seated members, fewer than 5' },
          { code: 'too-few-part-time', message: '0 of 4 seated members part-time, under 20%' },
        ],
      },
      {
        committeeId: 'pc3',
        seated: 10,
        partTime: 1,
        reasons: [
          { code: 'too-many-members', message: '10 seated members, more than 9' },
          { code: 'too-few-part-time', message: '1 of 10 seated members part-time, under 20%' },
        ],
      },
    ]);
  });

  it('rejects bad input with paths: duplicate ids, a part-time member without a unit, bad rules', () => {
    const twice = expectCivicGridError(() => checkCommittee([member('m', 'pc1', 'full-time'), member('m', 'pc1', 'full-time')]), 'VALIDATION_FAILED');
    expect(twice.issues).toEqual([{ path: ['members', 1, 'id'], message: 'duplicate committee member id "m"' }]);
    const shape = expectCivicGridError(
      () => checkCommittee([{ id: 'm', name: 'm', committeeId: 'pc1', tenure: 'part-time', status: 'hired' } as never], { rules: { minMembers: 9, maxMembers: 5, minPartTimePercent: 101 } }),
      'VALIDATION_FAILED',
    );
    expect(shape.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining([['members', 0, 'status'], ['options', 'rules', 'minPartTimePercent']]),
    );
    const unit = expectCivicGridError(() => checkCommittee([{ id: 'm', name: 'm', committeeId: 'pc1', tenure: 'part-time', status: 'appointed' }]), 'VALIDATION_FAILED');
    expect(unit.issues.map((issue) => issue.path)).toEqual([['members', 0, 'homeUnitId']]);
    expectCivicGridError(() => checkCommittee(null as never), 'VALIDATION_FAILED');
  });

  it('agrees with a brute-force count', () => {
    const committeeId = fc.constantFrom('pc', 'pc/', 'pc%', 'pc_', 'p');
    fc.assert(
      fc.property(
        fc.array(fc.record({ committeeId, tenure: fc.constantFrom('full-time' as const, 'part-time' as const), status: fc.constantFrom(...APPOINTMENT_STATUSES) }), { maxLength: 30 }),
        fc.record({ minMembers: fc.integer({ min: 0, max: 6 }), extra: fc.integer({ min: 1, max: 6 }), minPartTimePercent: fc.integer({ min: 0, max: 100 }) }),
        (drafts, { minMembers, extra, minPartTimePercent }) => {
          const rules = { minMembers, maxMembers: minMembers + extra, minPartTimePercent };
          const members = drafts.map((draft, k) => member(`m${k}`, draft.committeeId, draft.tenure, draft.status));
          const breaches = checkCommittee(members, { rules });
          const expected = [...new Set(members.map((each) => each.committeeId))].flatMap((id) => {
            const seated = members.filter((each) => each.committeeId === id && (each.status === 'appointed' || each.status === 'announced'));
            const partTime = seated.filter((each) => each.tenure === 'part-time').length;
            const codes = [
              ...(seated.length < rules.minMembers ? ['too-few-members'] : []),
              ...(seated.length > rules.maxMembers ? ['too-many-members'] : []),
              ...(seated.length > 0 && partTime / seated.length < minPartTimePercent / 100 ? ['too-few-part-time'] : []),
            ];
            return codes.length === 0 ? [] : [{ committeeId: id, seated: seated.length, partTime, codes }];
          });
          expect(breaches.map(({ reasons, ...rest }) => ({ ...rest, codes: reasons.map((reason) => reason.code) }))).toEqual(expected);
        },
      ),
    );
  });
});
