import type { Store } from '../../adapters/store.js';
import { SocialOrganisationSchema } from '../../model/social-organisation.js';
import { INCUBATION_TRANSITIONS } from '../../rules/organisations/incubation-transitions.js';

/** The kind the community-organisation operations read and write; spread it into your store's kinds. */
export const ORGANISATION_KINDS = { socialOrganisation: SocialOrganisationSchema } as const;
/** The store kinds for social organisations. */
export type OrganisationKinds = typeof ORGANISATION_KINDS;
/** `createStore(adapter, { kinds: ORGANISATION_KINDS, transitions: ORGANISATION_STORE_TRANSITIONS })` refuses a stage skipped. */
export const ORGANISATION_STORE_TRANSITIONS = { socialOrganisation: { field: 'stage', table: INCUBATION_TRANSITIONS } } as const;
/** A store for social organisations. */
export type OrganisationStore = Store<OrganisationKinds>;
