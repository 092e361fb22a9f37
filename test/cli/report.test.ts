import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPORT_USAGE } from '../../src/cli/commands/report.js';
import { runCli } from '../../src/cli/run-cli.js';
import { captureIo } from '../support/capture-io.js';

const dir = mkdtempSync(join(tmpdir(), 'civic-grid-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('civic-grid report', () => {
  it('writes the Tongchuan report as one offline HTML page, with progress on a terminal only', async () => {
    const io = captureIo();
    const out = join(dir, 'nested', 'report.html');
    const terminal = { ...io, stderr: { write: io.stderr.write, isTTY: true } };
    expect(await runCli(['report', '--out', out, '--community', 'not-a-community'], io)).toBe(2);
    expect(io.err()).toContain('--community: no community "not-a-community"');
    expect(await runCli(['report', '--out', out], terminal)).toBe(0);
    expect(io.out()).toMatch(/^wrote .*report\.html: \d+ KiB, rendered in \d+ ms\n$/);
    expect(io.err()).toContain('dispatching open needs…');
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('铜川市');
    expect(html).not.toMatch(/<script|\bsrc=|\bhref=/);
    // 72 communities, 18 streets, 4 districts and the city in the drill-down.
    expect(html.match(/<tr class="depth-\d"/g)).toHaveLength(95);
    expect(html.match(/<path class="grid-shape /g)?.length).toBe(html.match(/<table class="grid-list">.*?<\/table>/)?.[0].match(/<tr><th scope="row">/g)?.length);
  });

  it('needs --out, one store and a known language', async () => {
    for (const [argv, message] of [
      [['report'], 'give --out FILE.html'],
      [['report', '--out', 'x.html', '--lang', 'fr'], '--lang takes zh or en, got "fr"'],
      [['report', '--out', 'x.html', '--db', 'a.sqlite', '--pg', 'postgres://x'], 'one store at a time'],
      [['report', '--out', 'x.html', '--seed', '1.5'], '--seed takes an integer, got "1.5"'],
    ] as const) {
      const io = captureIo();
      expect(await runCli([...argv], io)).toBe(2);
      expect(io.err()).toContain(message);
      expect(io.err()).toContain(REPORT_USAGE);
    }
    const help = captureIo();
    expect(await runCli(['report', '--help'], help)).toBe(0);
    expect(help.out()).toBe(REPORT_USAGE);
  });
});
