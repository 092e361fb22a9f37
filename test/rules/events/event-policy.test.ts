import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EVENT_POLICY,
  TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE,
  URBAN_MANAGEMENT_CATALOGUE,
  createEventPolicy,
  reportEvent,
  transitionEvent,
  type EventCatalogue,
  type EventPolicy,
} from '../../../src/index.js';
import { expectCivicGridError } from '../../support/expect-error.js';
import { beijing, calendar, openPolicy, report } from './event-fixtures.js';

function paths(action: () => unknown): unknown[] {
  return expectCivicGridError(action, 'VALIDATION_FAILED').issues.map((issue) => issue.path);
}

describe('event policy', () => {
  it('ships two catalogues that pass validation, with defaults after DIGIT, FixMyStreet and Fuzhou', () => {
    for (const catalogue of [TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE, URBAN_MANAGEMENT_CATALOGUE]) {
      const policy = createEventPolicy({ catalogue });
      expect(policy.reopenWindowMs).toBe(72 * 3_600_000);
      expect(policy.duplicates.radiusMetres).toBe(250);
      expect(policy.stageLimits.registered).toEqual({ hours: 1 });
    }
    expect(TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE.classes.map((c) => c.name.zh)).toEqual(['矛盾纠纷', '社会治安', '便民服务']);
    expect(URBAN_MANAGEMENT_CATALOGUE.classes.map((c) => c.name.zh)).toEqual(['市容环境', '宣传广告', '施工管理', '街面秩序', '突发事件']);
  });

  it('marks unverified codes: only 01 市容环境 / 01 私搭乱建 is confirmed by a cited local manual', () => {
    const verified = URBAN_MANAGEMENT_CATALOGUE.classes.flatMap((c) => c.subclasses.filter((s) => s.verified).map((s) => `${c.code}/${s.code} ${s.name.zh}`));
    expect(verified).toEqual(['01/01 私搭乱建']);
    expect(TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE.classes.flatMap((c) => c.subclasses).every((s) => !s.verified)).toBe(true);
  });

  it('illegal construction carries three staged limits and unclean road 5 working hours (Jiyuan)', () => {
    const cityAppearance = URBAN_MANAGEMENT_CATALOGUE.classes[0]!;
    expect(cityAppearance.subclasses[0]!.handlingLimits.map((limit) => limit.amount)).toEqual([{ hours: 4 }, { days: 7 }, { days: 20 }]);
    expect(cityAppearance.subclasses.find((s) => s.name.zh === '道路不洁')?.handlingLimits).toEqual([{ amount: { hours: 5 } }]);
  });

  it('refuses negative or zero limits, a bad flag order, an unknown command role and duplicate codes, each at its path', () => {
    const catalogue: EventCatalogue = structuredClone(TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE);
    catalogue.classes[0]!.subclasses[0]!.handlingLimits = [{ amount: { hours: -1 } }];
    catalogue.classes[1]!.code = '01';
    expect(
      paths(() =>
        createEventPolicy({
          catalogue,
          stageLimits: { registered: { days: 0 } },
          escalation: [{ to: 'community', limit: { hours: -2 } }],
          flags: { amber: 0.9, red: 0.8 },
          commandRoles: { launch: ['admin'] } as never,
          reopenWindowMs: -1,
        }),
      ),
    ).toEqual(
      expect.arrayContaining([
        ['catalogue', 'classes', 0, 'subclasses', 0, 'handlingLimits', 0, 'amount', 'hours'],
        ['catalogue', 'classes', 1, 'code'],
        ['stageLimits', 'registered', 'days'],
        ['escalation', 0, 'limit', 'hours'],
        ['flags', 'amber'],
        ['commandRoles', 'launch'],
        ['reopenWindowMs'],
      ]),
    );
  });

  it('validates a hand-built policy on first use', () => {
    const handBuilt = { ...DEFAULT_EVENT_POLICY, catalogue: TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE, reopenWindowMs: -5 } as EventPolicy;
    const at = beijing('2026-03-02T09:00');
    const event = report('e1', at, openPolicy());
    expect(paths(() => transitionEvent(event, { type: 'register', actor: { id: 's', role: 'supervisor' } }, { at, calendar, policy: handBuilt }))).toEqual([
      ['reopenWindowMs'],
    ]);
  });

  it('reportEvent refuses an unknown category and a malformed report with their paths', () => {
    const at = beijing('2026-03-02T09:00');
    const policy = openPolicy();
    const base = { id: 'e1', description: 'x', location: { nodeId: 'g' }, source: 'patrol' } as const;
    expect(paths(() => reportEvent({ ...base, category: { classCode: '01', subclassCode: '99' } }, { at, calendar, policy }))).toEqual([['report', 'category']]);
    expect(paths(() => reportEvent({ ...base, category: { classCode: '1', subclassCode: '01' } }, { at, calendar, policy }))).toEqual([
      ['report', 'category', 'classCode'],
    ]);
    expect(paths(() => reportEvent({ ...base, source: 'pigeon' as 'patrol', category: { classCode: '01', subclassCode: '01' } }, { at, calendar, policy }))).toEqual([
      ['report', 'source'],
    ]);
  });
});
