import { describe, expect, it } from 'vitest';
import { createKpiPack, parseWithSchema, ProjectSchema, standardKpiEntityRegistry, standardKpiPack } from '../../src/index.js';
import { expectCivicGridError } from '../support/expect-error.js';

const at = '2020-06-01T00:00:00.000Z';
const project = (outcomes: unknown) => ({ id: 'p1', title: 'clinic', category: 'medical', unitId: 'u1', communityId: 'c1', signedAt: at, startDate: at, status: 'signed', beneficiaries: 40, outcomes, claimIds: ['k1'] });

describe('project outcomes', () => {
  it('accepts the known outcome, or none', () => {
    expect(parseWithSchema(ProjectSchema, project({ residentsIntoJobs: 12 }), 'project').outcomes).toEqual({ residentsIntoJobs: 12 });
    expect(parseWithSchema(ProjectSchema, project({}), 'project').outcomes).toEqual({});
  });

  it('rejects a misspelt key (residentsEmployed) instead of letting the KPIs read 0', () => {
    const error = expectCivicGridError(() => parseWithSchema(ProjectSchema, project({ residentsEmployed: 12 }), 'project'), 'VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.path)).toEqual([['outcomes']]);
    expect(error.issues[0]?.message).toMatch(/residentsEmployed/);
  });

  it('rejects counts that are negative or fractional, with the path of the count', () => {
    for (const bad of [-1, 1.5, '3']) {
      const error = expectCivicGridError(() => parseWithSchema(ProjectSchema, project({ residentsIntoJobs: bad }), 'project'), 'VALIDATION_FAILED');
      expect(error.issues.map((issue) => issue.path)).toEqual([['outcomes', 'residentsIntoJobs']]);
    }
  });

  it('has a key for every outcome the standard pack sums, and a KPI on an unknown outcome fails validation', () => {
    const summed = standardKpiPack()
      .definitions.flatMap((definition) => ('field' in definition && definition.field !== undefined ? [definition.field] : []))
      .filter((field) => field.startsWith('outcomes.'));
    expect(summed.length).toBeGreaterThan(0);
    const keys = Object.keys(ProjectSchema.shape.outcomes.shape).map((key) => `outcomes.${key}`);
    expect(keys).toEqual(expect.arrayContaining(summed));
    const misspelt = { id: 'p.jobs', label: { zh: '就业', en: 'jobs' }, description: { zh: '就业', en: 'jobs' }, kind: 'sum', field: 'outcomes.residentsEmployed', entity: 'project', dateField: 'signedAt', formula: { zh: '和', en: 'sum' }, source: 'test', tag: 'L' };
    const error = expectCivicGridError(() => createKpiPack({ name: 'p', version: '1.0.0', definitions: [misspelt] }, standardKpiEntityRegistry()), 'VALIDATION_FAILED');
    expect(error.issues[0]?.message).toMatch(/unknown field "outcomes.residentsEmployed"/);
  });
});
