import type { DemoContext } from '../commands/demo.js';

/** A label in the demo's language: zh, en, or both as "zh / en". */
export function bilingual(context: Pick<DemoContext, 'lang'>, zh: string, en: string): string {
  if (context.lang === 'zh') return zh;
  if (context.lang === 'en') return en;
  return `${zh} / ${en}`;
}

/** Writes one line unless the demo prints JSON only. */
export function say(context: Pick<DemoContext, 'io' | 'json'>, line = ''): void {
  if (!context.json) context.io.stdout.write(`${line}\n`);
}

/** 1,206-style thousands separators, independent of the machine's locale. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}
