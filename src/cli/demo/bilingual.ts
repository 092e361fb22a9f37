import stringWidth from 'string-width';
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

/**
 * Pads to a width in terminal columns: a CJK character takes two columns,
 * so String#padEnd would leave columns with Chinese names misaligned.
 */
export function padDisplay(text: string, width: number, side: 'end' | 'start' = 'end'): string {
  const fill = ' '.repeat(Math.max(0, width - stringWidth(text)));
  return side === 'end' ? text + fill : fill + text;
}

/** A node's name in the demo's language: its English name where it has one (`nameEn`), else its Chinese name. */
export function localName(context: Pick<DemoContext, 'lang'>, node: { name: string; nameEn?: string | undefined }): string {
  if (node.nameEn === undefined || context.lang === 'zh') return node.name;
  return context.lang === 'en' ? node.nameEn : `${node.name} ${node.nameEn}`;
}
