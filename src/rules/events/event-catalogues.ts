import type { WorkingAmount } from '../../model/grid-event.js';
import type { EventCatalogue, EventSubclass, HandlingLimit } from './event-policy.js';

type SubclassExtras = Partial<Pick<EventSubclass, 'verified' | 'source' | 'duplicateRadiusMetres'>>;

/** A subclass with one limit, or with named steps; unverified unless a source is cited. */
function subclass(code: string, zh: string, en: string, limit: WorkingAmount | HandlingLimit[], extras: SubclassExtras = {}): EventSubclass {
  const handlingLimits = Array.isArray(limit) ? limit : [{ amount: limit }];
  return { code, name: { zh, en }, handlingLimits, verified: false, ...extras };
}

/**
 * Tongchuan's social-governance events: the three kinds the city's account names (矛盾纠纷,
 * 社会治安, 便民服务; 铜川党建, 2020-07-13). The account gives no subclasses, codes or limits:
 * those here are this library's proposal, hence `verified: false` throughout.
 */
export const TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE: EventCatalogue = {
  id: 'tongchuan-social-governance',
  name: { zh: '铜川市网格事件（社会治理）', en: 'Tongchuan grid events (social governance)' },
  classes: [
    {
      code: '01',
      name: { zh: '矛盾纠纷', en: 'disputes' },
      verified: false,
      subclasses: [
        subclass('01', '邻里纠纷', 'neighbour dispute', { days: 1 }),
        subclass('02', '婚姻家庭纠纷', 'family dispute', { days: 3 }),
        subclass('03', '物业纠纷', 'property-management dispute', { days: 5 }),
        subclass('04', '劳资纠纷', 'wage dispute', { days: 5 }),
      ],
    },
    {
      code: '02',
      name: { zh: '社会治安', en: 'public security' },
      verified: false,
      subclasses: [
        subclass('01', '治安隐患', 'public-security hazard', { hours: 4 }),
        subclass('02', '消防安全隐患', 'fire hazard', [
          { name: { zh: '排除险情', en: 'make safe' }, amount: { hours: 2 } },
          { name: { zh: '整改', en: 'remedy' }, amount: { days: 3 } },
        ]),
        subclass('03', '可疑情况', 'suspicious activity', { hours: 1 }),
      ],
    },
    {
      code: '03',
      name: { zh: '便民服务', en: 'convenience services' },
      verified: false,
      subclasses: [
        subclass('01', '服务代办', 'errand on a resident’s behalf', { days: 3 }),
        subclass('02', '困难帮扶', 'aid to a household in hardship', { days: 5 }),
        subclass('03', '设施报修', 'facility repair', { days: 2 }),
      ],
    },
  ],
};

const JIYUAN = 'Jiyuan time limits (济源), a local manual; code numbering unverified';
const STAGED_CITY = 'an unnamed city’s manual (renrendoc 191493937); codes 01/01 per local manuals';

/**
 * Digital urban management (数字化城管) events after the classes of GB/T 30428.2: 市容环境,
 * 宣传广告, 施工管理, 街面秩序, 突发事件. Local manuals code 01 市容环境 / 01 私搭乱建; the national
 * code values are unverified, and limits without a cited city are this library's proposal.
 */
export const URBAN_MANAGEMENT_CATALOGUE: EventCatalogue = {
  id: 'urban-management-gbt30428',
  name: { zh: '数字化城管事件（GB/T 30428.2 事件大类）', en: 'Digital urban-management events (GB/T 30428.2 classes)' },
  classes: [
    {
      code: '01',
      name: { zh: '市容环境', en: 'city appearance and environment' },
      verified: true,
      subclasses: [
        subclass(
          '01',
          '私搭乱建',
          'illegal construction',
          [
            { name: { zh: '责令停工', en: 'stop work' }, amount: { hours: 4 } },
            { name: { zh: '处罚', en: 'penalty' }, amount: { days: 7 } },
            { name: { zh: '拆除', en: 'demolish' }, amount: { days: 20 } },
          ],
          { verified: true, source: STAGED_CITY },
        ),
        subclass('02', '暴露垃圾', 'exposed rubbish', { days: 1 }, { source: JIYUAN }),
        subclass('03', '积存垃圾渣土', 'accumulated rubbish and spoil', { days: 4 }, { source: JIYUAN }),
        subclass('04', '道路不洁', 'unclean road', { hours: 5 }, { source: JIYUAN }),
        subclass('05', '水域不洁', 'unclean water surface', { days: 15 }, { source: JIYUAN }),
        subclass('06', '绿地脏乱', 'untidy green space', { days: 5 }, { source: STAGED_CITY }),
      ],
    },
    {
      code: '02',
      name: { zh: '宣传广告', en: 'advertising' },
      verified: false,
      subclasses: [
        subclass('01', '非法小广告', 'illegal small advertisements', { days: 1 }),
        subclass('02', '街头散发广告', 'leafleting in the street', { hours: 4 }),
        subclass('03', '违规户外广告', 'non-compliant outdoor advertising', { days: 5 }),
      ],
    },
    {
      code: '03',
      name: { zh: '施工管理', en: 'construction management' },
      verified: false,
      subclasses: [
        subclass('01', '施工扰民', 'construction disturbing residents', { hours: 4 }),
        subclass('02', '施工占道', 'construction occupying the road', { days: 1 }),
        subclass('03', '工地扬尘', 'construction-site dust', { days: 1 }),
        subclass('04', '施工废弃料', 'construction waste', { days: 2 }),
      ],
    },
    {
      code: '04',
      name: { zh: '街面秩序', en: 'street order' },
      verified: false,
      subclasses: [
        subclass('01', '无照经营', 'unlicensed trading', { days: 3 }),
        subclass('02', '流浪乞讨', 'vagrancy and begging', { hours: 4 }),
        subclass('03', '占道经营', 'trading on the road', { hours: 4 }),
        subclass('04', '黑车拉客', 'unlicensed taxis touting', { days: 1 }),
      ],
    },
    {
      code: '05',
      name: { zh: '突发事件', en: 'emergencies' },
      verified: false,
      subclasses: [
        subclass('01', '管道破裂', 'burst pipe', { hours: 2 }),
        subclass('02', '路面塌陷', 'road collapse', { hours: 2 }),
        subclass('03', '道路积水', 'standing water on the road', { hours: 4 }, { source: STAGED_CITY }),
      ],
    },
  ],
};
