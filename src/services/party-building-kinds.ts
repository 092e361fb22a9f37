import { COMMITTEE_KINDS, COMMITTEE_STORE_TRANSITIONS } from './committee/committee-store.js';
import { CONTACT_POINT_KINDS } from './contact-points/contact-point-store.js';
import { MEETING_KINDS, MEETING_STORE_TRANSITIONS } from './meetings/meeting-store.js';
import { ORGANISATION_KINDS, ORGANISATION_STORE_TRANSITIONS } from './organisations/organisation-store.js';

/** Every party-building kind at once (meetings, contact points, committees, organisations), as the standard KPI pack reads them. */
export const PARTY_BUILDING_KINDS = { ...MEETING_KINDS, ...CONTACT_POINT_KINDS, ...COMMITTEE_KINDS, ...ORGANISATION_KINDS } as const;
/** The store kinds for party building. */
export type PartyBuildingKinds = typeof PARTY_BUILDING_KINDS;
/** Their status tables, for `createStore(adapter, { kinds: PARTY_BUILDING_KINDS, transitions: PARTY_BUILDING_STORE_TRANSITIONS })`. */
export const PARTY_BUILDING_STORE_TRANSITIONS = { ...MEETING_STORE_TRANSITIONS, ...COMMITTEE_STORE_TRANSITIONS, ...ORGANISATION_STORE_TRANSITIONS } as const;
