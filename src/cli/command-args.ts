import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A command line the command cannot run: run-cli prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Every command takes --help (-h): it prints the command's usage and exits 0. */
export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/** `parseArgs`, with its errors turned into one plain UsageError line naming the argument at fault. */
export function parseCommandArgs<const T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) throw error;
    throw new UsageError(culprit(config) ?? (error as Error).message);
  }
}

/** Re-reads the arguments leniently to name what strict parsing refused. */
function culprit(config: ParseArgsConfig): string | undefined {
  const { tokens } = parseArgs({ ...config, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'positional' && config.allowPositionals !== true) return `unexpected argument "${token.value}"`;
    if (token.kind !== 'option') continue;
    const option = config.options?.[token.name];
    if (option === undefined) return `unknown option ${token.rawName}`;
    if (option.type === 'boolean' && token.value !== undefined) return `${token.rawName} takes no value`;
    // A string option followed by another option: strict parsing calls the value ambiguous.
    if (option.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))) return `${token.rawName} needs a value`;
  }
  return undefined;
}

/** `--seed N`: a safe integer, else a UsageError. */
export function parseSeed(text: string): number {
  const seed = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(seed)) throw new UsageError(`--seed takes an integer, got "${text}"`);
  return seed;
}
