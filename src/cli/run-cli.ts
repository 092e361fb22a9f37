import { parseArgs } from 'node:util';
import { runAllocate } from './commands/allocate.js';
import { runDemo } from './commands/demo.js';
import { runValidate } from './commands/validate.js';

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export const USAGE = `civic-grid: community governance as one chessboard (一盘棋)

Usage:
  civic-grid demo [--seed N] [--lang zh|en|both] [--json] [--db FILE.sqlite] [--pg URL]
  civic-grid validate FILE          check a hierarchy file (.json or .csv)
  civic-grid allocate FILE [--min N] [--max N] [--community-code CODE] [--max-neighbour-distance M] [--out FILE]
                                    partition buildings (.csv or .json) into grids
  civic-grid --help | --version

Exit codes: 0 success (valid), 1 invalid input, 2 usage error.
`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  allocate: runAllocate,
  demo: runDemo,
  validate: runValidate,
};

/** Exit codes: 0 success or valid input, 1 invalid input, 2 usage error. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version') {
    io.stdout.write('civic-grid 0.1.0\n');
    return 0;
  }
  const run = COMMANDS[command];
  if (run === undefined) {
    io.stderr.write(`civic-grid: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await run(rest, io);
  } catch (error) {
    if (isUsageError(error)) {
      io.stderr.write(`civic-grid ${command}: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

/** parseArgs throws these for unknown or malformed options. */
function isUsageError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

