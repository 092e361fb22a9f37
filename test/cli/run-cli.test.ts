import { describe, expect, it } from 'vitest';
import { ALLOCATE_USAGE } from '../../src/cli/commands/allocate.js';
import { DEMO_USAGE } from '../../src/cli/commands/demo.js';
import { VALIDATE_USAGE } from '../../src/cli/commands/validate.js';
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

  it('exits 2 for an unknown option, naming the command and the option in one plain line, then that command\'s usage', async () => {
    const io = captureIo();
    expect(await runCli(['validate', '--strict', 'x.json'], io)).toBe(2);
    expect(io.err()).toBe(`civic-grid validate: unknown option --strict\n\n${VALIDATE_USAGE}`);
  });

  it('gives each command its own --help and -h, exit 0 (regression: a usage error with Node\'s raw message)', async () => {
    for (const [command, usage] of [
      ['validate', VALIDATE_USAGE],
      ['allocate', ALLOCATE_USAGE],
      ['demo', DEMO_USAGE],
    ] as const) {
      for (const flag of ['--help', '-h']) {
        const io = captureIo();
        expect(await runCli([command, flag], io)).toBe(0);
        expect(io.out()).toBe(usage);
        expect(io.err()).toBe('');
      }
    }
  });

  it('names a missing option value, a value given to a flag, and a stray argument', async () => {
    const cases = [
      [['allocate', 'b.csv', '--min'], 'civic-grid allocate: --min needs a value\n'],
      [['allocate', 'b.csv', '--out', '--min', '3'], 'civic-grid allocate: --out needs a value\n'],
      [['demo', '--json=yes'], 'civic-grid demo: --json takes no value\n'],
      [['demo', 'extra'], 'civic-grid demo: unexpected argument "extra"\n'],
      [['validate', '-x', 'a.json'], 'civic-grid validate: unknown option -x\n'],
    ] as const;
    for (const [argv, line] of cases) {
      const io = captureIo();
      expect(await runCli([...argv], io)).toBe(2);
      expect(io.err().startsWith(line)).toBe(true);
    }
  });

  it('treats a name on Object.prototype as an unknown command', async () => {
    const io = captureIo();
    expect(await runCli(['toString'], io)).toBe(2);
    expect(io.err()).toContain('unknown command "toString"');
  });
});
