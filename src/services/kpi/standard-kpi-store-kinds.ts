import { CLAIMING_KINDS } from '../claiming/claiming.js';
import { EVENT_KINDS } from '../events/event-store.js';
import { MEMBER_KINDS } from '../members/member-store.js';
import { PARTY_BUILDING_KINDS } from '../party-building-kinds.js';
import { WISH_KINDS } from '../wishes/wish-store.js';

/**
 * Every kind `standardKpiPack()` reads, to spread into a store's kinds: a store
 * without one of them makes `computeKpis` fail with "unknown kind" (drop those
 * figures with `extendKpiPack(pack, { remove })` instead, if the app does not keep them).
 */
export const STANDARD_KPI_STORE_KINDS = { ...CLAIMING_KINDS, ...WISH_KINDS, ...MEMBER_KINDS, ...PARTY_BUILDING_KINDS, ...EVENT_KINDS } as const;
