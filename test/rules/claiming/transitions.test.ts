import { describe, expect, it } from 'vitest';
import { CivicGridError } from '../../../src/errors/civic-grid-error.js';
import { parseWithSchema } from '../../../src/errors/parse-with-schema.js';
import { CLAIM_STATUSES, ClaimSchema } from '../../../src/model/claim.js';
import { NEED_STATUSES, NeedSchema } from '../../../src/model/need.js';
import { PROJECT_STATUSES, ProjectSchema } from '../../../src/model/project.js';
import { ResourceSchema } from '../../../src/model/resource.js';
import { CLAIM_TRANSITIONS, NEED_TRANSITIONS, PROJECT_TRANSITIONS, assertTransition, canTransition } from '../../../src/rules/claiming/transitions.js';

describe('transition tables', () => {
  it('cover exactly the statuses the models list, and only point at them', () => {
    const cases = [
      [NEED_TRANSITIONS, NEED_STATUSES],
      [CLAIM_TRANSITIONS, CLAIM_STATUSES],
      [PROJECT_TRANSITIONS, PROJECT_STATUSES],
    ] as const;
    for (const [table, statuses] of cases) {
      expect(Object.keys(table).sort()).toEqual([...statuses].sort());
      for (const targets of Object.values(table) as string[][]) for (const to of targets) expect(statuses as readonly string[]).toContain(to);
    }
  });

  it('walks a need through its happy path and closes the closing states', () => {
    const path = ['submitted', 'verified', 'published', 'claimed', 'in-progress', 'fulfilled', 'confirmed'] as const;
    for (let k = 1; k < path.length; k++) expect(canTransition(NEED_TRANSITIONS, path[k - 1] as (typeof path)[number], path[k] as (typeof path)[number])).toBe(true);
    for (const closed of ['confirmed', 'rejected', 'withdrawn', 'expired'] as const) expect(NEED_TRANSITIONS[closed]).toEqual([]);
  });

  it('throws INVALID_TRANSITION naming the record and the allowed moves', () => {
    const error = (() => {
      try {
        assertTransition(CLAIM_TRANSITIONS, 'claim', 'c-1', 'fulfilled', 'accepted');
      } catch (thrown) {
        return thrown as CivicGridError;
      }
      throw new Error('expected a throw');
    })();
    expect(error.code).toBe('INVALID_TRANSITION');
    expect(error.message).toBe('claim "c-1" cannot go from fulfilled to accepted: fulfilled is final');
    expect(error.issues).toEqual([{ path: ['status'], message: 'fulfilled → accepted is not allowed (fulfilled is final)' }]);
    expect(() => assertTransition(NEED_TRANSITIONS, 'need', 'n-1', 'submitted', 'claimed')).toThrow(/only verified, rejected, withdrawn/);
  });
});

describe('models', () => {
  const at = '2020-05-01T08:00:00+08:00';
  it('accept a valid need, resource, claim and project', () => {
    expect(() => parseWithSchema(NeedSchema, { id: 'n1', category: 'elderlyCare', description: 'weekly visit', locationId: 'h1', quantity: 1, urgency: 3, requester: { kind: 'household', id: 'h1' }, createdAt: at, status: 'published' }, 'need')).not.toThrow();
    expect(() =>
      parseWithSchema(ResourceSchema, { id: 'r1', unitId: 'u1', kind: 'service', title: 'free clinic', categories: ['medical'], capacity: 5, serviceArea: ['c1'], availability: { start: at, end: '2020-06-01T00:00:00+08:00' }, validity: { from: at, to: '2020-12-31T00:00:00+08:00' } }, 'resource'),
    ).not.toThrow();
    expect(() => parseWithSchema(ClaimSchema, { id: 'k1', needId: 'n1', resourceId: 'r1', unitId: 'u1', direction: 'unitClaimsNeed', claimedBy: 'u1', via: 'manual', status: 'proposed', createdAt: at }, 'claim')).not.toThrow();
    expect(() => parseWithSchema(ProjectSchema, { id: 'p1', title: 'clinic', category: 'medical', unitId: 'u1', communityId: 'c1', signedAt: at, startDate: at, status: 'signed', beneficiaries: 40, outcomes: { residentsIntoJobs: 3 }, claimIds: ['k1'] }, 'project')).not.toThrow();
  });

  it('list every bad field of a need', () => {
    try {
      parseWithSchema(NeedSchema, { id: '', category: 'parking', description: 'x', locationId: 'h1', quantity: 0, urgency: 9, window: { start: at, end: at }, requester: { kind: 'resident', id: 'p' }, createdAt: 'yesterday', status: 'done' }, 'need');
      throw new Error('expected a throw');
    } catch (error) {
      expect((error as CivicGridError).code).toBe('VALIDATION_FAILED');
      expect((error as CivicGridError).issues.map((issue) => issue.path.join('.')).sort()).toEqual(['category', 'createdAt', 'id', 'quantity', 'status', 'urgency', 'window.end'].sort());
    }
  });
});
