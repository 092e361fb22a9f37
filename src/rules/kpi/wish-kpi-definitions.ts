import type { KpiDefinition, KpiFilter } from '../../model/kpi-definition.js';
import type { WishStatus } from '../../model/wish.js';

const text = (zh: string, en: string) => ({ zh, en });
const TONGCHUAN = 'Tongchuan municipal Party committee organisation department, 《汇聚发展合力，走活城市基层党建一盘棋》 (2020-07-13)';
/** The source's figure and the definition chosen for it. */
export const WISH_FULFILMENT_RATE_SOURCE = `micro-wish (微心愿) practice, e.g. ${TONGCHUAN}: 650 wishes, 认领兑现率 90.5%; no official definition of the rate found, so fulfilled / published, withdrawn excluded`;

const statuses = (...values: WishStatus[]): KpiFilter => ({ status: { in: values } });
/** Published at some point and not withdrawn since. */
const WISH_PUBLISHED = statuses('published', 'claimed', 'fulfilled', 'feedbackGiven');
const WISH_CLAIMED = statuses('claimed', 'fulfilled', 'feedbackGiven');
/** Delivered: fulfilled, with or without the resident's feedback yet. */
const WISH_FULFILLED = statuses('fulfilled', 'feedbackGiven');

/**
 * The micro-wish (微心愿) figures of the standard pack: the funnel collected → published → claimed →
 * fulfilled, the fulfilment rate with its formula, and the value delivered (an exact sum of yuan with
 * whole fen). Each stage is dated by its own timestamp; the rate by publication, so numerator and
 * denominator are the same wishes.
 */
export const WISH_KPI_DEFINITIONS: readonly KpiDefinition[] = [
  {
    id: 'wishes.collected',
    label: text('征集微心愿', 'micro-wishes collected'),
    description: text('本期征集的微心愿（含驳回、撤回）', 'micro-wishes collected in the period (rejected and withdrawn included)'),
    kind: 'count',
    entity: 'wish',
    dateField: 'collectedAt',
    formula: text('征集日期在本期内的心愿数', 'wishes collected in the period'),
    source: `${TONGCHUAN}: members collect, claim and fulfil micro-wishes (征集、认领、兑现)`,
    tag: 'L',
  },
  {
    id: 'wishes.published',
    label: text('发布微心愿', 'micro-wishes published'),
    description: text('本期公示的微心愿（不含撤回）', 'micro-wishes published in the period (withdrawn excluded)'),
    kind: 'count',
    entity: 'wish',
    filter: WISH_PUBLISHED,
    dateField: 'publishedAt',
    formula: text('公示日期在本期内、未撤回的心愿数', 'wishes published in the period and not withdrawn'),
    source: `${TONGCHUAN}: 650 wishes in 2019`,
    tag: 'L',
  },
  {
    id: 'wishes.claimed',
    label: text('认领微心愿', 'micro-wishes claimed'),
    description: text('本期被认领的微心愿（不含撤回）', 'micro-wishes claimed in the period (withdrawn excluded)'),
    kind: 'count',
    entity: 'wish',
    filter: WISH_CLAIMED,
    dateField: 'claimedAt',
    formula: text('首次认领日期在本期内、未撤回的心愿数', 'wishes first claimed in the period and not withdrawn'),
    source: `${TONGCHUAN}: members claim wishes (认领)`,
    tag: 'L',
  },
  {
    id: 'wishes.fulfilled',
    label: text('兑现微心愿', 'micro-wishes fulfilled'),
    description: text('本期兑现（送达）的微心愿', 'micro-wishes fulfilled (delivered) in the period'),
    kind: 'count',
    entity: 'wish',
    filter: WISH_FULFILLED,
    dateField: 'fulfilledAt',
    formula: text('兑现日期在本期内的心愿数', 'wishes fulfilled in the period'),
    source: `${TONGCHUAN}: members fulfil wishes (兑现)`,
    tag: 'L',
  },
  {
    id: 'wishes.fulfilmentRate',
    label: text('微心愿认领兑现率', 'micro-wish fulfilment rate'),
    description: text('本期公示的微心愿中已兑现的比例', 'share of the wishes published in the period that were fulfilled'),
    kind: 'ratio',
    entity: 'wish',
    dateField: 'publishedAt',
    numerator: { kind: 'count', filter: WISH_FULFILLED },
    denominator: { kind: 'count', filter: WISH_PUBLISHED },
    target: { direction: 'atLeast', value: 0.9, atRisk: 0.05 },
    formula: text('已兑现 / 已公示（不含撤回）', 'fulfilled / published, withdrawn excluded'),
    source: WISH_FULFILMENT_RATE_SOURCE,
    tag: 'L',
  },
  {
    id: 'wishes.valueDelivered',
    label: text('兑现心愿金额（元）', 'value of wishes delivered (yuan)'),
    description: text('本期兑现的微心愿金额之和，精确到分', 'sum of the values of the wishes fulfilled in the period, exact to the fen'),
    kind: 'sum',
    field: 'valueYuan',
    decimals: 2,
    entity: 'wish',
    filter: WISH_FULFILLED,
    dateField: 'fulfilledAt',
    formula: text('兑现心愿金额之和（元）', 'sum of fulfilled wish values (yuan)'),
    source: 'micro-wish (微心愿) practice: values capped at 100 to 500 yuan a wish (e.g. Guangzhou 300 to 500)',
    tag: 'L',
  },
];
