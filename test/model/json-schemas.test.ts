import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { generateSeason } from '../../src/cli/demo/season.js';
import {
  chinaWorkCalendar,
  createEventPolicy,
  createHierarchy,
  ENTITY_SCHEMAS,
  entityJsonSchema,
  generateCity,
  generateEvents,
  generateMembers,
  generatePartyBuildingSeason,
  generateWishes,
  WISH_POLICY_PRESETS,
  standardKpiEntityRegistry,
  standardKpiPack,
  TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE,
  type EntityName,
} from '../../src/index.js';
import { root } from '../support/typescript-compilers.js';

const city = generateCity({ seed: 2020 });
const hierarchy = createHierarchy(city.nodes);
const season = generateSeason({ seed: 2020, city, hierarchy });
const events = generateEvents({ seed: 2020, city, policy: createEventPolicy({ catalogue: TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE }), calendar: chinaWorkCalendar(), year: 2025, count: 200 }).events;
const partyBuilding = generatePartyBuildingSeason({ seed: 2020, city }).records;
const members = generateMembers({ seed: 2020, city });
const wishes = generateWishes({ seed: 2020, city, policy: WISH_POLICY_PRESETS.tongchuan, year: 2019 }).wishes;
const values = <T>(records: readonly { value: T }[]): T[] => records.map((record) => record.value);
const sample = <T>(values: readonly T[], count = 50): T[] => values.filter((_, index) => index % Math.max(1, Math.floor(values.length / count)) === 0);

/** Records of every entity: from the generators where they make them, else written out. */
const SAMPLES: Record<EntityName, readonly unknown[]> = {
  'hierarchy-node': sample(city.nodes),
  unit: sample(city.units),
  need: [...sample(season.history.needs.map((need) => need.value)), ...sample(season.openNeeds)],
  claim: sample(season.history.claims.map((claim) => claim.value)),
  resource: sample(season.resources),
  project: sample(season.projects.map((project) => project.value)),
  'grid-event': sample(events),
  'kpi-definition': standardKpiPack(standardKpiEntityRegistry()).definitions,
  department: [{ id: 'dept-civil', name: '民政局', sector: 'civil-affairs', nodeId: 'city' }],
  'party-organisation': [
    { id: 'po-c1', level: 'communityPartyOrg', name: '社区党委', nodeId: 'c1', parentId: null },
    { id: 'po-g1', level: 'gridBranch', name: '网格党支部', nodeId: 'g1', parentId: 'po-c1' },
  ],
  'contact-point': sample(values(partyBuilding.contactPoint)),
  'committee-member': sample(values(partyBuilding.committeeMember)),
  'joint-meeting': sample(values(partyBuilding.jointMeeting)),
  'meeting-task': sample(values(partyBuilding.meetingTask)),
  'meeting-resolution': sample(values(partyBuilding.meetingResolution)),
  leader: sample(values(partyBuilding.leader)),
  'contact-visit': sample(values(partyBuilding.contactVisit)),
  'social-organisation': sample(values(partyBuilding.socialOrganisation)),
  wish: sample(wishes),
  member: sample(values(members.members)),
  registration: sample(values(members.registrations)),
  'service-post': sample(values(members.posts)),
  'post-claim': sample(values(members.postClaims)),
  activity: sample(values(members.activities)),
  'service-record': sample(values(members.serviceRecords)),
  'point-redemption': [{ id: 'r1', memberId: 'm1', points: 5, item: '洗衣液', redeemedAt: '2019-03-16T09:00:00+08:00' }],
  'personal-data-access': [{ id: 'a1', actor: 'grid-worker-7', purpose: 'visit', recordKind: 'gridEvent', recordId: 'e1', fields: ['reporter.phone'] }],
};

/** Records each schema must refuse, zod and JSON Schema alike. */
/** A generated event that has a deadline, with its due instant replaced. */
function withDeadlineDueAt(dueAt: string): unknown {
  const event = events.find((candidate) => candidate.deadline !== undefined && candidate.deadline !== null);
  if (event?.deadline == null) throw new Error('the generated events have no deadline');
  return { ...event, deadline: { ...event.deadline, dueAt } };
}

const REFUSED: Partial<Record<EntityName, readonly unknown[]>> = {
  need: [{ ...season.openNeeds[0], status: 'lost' }, { ...season.openNeeds[0], extra: 1 }, { ...season.openNeeds[0], quantity: 'one' }],
  'hierarchy-node': [{ ...city.nodes[0], level: 'planet' }, { id: 'x', level: 'grid', parentId: 'c' }],
  'grid-event': [{ ...events[0], status: 'forgotten' }, withDeadlineDueAt('2025-02-30T08:00:00Z')],
  department: [{ id: 'd', name: '', sector: 's', nodeId: 'n' }],
};

// Ajv's default strict mode, as a user gets it: an unknown keyword or format would fail to compile.
const ajv = ajvFormats.default(new Ajv2020({ allErrors: true }));
const DIST = join(root, 'dist', 'schemas');

describe('the JSON Schema of every entity', () => {
  for (const name of Object.keys(ENTITY_SCHEMAS) as EntityName[]) {
    it(`${name}: accepts what zod accepts, the generators' records among them, and refuses the bad ones`, () => {
      const schema = entityJsonSchema(name);
      expect(schema.$id).toBe(`civic-grid/schemas/${name}.json`);
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      const validate = ajv.compile(schema);
      const samples = SAMPLES[name];
      expect(samples.length).toBeGreaterThan(0);
      for (const record of samples) {
        // A JSON round trip: what another language receives.
        const json: unknown = JSON.parse(JSON.stringify(record));
        expect(ENTITY_SCHEMAS[name].safeParse(json).success).toBe(true);
        expect(validate(json) ? [] : validate.errors).toEqual([]);
      }
      for (const record of REFUSED[name] ?? []) {
        expect(ENTITY_SCHEMAS[name].safeParse(record).success).toBe(false);
        expect(validate(record)).toBe(false);
      }
    });
  }

  it.runIf(existsSync(DIST))('is what the build published in dist/schemas', () => {
    for (const name of Object.keys(ENTITY_SCHEMAS) as EntityName[]) {
      expect(JSON.parse(readFileSync(join(DIST, `${name}.json`), 'utf8'))).toEqual(entityJsonSchema(name));
    }
  });
});

