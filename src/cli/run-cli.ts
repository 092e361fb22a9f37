import { CivicGridError } from '../errors/civic-grid-error.js';
import { UsageError } from './command-args.js';
import { ALLOCATE_USAGE, runAllocate } from './commands/allocate.js';
import { DEMO_USAGE, runDemo } from './commands/demo.js';
import { REPORT_USAGE, runReport } from './commands/report.js';
import { runValidate, VALIDATE_USAGE } from './commands/validate.js';

export interface CliIo {
  stdout: { write(text: string): unknown };
  /** `isTTY`: progress is shown only on a terminal. */
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

export const USAGE = `civic-grid: community governance as one chessboard (一盘棋)

Usage:
  civic-grid demo [--seed N] [--lang zh|en|both] [--json] [--store FILE.json | --db FILE.sqlite | --pg URL]
  civic-grid validate FILE [--encoding utf-8|gb18030]
                                    check a hierarchy file (.json or .csv)
  civic-grid allocate FILE [--min N] [--max N] [--community-code CODE] [--max-neighbour-distance M] [--out FILE] [--encoding utf-8|gb18030]
                                    partition buildings (.csv or .json) into grids
  civic-grid report [--seed N] [--db FILE | --pg URL] [--lang zh|en] [--community ID] --out FILE.html
                                    the city report: one offline HTML page of KPIs, grid map, dispatch, events
  civic-grid COMMAND --help         one command's options and file formats
  civic-grid --help | --version

Exit codes: 0 success (valid), 1 invalid input, 2 usage error.
`;

interface Command {
  run: (argv: string[], io: CliIo) => Promise<number>;
  usage: string;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  allocate: { run: runAllocate, usage: ALLOCATE_USAGE },
  demo: { run: runDemo, usage: DEMO_USAGE },
  report: { run: runReport, usage: REPORT_USAGE },
  validate: { run: runValidate, usage: VALIDATE_USAGE },
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
  const entry = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (entry === undefined) {
    io.stderr.write(`civic-grid: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await entry.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`civic-grid ${command}: ${error.message}\n\n${entry.usage}`);
      return 2;
    }
    // Input or a store the command could not use (a missing directory, a refused password): one line, no stack.
    if (error instanceof CivicGridError) {
      io.stderr.write(`civic-grid ${command}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

