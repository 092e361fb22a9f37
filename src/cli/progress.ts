/** The stream progress goes to: stderr, which says whether it is a terminal. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Progress of a long command: one line, rewritten in place. */
export interface Progress {
  /** The step now running. */
  step(label: string): void;
  /** Clears the line, so what follows prints on a clean one. */
  done(): void;
  /** The same stream, clearing the progress line before each write (the demo prints between steps). */
  clearing<T extends { write(text: string): unknown }>(stream: T): { write(text: string): unknown };
}

/**
 * Progress on stderr when it is a terminal, and nothing at all when it is piped or
 * redirected: a log or `2>file` then holds no carriage-return noise, and stdout
 * (the JSON or the plan) never carries progress.
 */
export function createProgress(stream: ProgressStream, steps?: number): Progress {
  if (stream.isTTY !== true) return { step: () => {}, done: () => {}, clearing: (target) => target };
  let count = 0;
  let shown = false;
  const done = () => {
    if (shown) stream.write('\r\x1b[2K');
    shown = false;
  };
  return {
    step(label) {
      count++;
      const position = steps === undefined ? '' : `[${Math.min(count, steps)}/${steps}] `;
      stream.write(`\r\x1b[2K${position}${label}…`);
      shown = true;
    },
    done,
    clearing: (target) => ({
      write: (text: string) => {
        done();
        return target.write(text);
      },
    }),
  };
}
