export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Exit codes: 0 success or valid input, 1 invalid input, 2 usage error. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command] = argv;
  io.stderr.write(`civic-grid: unknown command "${command ?? ''}"\n`);
  return 2;
}
