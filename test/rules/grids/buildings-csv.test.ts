import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBuildingsCsv } from '../../../src/index.js';
import { expectCivicGridError } from '../../support/expect-error.js';
import { gbkBytes } from '../../support/gbk.js';

const issuesOf = (text: string) => expectCivicGridError(() => parseBuildingsCsv(text), 'VALIDATION_FAILED').issues;

/** Great-circle distance in metres (haversine), the oracle for the local projection. */
function haversine(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const r = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * r) / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(((b.lng - a.lng) * r) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

describe('parseBuildingsCsv', () => {
  it('reads id, households, x, y and an optional site; an empty site is none', () => {
    expect(parseBuildingsCsv('id,households,x,y,site\nb1,30,0,0,school\nb2, 40 ,12.5,-3,\n')).toEqual([
      { id: 'b1', households: 30, x: 0, y: 0, site: 'school' },
      { id: 'b2', households: 40, x: 12.5, y: -3 },
    ]);
  });

  it('checks the header: missing, unknown and repeated columns, and one pair of coordinates', () => {
    expect(issuesOf('id,hh,x,y\n')).toEqual([
      { path: [1, 'households'], message: 'line 1: missing column "households"' },
      { path: [1, 'hh'], message: expect.stringMatching(/^line 1: unknown column "hh" \(the columns are id, households, x, y, lng, lon, lat, site\)$/) },
    ]);
    expect(issuesOf('id,households\n')).toEqual([{ path: [1, 'x'], message: 'line 1: missing coordinates: columns x,y (metres) or lng,lat (degrees)' }]);
    expect(issuesOf('id,households,x,y,lng,lat\n')).toEqual([{ path: [1, 'x'], message: 'line 1: give x,y (metres) or lng,lat (degrees), not both' }]);
    expect(issuesOf('id,households,lng,lon,lat\n')).toEqual([{ path: [1, 'lon'], message: 'line 1: give lng or lon, not both' }]);
    expect(issuesOf('id,households,lng\n')).toEqual([{ path: [1, 'lat'], message: 'line 1: missing column "lat"' }]);
    expect(issuesOf('id,households,x,y,y\n')).toEqual([{ path: [1, 'y'], message: 'line 1: duplicate column "y"' }]);
  });

  it('names the line and column of every bad value', () => {
    expect(issuesOf('id,households,lng,lat\n,2.5,200,35\nb2,,108.9,-91\nb3,0x10,108.9,35\n')).toEqual([
      { path: [2, 'lng'], message: 'line 2, column lng: longitude 200 is outside -180 to 180' },
      { path: [2, 'id'], message: 'line 2, column id: id must not be empty' },
      { path: [2, 'households'], message: 'line 2, column households: households must be a whole number' },
      { path: [3, 'households'], message: 'line 3, column households: missing: expected a number' },
      { path: [3, 'lat'], message: 'line 3, column lat: latitude -91 is outside -90 to 90' },
      { path: [4, 'households'], message: 'line 4, column households: expected a number, got "0x10"' },
    ]);
  });

  it('refuses x,y that are plainly degrees, naming the lng,lat columns, but not one building or metres', () => {
    expect(issuesOf('id,households,x,y\nb1,30,108.9301,35.0702\nb2,30,108.9312,35.0711\n')).toEqual([
      { path: [1, 'x'], message: expect.stringContaining('name the columns lng,lat (or lon,lat)') },
    ]);
    expect(parseBuildingsCsv('id,households,x,y\nb1,30,108.93,35.07\n')).toHaveLength(1);
    expect(parseBuildingsCsv('id,households,x,y\nb1,30,0,0\nb2,30,0,1.5\n')).toHaveLength(2);
  });

  it('projects lng,lat to metres around the centroid, within 0.3% of great-circle distances for a city 20 km across (property)', () => {
    const point = fc.record({ lng: fc.double({ min: 108.8, max: 109.0, noNaN: true }), lat: fc.double({ min: 34.9, max: 35.1, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(point, { minLength: 2, maxLength: 12 }), (points) => {
        const csv = ['id,households,lon,lat', ...points.map((p, i) => `b${i},1,${p.lng},${p.lat}`)].join('\n');
        const buildings = parseBuildingsCsv(csv);
        const [a, b] = [points[0], points[1]] as [{ lng: number; lat: number }, { lng: number; lat: number }];
        const [pa, pb] = [buildings[0], buildings[1]] as [{ x: number; y: number }, { x: number; y: number }];
        const expected = haversine(a, b);
        expect(Math.abs(Math.hypot(pa.x - pb.x, pa.y - pb.y) - expected)).toBeLessThanOrEqual(0.003 * expected + 1e-3); // tan(35°) × 0.2° ≈ 0.25%, plus 1 mm of rounding
        expect(Math.abs(buildings.reduce((sum, each) => sum + each.x, 0))).toBeLessThan(1e-3);
      }),
    );
  });

  it('decodes GBK bytes with encoding gb18030', () => {
    expect(parseBuildingsCsv(gbkBytes('id,households,x,y,site\nb1,30,0,0,铜川市\n'), { encoding: 'gb18030' })[0]?.site).toBe('铜川市');
    expect(expectCivicGridError(() => parseBuildingsCsv(gbkBytes('id,households,x,y,site\nb1,30,0,0,铜川市\n')), 'VALIDATION_FAILED').issues[0]?.path).toEqual([2]);
  });
});
