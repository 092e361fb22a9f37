import type { AccessPolicy } from './access-policy.js';

/** The roles of the standard policy (glossary identifiers). */
export const STANDARD_ROLES = ['gridWorker', 'communitySecretary', 'streetOfficer', 'districtOfficer', 'unitLiaison', 'resident', 'auditor'] as const;
/** One of the roles of the standard access policy. */
export type StandardRole = (typeof STANDARD_ROLES)[number];

const DISPATCH_KINDS = ['need', 'resource', 'claim', 'project', 'unit'];
/** Micro-wishes and the one-open-wish-per-household lock written with them. */
const WISH_KINDS = ['wish', 'wishHousehold'];
/** In-service members (在职党员进社区报到): people, registrations, posts, activities, hours, points. */
const MEMBER_KINDS = ['member', 'registration', 'servicePost', 'postClaim', 'activity', 'serviceRecord', 'pointRedemption'];
/** What the community's party organisation keeps: its meetings and tasks, committee, organisations. */
const COMMUNITY_PARTY_KINDS = ['jointMeeting', 'meetingResolution', 'meetingTask', 'committeeMember', 'socialOrganisation'];
/** Leaders' contact points (党建联系点), assigned above the community. */
const CONTACT_POINT_KINDS = ['leader', 'contactPoint', 'contactVisit'];

/**
 * A starting policy; each role acts only in the subtree it is granted at.
 * Nobody but the resident sees personal data plain on an ordinary read
 * (minimum necessary, PIPL art. 6): staff who need it use revealPersonalData,
 * which logs every look.
 * - gridWorker: collects and follows up needs and micro-wishes in the grid; reads the rest of dispatch, and service posts, activities and organisations.
 * - communitySecretary: manages needs, resources, claims, projects, units, wishes, members' registration and service, and the community's meetings, committee and organisations; reads the audit log.
 * - streetOfficer / districtOfficer: read everything, and the audit log; the street also coordinates claims, projects, meetings, committee appointments and organisations; the district also meetings and leaders' contact points.
 * - unitLiaison: the resources, claims and projects of the principal's own unit (`unitId`), and the unit itself; its members' registrations and service (反馈到单位); the meeting tasks it owns.
 * The wish's resident has no principal id, so the resident role has no wish grant: residents' wishes go through staff.
 * - resident: their own needs (requester.id is the principal id), plain.
 * - auditor: reads everything and the audit log, masked.
 */
export const standardAccessPolicy: AccessPolicy = {
  rules: [
    { role: 'gridWorker', actions: ['read', 'create', 'update', 'reveal'], kinds: ['need'] },
    { role: 'gridWorker', actions: ['read'], kinds: ['resource', 'claim', 'project', 'unit'] },
    { role: 'gridWorker', actions: ['read', 'create', 'update', 'reveal'], kinds: ['wish'] },
    { role: 'gridWorker', actions: ['read', 'create', 'update'], kinds: ['wishHousehold'] },
    { role: 'gridWorker', actions: ['read'], kinds: ['servicePost', 'activity', 'socialOrganisation'] },
    { role: 'communitySecretary', actions: ['read', 'create', 'update', 'remove'], kinds: DISPATCH_KINDS },
    { role: 'communitySecretary', actions: ['reveal'], kinds: ['need'] },
    { role: 'communitySecretary', actions: ['readAudit'], kinds: DISPATCH_KINDS },
    { role: 'communitySecretary', actions: ['read', 'create', 'update', 'remove', 'readAudit'], kinds: [...WISH_KINDS, ...MEMBER_KINDS, ...COMMUNITY_PARTY_KINDS] },
    { role: 'communitySecretary', actions: ['reveal'], kinds: ['wish', 'member'] },
    { role: 'communitySecretary', actions: ['read'], kinds: CONTACT_POINT_KINDS },
    { role: 'streetOfficer', actions: ['read', 'readAudit'], kinds: '*' },
    { role: 'streetOfficer', actions: ['create', 'update'], kinds: ['claim', 'project', ...COMMUNITY_PARTY_KINDS] },
    { role: 'districtOfficer', actions: ['read', 'readAudit'], kinds: '*' },
    { role: 'districtOfficer', actions: ['create', 'update'], kinds: ['jointMeeting', 'meetingResolution', 'meetingTask', ...CONTACT_POINT_KINDS] },
    { role: 'unitLiaison', actions: ['read', 'create', 'update'], kinds: ['resource', 'claim', 'project'], when: { ownUnit: 'unitId' } },
    { role: 'unitLiaison', actions: ['read'], kinds: ['unit'], when: { ownUnit: 'id' } },
    { role: 'unitLiaison', actions: ['read'], kinds: ['member', 'registration', 'postClaim', 'serviceRecord'], when: { ownUnit: 'unitId' } },
    { role: 'unitLiaison', actions: ['read', 'update'], kinds: ['meetingTask'], when: { ownUnit: 'ownerUnitId' } },
    { role: 'resident', actions: ['read', 'create', 'update'], kinds: ['need'], when: { own: 'requester.id' }, plain: '*' },
    { role: 'auditor', actions: ['read', 'readAudit'], kinds: '*' },
  ],
};
