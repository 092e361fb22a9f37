import type { UnmatchedReason } from './match-needs.js';

/** Why a need was not matched, in words: for reports and the demo. */
export const UNMATCHED_REASON_LABELS: Readonly<Record<UnmatchedReason, { zh: string; en: string }>> = {
  'no-resource-of-category': { zh: '无此类资源', en: 'no resource of its category' },
  'outside-service-area': { zh: '不在任何服务范围内', en: 'outside every service area' },
  'no-overlapping-window': { zh: '时间不匹配', en: 'no overlapping time window' },
  'all-compatible-full': { zh: '可用资源已满', en: 'all compatible resources full' },
};
