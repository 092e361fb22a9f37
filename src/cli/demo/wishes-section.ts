import stringWidth from 'string-width';
import { generateWishes } from '../../generate/generate-wishes.js';
import type { BilingualText } from '../../model/kpi-definition.js';
import type { KpiFigure } from '../../rules/kpi/report.js';
import { standardKpiEntityRegistry } from '../../rules/kpi/standard-pack.js';
import { WISH_KPI_DEFINITIONS } from '../../rules/kpi/wish-kpi-definitions.js';
import { WISH_POLICY_PRESETS } from '../../rules/wishes/wish-policy.js';
import { computeKpis } from '../../services/kpi/compute-kpis.js';
import type { DemoSection } from '../commands/demo.js';
import { bilingual, formatCount, localName, padDisplay, say } from './bilingual.js';
import { DEMO_AT } from './season.js';

/** The season the source reports: 2019, 650 wishes at 90.5%. */
const SEASON = 2019;
const FUNNEL = ['wishes.collected', 'wishes.published', 'wishes.claimed', 'wishes.fulfilled'] as const;

/**
 * Micro-wishes (微心愿): a generated Tongchuan 2019 season (every wish run through the real lifecycle
 * and the city's rules) stored in the demo store, then its KPIs computed over the store: the funnel,
 * the fulfilment rate with its formula, by district, and the value delivered.
 */
export const wishesSection: DemoSection = async (context) => {
  const { city, hierarchy } = context;
  const handle = context.store;
  if (handle === undefined) throw new Error('the storage section opens the demo store before the wishes');
  const policy = WISH_POLICY_PRESETS.tongchuan;
  const started = performance.now();
  const season = generateWishes({ seed: context.seed, city, policy, year: SEASON });
  const already = (await handle.store.query('wish', { scope: [], limit: 1 })).records.length > 0;
  if (!already) await handle.store.insertMany('wish', season.wishes.map((wish, index) => ({ value: wish, scope: season.scopes[index] as string[] })));
  const result = await computeKpis({ store: handle.store, hierarchy, definitions: WISH_KPI_DEFINITIONS, registry: standardKpiEntityRegistry(), period: { kind: 'year', year: SEASON }, at: DEMO_AT });
  const elapsedMs = performance.now() - started;
  const report = result.report();
  const figure = (id: string): KpiFigure => report.figures.find((each) => each.id === id) as KpiFigure;
  const text = (value: BilingualText): string => (value.zh === value.en ? value.zh : bilingual(context, value.zh, value.en));

  say(context, `== ${bilingual(context, `微心愿（${SEASON}年）`, `Micro-wishes (${SEASON})`)} ==`);
  say(context, `  ${bilingual(context, `来源给出的是${SEASON}年全年的数字（上面的看板统计今年以来），这里生成该年的一季并存入存储后计算`, `the source's figures are for all of ${SEASON} (the dashboard above counts this year so far): a generated ${SEASON} season, stored, then computed`)}`);
  say(context, `  ${bilingual(context, `规则：${policy.id}，每个心愿不超过 ¥${policy.valueCapYuan}，每户一个未完成心愿`, `rules: ${policy.id}, at most ¥${policy.valueCapYuan} a wish, one open wish per household`)}${already ? `; ${bilingual(context, '存储中已有本季心愿，直接复用', 'the season was already stored, reused')}` : ''}`);
  const funnel = FUNNEL.map(figure);
  const width = Math.max(...funnel.map((each) => stringWidth(text(each.label))));
  for (const stage of funnel) say(context, `  ${padDisplay(text(stage.label), width)}  ${padDisplay(text(stage.display), 6, 'start')}`);
  const rate = figure('wishes.fulfilmentRate');
  say(context, `  ${text(rate.label)}: ${text(rate.display)} = ${text(rate.formula)} (${formatCount(rate.value.numerator ?? 0)} / ${formatCount(rate.value.denominator ?? 0)})`);
  const value = figure('wishes.valueDelivered');
  say(context, `  ${text(value.label)}: ¥${text(value.display)}`);
  say(context, `  ${bilingual(context, '分区兑现率', 'Fulfilment rate by district')}:`);
  const names = rate.children.map((child) => localName(context, hierarchy.getOrThrow(child.nodeId)));
  const nameWidth = Math.max(0, ...names.map((name) => stringWidth(name)));
  rate.children.forEach((child, index) => say(context, `    ${padDisplay(names[index] as string, nameWidth)}  ${padDisplay(text(child.display), 6, 'start')}  (${formatCount(child.value.numerator ?? 0)} / ${formatCount(child.value.denominator ?? 0)})`));
  say(context, `${bilingual(context, '用时', 'Time')}: ${elapsedMs.toFixed(0)} ms`);
  say(context);

  context.report.wishes = {
    season: SEASON,
    policy: policy.id,
    stored: already ? 0 : season.wishes.length,
    reused: already,
    funnel: Object.fromEntries(funnel.map((stage) => [stage.id, stage.value.value])),
    fulfilmentRate: { numerator: rate.value.numerator, denominator: rate.value.denominator, display: rate.display.en, formula: rate.formula },
    valueDeliveredYuan: value.value.value,
    byDistrict: rate.children.map((child) => ({ nodeId: child.nodeId, numerator: child.value.numerator, denominator: child.value.denominator, display: child.display.en })),
    elapsedMs,
  };
};
