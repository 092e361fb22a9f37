import type { CliIo } from '../run-cli.js';

/** What every demo section sees. Sections run in order and print to `io`. */
export interface DemoContext {
  io: CliIo;
  seed: number;
  lang: 'zh' | 'en' | 'both';
  json: boolean;
  /** Options for the storage sections: a SQLite file or a PostgreSQL URL. */
  db?: string;
  pg?: string;
  /** Sections add their results here; `--json` prints it. */
  report: Record<string, unknown>;
}

export type DemoSection = (context: DemoContext) => Promise<void> | void;
