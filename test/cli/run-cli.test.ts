import { describe, expect, it } from 'vitest';
import { runCli, USAGE } from '../../src/cli/run-cli.js';
import { captureIo } from '../support/capture-io.js';

describe('runCli', () => {
  it('prints usage and exits 2 without a command', async () => {
    const io = captureIo();
    expect(await runCli([], io)).toBe(2);
    expect(io.out()).toBe(USAGE);
  });

  it('prints usage and exits 0 for --help, -h and help', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const io = captureIo();
      expect(await runCli([flag], io)).toBe(0);
      expect(io.out()).toContain('civic-grid validate FILE');
    }
  });

  it('prints the version', async () => {
    const io = captureIo();
    expect(await runCli(['--version'], io)).toBe(0);
    expect(io.out()).toBe('civic-grid 0.1.0\n');
  });

  it('exits 2 for an unknown command, naming it', async () => {
    const io = captureIo();
    expect(await runCli(['frobnicate'], io)).toBe(2);
    expect(io.err()).toContain('unknown command "frobnicate"');
    expect(io.out()).toBe('');
  });

  it('exits 2 for an unknown option, naming the command', async () => {
    const io = captureIo();
    expect(await runCli(['validate', '--strict', 'x.json'], io)).toBe(2);
    expect(io.err()).toMatch(/^civic-grid validate: .*--strict/);
  });
});
