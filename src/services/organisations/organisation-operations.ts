import { z } from 'zod';
import type { StoredRecord } from '../../adapters/port.js';
import { CivicGridError } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { IncubationStageSchema, OrganisationActivitySchema, OrganisationTierSchema, type SocialOrganisation, SocialOrganisationSchema } from '../../model/social-organisation.js';
import { assertTransition } from '../../rules/claiming/transitions.js';
import { INCUBATION_TRANSITIONS } from '../../rules/organisations/incubation-transitions.js';
import { assertScopeEndsAt, changeRecord, OperationActorSchema } from '../change-record.js';
import type { OrganisationStore } from './organisation-store.js';

const RegisterOrganisationSchema = z
  .object({
    organisation: SocialOrganisationSchema,
    /** The path to its community, root first (`hierarchy.pathOf(organisation.communityId)`). */
    scope: z.array(z.string().min(1)).min(1),
    actor: OperationActorSchema,
  })
  .strict();
/** The input for registering a social organisation. */
export type RegisterOrganisationInput = z.input<typeof RegisterOrganisationSchema>;

/** Stores a community social organisation at its community; CONFLICT when the id is taken. */
export async function registerOrganisation(store: OrganisationStore, input: RegisterOrganisationInput): Promise<StoredRecord<SocialOrganisation>> {
  const { organisation, scope, actor } = parseWithSchema(RegisterOrganisationSchema, input, 'registerOrganisation');
  assertScopeEndsAt('registerOrganisation', scope, organisation.communityId, ['organisation', 'communityId']);
  return store.as(actor).insert('socialOrganisation', organisation, { scope });
}

const MoveStageSchema = z.object({ organisationId: z.string().min(1), to: IncubationStageSchema, actor: OperationActorSchema }).strict();
/** The input for moving an organisation to another incubation stage. */
export type MoveOrganisationStageInput = z.input<typeof MoveStageSchema>;

/** Moves an organisation one incubation stage along INCUBATION_TRANSITIONS; INVALID_TRANSITION for a skipped stage. */
export async function moveOrganisationStage(store: OrganisationStore, input: MoveOrganisationStageInput): Promise<StoredRecord<SocialOrganisation>> {
  const { organisationId, to, actor } = parseWithSchema(MoveStageSchema, input, 'moveOrganisationStage');
  return changeRecord(store, actor, 'socialOrganisation', organisationId, ({ data }) => {
    assertTransition(INCUBATION_TRANSITIONS, 'social organisation', organisationId, data.stage, to);
    return { stage: to };
  });
}

const ChangeTierSchema = z.object({ organisationId: z.string().min(1), tier: OrganisationTierSchema, actor: OperationActorSchema }).strict();

/** A group that grows registers with civil affairs, or files with the street: the tier it is managed at. */
export async function changeOrganisationTier(store: OrganisationStore, input: z.input<typeof ChangeTierSchema>): Promise<StoredRecord<SocialOrganisation>> {
  const { organisationId, tier, actor } = parseWithSchema(ChangeTierSchema, input, 'changeOrganisationTier');
  return changeRecord(store, actor, 'socialOrganisation', organisationId, () => ({ tier }));
}

const RecordActivitySchema = z.object({ organisationId: z.string().min(1), activity: OrganisationActivitySchema, actor: OperationActorSchema }).strict();
/** The input for recording an organisation activity. */
export type RecordOrganisationActivityInput = z.input<typeof RecordActivitySchema>;

/** Adds an activity (training or service for residents); INVALID_TRANSITION for an organisation that has exited. */
export async function recordOrganisationActivity(store: OrganisationStore, input: RecordOrganisationActivityInput): Promise<StoredRecord<SocialOrganisation>> {
  const { organisationId, activity, actor } = parseWithSchema(RecordActivitySchema, input, 'recordOrganisationActivity');
  return changeRecord(store, actor, 'socialOrganisation', organisationId, ({ data }) => {
    if (data.stage === 'exited') throw new CivicGridError('INVALID_TRANSITION', `Social organisation "${organisationId}" has exited`, { issues: [{ path: ['organisationId'], message: 'has exited: no more activities' }] });
    return { activities: [...data.activities, activity] };
  });
}
