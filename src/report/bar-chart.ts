import { escapeHtml } from './report-text.js';

/** One bar: its label, its value and, optionally, the text shown after it (the value by default). */
export interface Bar {
  label: string;
  value: number;
  valueText?: string;
  /** A CSS class for the bar: its colour and fill pattern (a pattern too, so colour is not the only signal). */
  tone?: string;
}

/** A bar chart's title and scale. */
export interface BarChartOptions {
  /** The chart's accessible name, shown as its title. */
  title: string;
  /** The value a full-length bar stands for (default: the largest value). */
  max?: number;
  /** Width of the label column in pixels (default 200). */
  labelWidth?: number;
}

const ROW = 26;
const WIDTH = 640;
const VALUE_WIDTH = 110;

/**
 * Horizontal bars as plain SVG: each bar is labelled with its name and its value,
 * so the chart reads without colour and prints in black and white.
 */
export function barChartSvg(bars: readonly Bar[], options: BarChartOptions): string {
  const labelWidth = options.labelWidth ?? 200;
  const max = options.max ?? Math.max(0, ...bars.map((bar) => bar.value));
  const span = WIDTH - labelWidth - VALUE_WIDTH;
  const height = ROW * bars.length + 8;
  const rows = bars.map((bar, index) => {
    const y = 4 + index * ROW;
    const length = max <= 0 ? 0 : Math.max(0, (bar.value / max) * span);
    const valueText = bar.valueText ?? bar.value.toLocaleString('en-US');
    return (
      `<g class="bar ${escapeHtml(bar.tone ?? 'tone-neutral')}">` +
      `<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end">${escapeHtml(bar.label)}</text>` +
      `<rect x="${labelWidth}" y="${y + 3}" width="${length.toFixed(1)}" height="${ROW - 8}"><title>${escapeHtml(`${bar.label}: ${valueText}`)}</title></rect>` +
      `<text class="bar-value" x="${(labelWidth + length + 6).toFixed(1)}" y="${y + 17}">${escapeHtml(valueText)}</text>` +
      `</g>`
    );
  });
  return `<svg class="chart bar-chart" role="img" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(options.title)}</title>${rows.join('')}</svg>`;
}
