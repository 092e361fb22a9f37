import { type BilingualText, isShareKpi, type KpiDefinition } from '../../model/kpi-definition.js';
import type { KpiValue } from './evaluation.js';

const DURATION_UNITS = { minutes: { zh: '分钟', en: 'min' }, hours: { zh: '小时', en: 'h' }, days: { zh: '天', en: 'd' } } as const;

/**
 * A value as shown next to its formula. Shares are rounded half up from the
 * exact numerator and denominator, so 588 / 650 shows as 90.5%.
 */
export function formatKpiValue(definition: KpiDefinition, value: KpiValue): BilingualText {
  if (value.value === null) return { zh: '—', en: '—' };
  if (isShareKpi(definition)) {
    const percent = percentOf(value);
    return { zh: `${percent}%`, en: `${percent}%` };
  }
  switch (definition.kind) {
    case 'duration': {
      const unit = DURATION_UNITS[definition.unit ?? 'hours'];
      const median = value.value.toFixed(1);
      const p90 = (value.p90 ?? 0).toFixed(1);
      return { zh: `中位数 ${median}${unit.zh}，90分位 ${p90}${unit.zh}`, en: `median ${median} ${unit.en}, p90 ${p90} ${unit.en}` };
    }
    case 'sum': {
      // Without `decimals`, every decimal of the exact sum is shown.
      const text = value.value.toLocaleString('en-US', { maximumFractionDigits: definition.decimals ?? 20 });
      return { zh: text, en: text };
    }
    default: {
      const text = value.value.toLocaleString('en-US');
      return { zh: text, en: text };
    }
  }
}

function percentOf(value: KpiValue): string {
  const { numerator, denominator } = value;
  const tenths = numerator !== undefined && denominator !== undefined && denominator > 0 ? Math.round((numerator * 1000) / denominator) : Math.round((value.value ?? 0) * 1000);
  return (tenths / 10).toFixed(1);
}
