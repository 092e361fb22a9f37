import stringWidth from 'string-width';
import { LEVEL_LABELS, LEVELS, type Level } from '../../model/level.js';
import type { DemoSection } from '../commands/demo.js';
import { bilingual, formatCount, localName, padDisplay, say } from './bilingual.js';

/** Counts per level, the codes of one sample branch, and the time taken. */
export const hierarchySection: DemoSection = (context) => {
  const { city, hierarchy, timings } = context;
  const counts = Object.fromEntries(LEVELS.map((level) => [level, 0])) as Record<Level, number>;
  for (const node of city.nodes) counts[node.level] += 1;
  const households = city.buildings.reduce((sum, building) => sum + building.households, 0);
  const firstBuilding = city.buildings[0];
  const branch = firstBuilding === undefined ? [] : [...hierarchy.ancestors(firstBuilding.id)].reverse().concat(hierarchy.getOrThrow(firstBuilding.id));

  say(context, `== ${bilingual(context, `${city.scale.cityName}一盘棋`, `${city.scale.cityNameEn} as one chessboard`)} (seed ${context.seed}) ==`);
  say(context, bilingual(context, '层级', 'Hierarchy'));
  const rows: [label: string, count: number][] = LEVELS.filter((level) => level !== 'household').map((level) => [bilingual(context, LEVEL_LABELS[level].zh, LEVEL_LABELS[level].en), counts[level]]);
  rows.push([bilingual(context, '户（楼栋户数合计）', 'households (sum over buildings)'), households]);
  rows.push([bilingual(context, '驻区单位', 'resident units'), city.units.length]);
  const width = Math.max(...rows.map(([label]) => stringWidth(label)));
  for (const [label, count] of rows) say(context, `  ${padDisplay(label, width)}  ${formatCount(count).padStart(9)}`);
  say(context, bilingual(context, '样例分支的编码', 'Codes of a sample branch'));
  for (const node of branch) say(context, `  ${node.level.padEnd(10)} ${(node.code ?? node.id).padEnd(20)} ${localName(context, node)}`);
  say(context, `${bilingual(context, '用时', 'Time')}: ${bilingual(context, '生成', 'generate')} ${timings.generateMs.toFixed(0)} ms, ${bilingual(context, '建层级并校验', 'build and validate hierarchy')} ${timings.hierarchyMs.toFixed(0)} ms`);
  say(context);

  context.report.hierarchy = {
    seed: context.seed,
    counts: { ...counts, households },
    units: city.units.length,
    sampleBranch: branch.map((node) => ({ level: node.level, id: node.id, code: node.code ?? null, name: node.name, nameEn: node.nameEn ?? null })),
    timings,
  };
};
