import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Imports every `exports` subpath from the built dist, as users receive it,
// through Node's own resolution of the package's self-reference.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; exports: Record<string, Record<string, unknown>> };
// Module entries; the JSON Schema files (./schemas/*.json) are data, checked on their own below.
const subpaths = Object.keys(manifest.exports).filter((subpath) => subpath !== './package.json' && !subpath.includes('*'));
const specifierOf = (subpath: string) => (subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`);

function exportedNames(mode: 'esm' | 'cjs', specifier: string): string[] {
  const script =
    mode === 'esm'
      ? `const m = await import(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.keys(m).sort()));`
      : `const m = require(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.keys(m).sort()));`;
  const args = mode === 'esm' ? ['--input-type=module', '-e', script] : ['--input-type=commonjs', '-e', script];
  // stderr is piped, not inherited: a child that is expected to fail must not print its stack trace into the test run.
  return JSON.parse(execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as string[];
}

/** The child's stderr when `run` fails (execFileSync throws with it attached), or null when it succeeds. */
function stderrOfFailure(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return String((error as { stderr?: unknown }).stderr ?? '');
  }
}

describe('the built package', () => {
  it('has a dist to test (npm test builds it first)', () => {
    expect(existsSync(join(root, 'dist', 'index.js'))).toBe(true);
  });

  for (const subpath of subpaths) {
    const conditions = manifest.exports[subpath] ?? {};
    if ('require' in conditions) {
      it(`exports ${specifierOf(subpath)} identically from ESM and CJS`, () => {
        const esm = exportedNames('esm', specifierOf(subpath));
        const cjs = exportedNames('cjs', specifierOf(subpath)).filter((name) => name !== 'default');
        expect(esm.length).toBeGreaterThan(0);
        expect(cjs).toEqual(esm.filter((name) => name !== 'default'));
      });
    } else {
      it(`exports ${specifierOf(subpath)} from ESM, and refuses require() with a clear Node error`, () => {
        expect(exportedNames('esm', specifierOf(subpath)).length).toBeGreaterThan(0);
        expect(stderrOfFailure(() => exportedNames('cjs', specifierOf(subpath)))).toMatch(/ERR_PACKAGE_PATH_NOT_EXPORTED|No "exports" main defined/);
      });
    }
  }

  it('renders the city report from civic-grid/report in ESM and CJS alike', () => {
    const render = `renderCityReport({ city: { name: '铜川市', nameEn: 'Tongchuan' } }, { lang: 'en' })`;
    const esm = execFileSync(process.execPath, ['--input-type=module', '-e', `const { renderCityReport } = await import('civic-grid/report'); process.stdout.write(${render});`], { cwd: root, encoding: 'utf8' });
    const cjs = execFileSync(process.execPath, ['--input-type=commonjs', '-e', `const { renderCityReport } = require('civic-grid/report'); process.stdout.write(${render});`], { cwd: root, encoding: 'utf8' });
    expect(esm).toMatch(/^<!doctype html><html lang="en">/);
    expect(esm).toContain('<span lang="zh-CN">铜川市</span> <span class="gloss">(Tongchuan)</span>');
    expect(cjs).toBe(esm);
  });

  it('publishes each entity\'s JSON Schema as civic-grid/schemas/<name>.json, to import and to require', () => {
    const script = `const { default: need } = await import('civic-grid/schemas/need.json', { with: { type: 'json' } }); console.log(JSON.stringify([need.$id, require('node:module').createRequire(import.meta.url)('civic-grid/schemas/grid-event.json').$id]));`;
    const ids = execFileSync(process.execPath, ['--input-type=module', '-e', script.replace("require('node:module')", "(await import('node:module'))")], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(ids)).toEqual(['civic-grid/schemas/need.json', 'civic-grid/schemas/grid-event.json']);
  });

  it('works from CJS: builds a hierarchy and rejects a bad one with CivicGridError', () => {
    const script = `
      const { createHierarchy, CivicGridError } = require('civic-grid');
      const h = createHierarchy([{ id: 'c', level: 'community', name: 'C', parentId: null }, { id: 'g', level: 'grid', name: 'G', parentId: 'c' }]);
      let code = null;
      try { createHierarchy([{ id: 'x', level: 'grid', name: 'X', parentId: 'missing' }]); } catch (e) { code = e instanceof CivicGridError ? e.code : 'other'; }
      console.log(JSON.stringify([h.size, h.parent('g').id, code]));`;
    const output = execFileSync(process.execPath, ['--input-type=commonjs', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual([2, 'c', 'VALIDATION_FAILED']);
  });

  it('recognises a CivicGridError from the CJS copy in the ESM copy and back (the dual-package hazard)', () => {
    const script = `
      import { createRequire } from 'node:module';
      const esm = await import('civic-grid');
      const cjs = createRequire(process.cwd() + '/package.json')('civic-grid');
      const fromCjs = new cjs.CivicGridError('CONFLICT', 'x');
      const fromEsm = new esm.CivicGridError('NOT_FOUND', 'y');
      console.log(JSON.stringify([esm.CivicGridError === cjs.CivicGridError, fromCjs instanceof esm.CivicGridError, esm.isCivicGridError(fromCjs, 'CONFLICT'), fromEsm instanceof cjs.CivicGridError, cjs.isCivicGridError(fromEsm, 'NOT_FOUND')]));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual([false, true, true, true, true]);
  });

  it('runs the civic-grid bin from dist', () => {
    const output = execFileSync(process.execPath, [join(root, 'dist', 'cli', 'main.js'), '--version'], { cwd: root, encoding: 'utf8' });
    expect(output.trim()).toBe('civic-grid 0.1.0');
  });
});
