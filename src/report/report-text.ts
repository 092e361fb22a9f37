import type { BilingualText } from '../model/kpi-definition.js';

/** The report's language: every label in Chinese, or in English with place names kept in Chinese and glossed. */
export type ReportLanguage = 'zh' | 'en';

/** Escapes text for HTML and SVG content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A bilingual label in the report's language. */
export function pick(lang: ReportLanguage, text: BilingualText): string {
  return lang === 'zh' ? text.zh : text.en;
}

/** A place as the report names it: its Chinese name, and an English or pinyin gloss where the generator has one. */
export interface ReportPlace {
  name: string;
  nameEn?: string | undefined;
}

/**
 * A place name, escaped: in Chinese as it is; in English the Chinese name stays
 * (it is what signs and maps say) with its gloss in parentheses where there is one.
 */
export function placeName(lang: ReportLanguage, place: ReportPlace): string {
  if (lang === 'zh') return escapeHtml(place.name);
  if (place.nameEn === undefined || place.nameEn === place.name) return `<span lang="zh-CN">${escapeHtml(place.name)}</span>`;
  return `<span lang="zh-CN">${escapeHtml(place.name)}</span> <span class="gloss">(${escapeHtml(place.nameEn)})</span>`;
}

/** The same in plain text, for SVG titles and labels. */
export function placeNameText(lang: ReportLanguage, place: ReportPlace): string {
  if (lang === 'zh' || place.nameEn === undefined || place.nameEn === place.name) return place.name;
  return `${place.name} (${place.nameEn})`;
}

/** 1,206-style thousands separators, independent of the machine's locale. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

/** A share as a percentage with one decimal. */
export function formatShare(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** A bilingual pair, for labels written here. */
export const text = (zh: string, en: string): BilingualText => ({ zh, en });
