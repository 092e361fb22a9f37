import { escapeHtml } from './report-text.js';

/** One point of a trend: its label on the x axis and its value (null: no data that period, the line breaks). */
export interface TrendPoint {
  label: string;
  value: number | null;
  valueText?: string;
}

/** A trend chart's title, y range and optional reference line (a target). */
export interface TrendChartOptions {
  title: string;
  /** The y axis' range (default 0 to the largest value). */
  min?: number;
  max?: number;
  /** A reference line, e.g. the target, with its label. */
  reference?: { value: number; label: string };
}

const WIDTH = 640;
const HEIGHT = 220;
const LEFT = 48;
const RIGHT = 16;
const TOP = 16;
const BOTTOM = 40;

/** A trend line as plain SVG, each point marked and labelled with its value. */
export function trendChartSvg(points: readonly TrendPoint[], options: TrendChartOptions): string {
  const values = points.flatMap((point) => (point.value === null ? [] : [point.value]));
  const min = options.min ?? 0;
  const max = options.max ?? Math.max(min + 1, ...values);
  const step = points.length > 1 ? (WIDTH - LEFT - RIGHT) / (points.length - 1) : 0;
  const x = (index: number) => LEFT + index * step;
  const y = (value: number) => TOP + (1 - (value - min) / (max - min)) * (HEIGHT - TOP - BOTTOM);
  // The line breaks where a period has no data rather than bridging it.
  let path = '';
  let drawing = false;
  points.forEach((point, index) => {
    if (point.value === null) {
      drawing = false;
      return;
    }
    path += `${drawing ? 'L' : 'M'}${x(index).toFixed(1)} ${y(point.value).toFixed(1)}`;
    drawing = true;
  });
  const marks = points.map((point, index) => {
    const label = `<text class="axis-label" x="${x(index).toFixed(1)}" y="${HEIGHT - BOTTOM + 16}" text-anchor="middle">${escapeHtml(point.label)}</text>`;
    if (point.value === null) return label;
    const valueText = point.valueText ?? String(point.value);
    return (
      `${label}<circle class="trend-point" cx="${x(index).toFixed(1)}" cy="${y(point.value).toFixed(1)}" r="3.5"><title>${escapeHtml(`${point.label}: ${valueText}`)}</title></circle>` +
      `<text class="point-value" x="${x(index).toFixed(1)}" y="${(y(point.value) - 8).toFixed(1)}" text-anchor="middle">${escapeHtml(valueText)}</text>`
    );
  });
  const axis = `<line class="axis" x1="${LEFT}" y1="${HEIGHT - BOTTOM}" x2="${WIDTH - RIGHT}" y2="${HEIGHT - BOTTOM}"/>`;
  const reference =
    options.reference === undefined
      ? ''
      : `<line class="reference" x1="${LEFT}" y1="${y(options.reference.value).toFixed(1)}" x2="${WIDTH - RIGHT}" y2="${y(options.reference.value).toFixed(1)}"/>` +
        `<text class="axis-label" x="${LEFT - 4}" y="${(y(options.reference.value) + 4).toFixed(1)}" text-anchor="end">${escapeHtml(options.reference.label)}</text>`;
  return (
    `<svg class="chart trend-chart" role="img" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${escapeHtml(options.title)}</title>${axis}${reference}<path class="trend-line" d="${path}"/>${marks.join('')}</svg>`
  );
}
