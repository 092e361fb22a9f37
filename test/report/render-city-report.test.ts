import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  closedOnTime,
  gridBand,
  gridMapSvg,
  gridShapes,
  renderCityReport,
  type CityReportData,
} from 'civic-grid/report';
import { chinaWorkCalendar, createEventPolicy, generateCity, generateEvents, TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE } from '../../src/index.js';
import { allocateGrids } from '../../src/rules/grids/allocate-grids.js';
import type { GridBuilding } from '../../src/rules/grids/grid-plan.js';
import { evaluateKpis } from '../../src/rules/kpi/engine.js';
import type { KpiEvaluation } from '../../src/rules/kpi/evaluation.js';
import { previousPeriod, resolvePeriod } from '../../src/rules/kpi/period.js';
import { buildKpiReport } from '../../src/rules/kpi/report.js';
import { smallCity, WISH_DEFINITIONS, wish, wishRegistry } from '../rules/kpi/fixtures.js';

const hierarchy = smallCity();
const ytd = resolvePeriod({ kind: 'yearToDate' }, { at: new Date('2020-07-13T04:00:00Z') });
const [current, previous] = evaluateKpis({
  hierarchy,
  definitions: WISH_DEFINITIONS,
  periods: [ytd, previousPeriod(ytd)],
  registry: wishRegistry(),
  records: [
    { kind: 'wish', nodeId: 'd0s0c0g0', record: wish('a', { status: 'fulfilled', fulfilledAt: '2020-03-05T02:00:00.000Z' }) },
    { kind: 'wish', nodeId: 'd1s0c0g1', record: wish('b', { status: 'claimed' }) },
    { kind: 'wish', nodeId: 'd1s0c0g1', record: wish('p', { status: 'fulfilled', publishedAt: '2019-05-01T02:00:00.000Z', fulfilledAt: '2019-05-02T02:00:00.000Z' }) },
  ],
}) as [KpiEvaluation, KpiEvaluation];
const reportAt = (nodeId: string) => buildKpiReport({ hierarchy, current, previous, nodeId });

/** A 6 × 5 block of buildings, 60 households each, with a unit's compound in one corner. */
const buildings: GridBuilding[] = Array.from({ length: 30 }, (_, index) => ({
  id: `b${index}`,
  households: 60,
  x: (index % 6) * 40 + (index % 3),
  y: Math.floor(index / 6) * 35,
  ...(index === 0 ? { site: 'hospital' } : {}),
}));
const plan = allocateGrids({ buildings, communityCode: '610202001001' });

const events = generateEvents({
  seed: 3,
  city: generateCity({ seed: 2020 }),
  policy: createEventPolicy({ catalogue: TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE }),
  calendar: chinaWorkCalendar(),
  year: 2025,
  count: 400,
}).events;

const data: CityReportData = {
  city: { name: '铜川市', nameEn: 'Tongchuan' },
  placeNamesEn: { d0: 'Wangyi District' },
  kpi: { report: reportAt('city'), drillDown: ['d0', 'd1', 'd0s0', 'd0s1', 'd1s0', 'd1s1'].map(reportAt) },
  gridMap: { place: { name: '社区000', nameEn: 'Community 000' }, plan },
  dispatch: {
    result: {
      assignments: [{ needId: 'n1', resourceId: 'r1', unitId: 'u1', score: 10, components: { proximity: 10, urgency: 0, waiting: 0, loadBalance: 0 }, distance: 0, locked: false }],
      unmatched: [{ needId: 'n2', reason: 'all-compatible-full', resourceIds: ['r1'] }],
    },
    resources: [{ unitId: 'u1', capacity: 1 }, { unitId: 'u2', capacity: 3 }],
  },
  events: { events, onTimeTarget: 0.9 },
};

const count = (html: string, pattern: RegExp) => html.match(pattern)?.length ?? 0;

describe('renderCityReport', () => {
  const html = renderCityReport(data, { lang: 'zh' });

  it('is pure: the same data gives the same page', () => {
    expect(renderCityReport(data, { lang: 'zh' })).toBe(html);
  });

  it('is one self-contained page: no script, no external resource, no URL but the SVG namespace', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|\bsrc=|\bhref=/i);
    expect(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:|url\((?!#)/);
  });

  it('has a tile per KPI with value, target, status, change and formula', () => {
    const figures = data.kpi?.report.figures ?? [];
    expect(count(html, /<article class="kpi-tile/g)).toBe(figures.length);
    const rate = /<article class="kpi-tile status-(\w+)" data-kpi-id="wishes\.fulfilmentRate"[^>]*>(.*?)<\/article>/.exec(html);
    expect(rate?.[1]).toBe(figures.find((figure) => figure.id === 'wishes.fulfilmentRate')?.status);
    expect(rate?.[2]).toContain('目标 ≥');
    expect(rate?.[2]).toContain('▼ -50.0 个百分点 较上期');
    expect(rate?.[2]).toContain(`= ${figures.find((figure) => figure.id === 'wishes.fulfilmentRate')?.formula.zh}`);
  });

  it('drills down city → district → street → community in one table, one row per node', () => {
    const table = /<table class="drill-down">.*?<\/table>/.exec(html)?.[0] ?? '';
    expect(table).toContain('<caption>');
    expect(count(table, /<th scope="col">/g)).toBeGreaterThan(2);
    // 1 city + 2 districts + 4 streets + 8 communities; grids are below the table's depth.
    expect(count(table, /<tr class="depth-\d"/g)).toBe(15);
    expect(count(table, /class="depth-3"/g)).toBe(8);
    const rows = [...table.matchAll(/data-node-id="([^"]+)"/g)].map((match) => match[1]);
    expect(rows.slice(0, 4)).toEqual(['city', 'd0', 'd0s0', 'd0s0c0']);
  });

  it('draws one shape per grid, special grids marked by class, label and legend', () => {
    expect(count(html, /<path class="grid-shape /g)).toBe(plan.grids.length);
    const special = plan.grids.filter((grid) => grid.site !== undefined);
    expect(special.length).toBe(1);
    expect(count(html, /class="grid-shape band-special"/g)).toBe(1);
    expect(html).toContain('专属网格');
  });

  it('shows dispatch by reason and load per unit, and the events funnel and on-time closure', () => {
    expect(html).toContain('可用资源已满');
    expect(html).toContain('满负荷');
    expect(html).toContain('事件漏斗');
    expect(html).toContain('按期结案率');
  });

  it('in English keeps place names in Chinese with their gloss', () => {
    const english = renderCityReport(data, { lang: 'en' });
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('<span lang="zh-CN">铜川市</span> <span class="gloss">(Tongchuan)</span>');
    expect(english).toContain('<span lang="zh-CN">区0</span> <span class="gloss">(Wangyi District)</span>');
    expect(english).toContain('<span lang="zh-CN">区1</span>');
    expect(english).toContain('Drill-down');
    expect(english).not.toContain('逐级下钻');
  });

  it('draws only the sections it has data for', () => {
    const bare = renderCityReport({ city: { name: '铜川市' } });
    expect(bare).not.toMatch(/<section|<svg|<table/);
    expect(renderCityReport({ city: { name: '铜川市' }, dispatch: data.dispatch as NonNullable<CityReportData['dispatch']> })).toMatch(/<section aria-labelledby="dispatch-heading">/);
  });

  it('escapes names and ids', () => {
    const hostile = renderCityReport({ ...data, city: { name: '<script>alert(1)</script>', nameEn: '"&' } }, { lang: 'en' });
    expect(hostile).not.toContain('<script>');
    expect(hostile).toContain('&#60;script&#62;');
  });
});

describe('closedOnTime', () => {
  it('counts closed events that were never escalated, and no other', () => {
    const closed = events.filter((event) => event.stageHistory.some((entry) => entry.status === 'closed'));
    expect(closed.filter(closedOnTime).length).toBeGreaterThan(0);
    expect(closed.filter((event) => !closedOnTime(event)).every((event) => event.escalationLevel > 0)).toBe(true);
    expect(events.filter((event) => !closed.includes(event)).some(closedOnTime)).toBe(false);
  });
});

describe('gridBand', () => {
  it('places households against the bounds, inclusive, and special grids apart', () => {
    const bounds = { minHouseholds: 300, maxHouseholds: 500 };
    expect([299, 300, 500, 501].map((households) => gridBand({ households }, bounds))).toEqual(['under', 'within', 'within', 'over']);
    expect(gridBand({ households: 40, site: 's' }, bounds)).toBe('special');
  });
});

/** Shoelace: positive for counter-clockwise rings. */
const signedArea = (ring: readonly [number, number][]) => ring.reduce((sum, [x, y], index) => {
  const [nx, ny] = ring[(index + 1) % ring.length] as [number, number];
  return sum + x * ny - nx * y;
}, 0) / 2;

describe('gridShapes', () => {
  it('gives every grid a shape, and the shapes tile the map: their areas add up to the bounding box', () => {
    const points = fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 })), { minLength: 3, maxLength: 60, selector: ([x, y]) => `${x},${y}` });
    fc.assert(
      fc.property(points, fc.integer({ min: 1, max: 6 }), fc.infiniteStream(fc.nat()), (coordinates, grids, picks) => {
        const basis = coordinates.map(([x, y], index) => ({ id: `b/${index}%`, households: 1, x, y }));
        const assigned = new Map<string, string[]>();
        const stream = picks[Symbol.iterator]();
        for (const building of basis) {
          const code = `g${(stream.next().value as number) % grids}`;
          assigned.set(code, [...(assigned.get(code) ?? []), building.id]);
        }
        const plan = {
          grids: [...assigned].map(([code, buildingIds]) => ({ code, buildingIds, households: buildingIds.length, centroid: { x: 0, y: 0 } })),
          basis: { buildings: basis, adjacency: [], adjacencyDerived: true, minHouseholds: 1, maxHouseholds: 9 },
        };
        const shapes = gridShapes(plan);
        expect(shapes.map((shape) => shape.code)).toEqual(plan.grids.map((grid) => grid.code));
        const xs = coordinates.map(([x]) => x);
        const ys = coordinates.map(([, y]) => y);
        const box = (Math.max(...xs) - Math.min(...xs) + 80) * (Math.max(...ys) - Math.min(...ys) + 80);
        const total = shapes.reduce((sum, shape) => sum + shape.rings.reduce((inner, ring) => inner + signedArea(ring), 0), 0);
        // Collinear points have no Voronoi cells of their own in d3 (they become squares); skip those.
        const collinear = coordinates.every(([x, y]) => (x - (coordinates[0] as number[])[0]!) * ((coordinates[1] as number[])[1]! - (coordinates[0] as number[])[1]!) === (y - (coordinates[0] as number[])[1]!) * ((coordinates[1] as number[])[0]! - (coordinates[0] as number[])[0]!));
        if (!collinear) expect(Math.abs(total)).toBeCloseTo(box, 3);
        expect(shapes.every((shape) => shape.rings.length > 0)).toBe(true);
        // Merged: no edge between two cells of the same grid is left inside a grid's outline.
        for (const shape of shapes) {
          const edges = new Set(shape.rings.flatMap((ring) => ring.map((point, index) => `${point}>${ring[(index + 1) % ring.length]}`)));
          for (const edge of edges) expect(edges.has(edge.split('>').reverse().join('>'))).toBe(false);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('draws one path per grid in the SVG, with its code', () => {
    const svg = gridMapSvg(plan, { title: 'map', lang: 'en' });
    expect(count(svg, /<path class="grid-shape/g)).toBe(plan.grids.length);
    for (const grid of plan.grids) expect(svg).toContain(`data-grid-code="${grid.code}"`);
  });
});
