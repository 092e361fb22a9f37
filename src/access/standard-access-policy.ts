import type { AccessPolicy } from './access-policy.js';

/** The roles of the standard policy (glossary identifiers). */
export const STANDARD_ROLES = ['gridWorker', 'communitySecretary', 'streetOfficer', 'districtOfficer', 'unitLiaison', 'resident', 'auditor'] as const;
/** One of the roles of the standard access policy. */
export type StandardRole = (typeof STANDARD_ROLES)[number];

const DISPATCH_KINDS = ['need', 'resource', 'claim', 'project', 'unit'];

/**
 * A starting policy; each role acts only in the subtree it is granted at.
 * Nobody but the resident sees personal data plain on an ordinary read
 * (minimum necessary, PIPL art. 6): staff who need it use revealPersonalData,
 * which logs every look.
 * - gridWorker: collects and follows up needs in the grid; reads the rest.
 * - communitySecretary: manages needs, resources, claims, projects and units; reads the audit log.
 * - streetOfficer / districtOfficer: read everything, and the audit log; the street also coordinates claims and projects.
 * - unitLiaison: the resources, claims and projects of the principal's own unit (`unitId`), and the unit itself.
 * - resident: their own needs (requester.id is the principal id), plain.
 * - auditor: reads everything and the audit log, masked.
 */
export const standardAccessPolicy: AccessPolicy = {
  rules: [
    { role: 'gridWorker', actions: ['read', 'create', 'update', 'reveal'], kinds: ['need'] },
    { role: 'gridWorker', actions: ['read'], kinds: ['resource', 'claim', 'project', 'unit'] },
    { role: 'communitySecretary', actions: ['read', 'create', 'update', 'remove'], kinds: DISPATCH_KINDS },
    { role: 'communitySecretary', actions: ['reveal'], kinds: ['need'] },
    { role: 'communitySecretary', actions: ['readAudit'], kinds: DISPATCH_KINDS },
    { role: 'streetOfficer', actions: ['read', 'readAudit'], kinds: '*' },
    { role: 'streetOfficer', actions: ['create', 'update'], kinds: ['claim', 'project'] },
    { role: 'districtOfficer', actions: ['read', 'readAudit'], kinds: '*' },
    { role: 'unitLiaison', actions: ['read', 'create', 'update'], kinds: ['resource', 'claim', 'project'], when: { ownUnit: 'unitId' } },
    { role: 'unitLiaison', actions: ['read'], kinds: ['unit'], when: { ownUnit: 'id' } },
    { role: 'resident', actions: ['read', 'create', 'update'], kinds: ['need'], when: { own: 'requester.id' }, plain: '*' },
    { role: 'auditor', actions: ['read', 'readAudit'], kinds: '*' },
  ],
};
