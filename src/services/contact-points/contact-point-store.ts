import type { Store } from '../../adapters/store.js';
import { ContactPointSchema, LeaderSchema } from '../../model/contact-point.js';
import { ContactVisitRecordSchema } from '../../model/contact-visit-record.js';

/** The kinds the contact-point operations read and write; spread them into your store's kinds. */
export const CONTACT_POINT_KINDS = { leader: LeaderSchema, contactPoint: ContactPointSchema, contactVisit: ContactVisitRecordSchema } as const;
/** The store kinds for contact points. */
export type ContactPointKinds = typeof CONTACT_POINT_KINDS;
/** A store for contact points. */
export type ContactPointStore = Store<ContactPointKinds>;
