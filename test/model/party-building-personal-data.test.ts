import { describe, expect, it } from 'vitest';
import { COMMITTEE_KINDS, CONTACT_POINT_KINDS, MEETING_KINDS, ORGANISATION_KINDS, personalFieldsOf } from '../../src/index.js';

const declared = (schema: Parameters<typeof personalFieldsOf>[0]) => personalFieldsOf(schema).map(({ field, kind }) => [field, kind]);

describe('party-building kinds declare their personal data', () => {
  it('liaisons, leaders, committee members and organisation contacts are names and phones; nothing else is', () => {
    expect(declared(MEETING_KINDS.jointMeeting)).toEqual([
      ['members.liaison.name', 'name'],
      ['members.liaison.phone', 'phone'],
    ]);
    expect(declared(MEETING_KINDS.meetingTask)).toEqual([]);
    expect(declared(MEETING_KINDS.meetingResolution)).toEqual([]);
    expect(declared(CONTACT_POINT_KINDS.leader)).toEqual([['name', 'name']]);
    expect(declared(CONTACT_POINT_KINDS.contactPoint)).toEqual([]);
    expect(declared(COMMITTEE_KINDS.committeeMember)).toEqual([['name', 'name']]);
    expect(declared(ORGANISATION_KINDS.socialOrganisation)).toEqual([
      ['contact.name', 'name'],
      ['contact.phone', 'phone'],
    ]);
  });
});
