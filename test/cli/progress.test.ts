import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';
import { runCli } from '../../src/cli/run-cli.js';
import { captureIo } from '../support/capture-io.js';

const dir = mkdtempSync(join(tmpdir(), 'civic-grid-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Forty buildings in a row, 40 households each: about four grids. */
const csv = join(dir, 'buildings.csv');
writeFileSync(csv, `id,households,x,y\n${Array.from({ length: 40 }, (_, index) => `b${index},40,${index * 20},0`).join('\n')}\n`);

describe('progress on stderr', () => {
  it('writes steps on one rewritten line on a terminal, and clears it when done', () => {
    let written = '';
    const progress = createProgress({ write: (text: string) => (written += text), isTTY: true }, 2);
    progress.step('generating');
    progress.step('dispatching');
    progress.done();
    expect(written).toBe('\r\x1b[2K[1/2] generating…\r\x1b[2K[2/2] dispatching…\r\x1b[2K');
  });

  it('writes nothing when stderr is piped', () => {
    let written = '';
    const progress = createProgress({ write: (text: string) => (written += text) }, 2);
    progress.step('generating');
    progress.clearing({ write: () => true }).write('x');
    progress.done();
    expect(written).toBe('');
  });

  it('clears the line before the command prints', () => {
    let written = '';
    const stream = { write: (text: string) => (written += text), isTTY: true };
    const progress = createProgress(stream);
    progress.step('grids');
    progress.clearing(stream).write('== Grids ==\n');
    expect(written).toBe('\r\x1b[2Kgrids…\r\x1b[2K== Grids ==\n');
  });

  it('allocate shows it on a terminal and keeps a piped stderr to the summary', async () => {
    const tty = captureIo();
    const terminal = { ...tty, stderr: { write: tty.stderr.write, isTTY: true } };
    expect(await runCli(['allocate', csv, '--min', '100', '--max', '200'], terminal)).toBe(0);
    expect(tty.err()).toContain('allocating 40 buildings…');
    const piped = captureIo();
    expect(await runCli(['allocate', csv, '--min', '100', '--max', '200'], piped)).toBe(0);
    expect(piped.err()).not.toContain('\r');
    expect(piped.err()).toMatch(/^\d+ grids for 40 buildings/);
    // stdout is the plan either way: JSON, with no progress in it.
    expect(JSON.parse(tty.out())).toEqual(JSON.parse(piped.out()));
  });
});
