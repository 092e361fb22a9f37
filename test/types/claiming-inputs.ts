// Type tests, compiled by TypeScript 5 and 7 (test/types/compilers.test.ts).
import type { ClaimNeedInput, ClaimResourceInput, CreateProjectInput, Project, ProjectOutcomes } from '../../src/index.js';

const at = new Date();

// The operations' inputs are exported by name, so callers can build them ahead.
export const needClaim: ClaimNeedInput = { needId: 'n', unitId: 'u', resourceId: 'r', actor: 'a', at };
export const resourceClaim: ClaimResourceInput = { needId: 'n', resourceId: 'r', communityId: 'c', actor: 'a', at };
export const project: CreateProjectInput = { projectId: 'p', title: 't', claimIds: ['k'], communityId: 'c', startDate: at, beneficiaries: 3, outcomes: { residentsIntoJobs: 2 }, actor: 'a', at };
// @ts-expect-error `at` is a Date
export const stringAt: ClaimNeedInput = { needId: 'n', unitId: 'u', actor: 'a', at: '2020-01-01' };
// @ts-expect-error no such field
export const extra: ClaimResourceInput = { needId: 'n', resourceId: 'r', communityId: 'c', actor: 'a', at, unitId: 'u' };

// Outcome keys are the known ones: a misspelt key is a compile error.
export const jobs: ProjectOutcomes = { residentsIntoJobs: 5 };
export const none: ProjectOutcomes = {};
// @ts-expect-error the standard pack sums residentsIntoJobs
export const misspelt: ProjectOutcomes = { residentsEmployed: 5 };
// @ts-expect-error outcomes are counts
export const text: Project['outcomes'] = { residentsIntoJobs: 'five' };
