import { spinner as clackSpinner } from '@clack/prompts';
import type { Writable } from 'node:stream';

/** A one-line progress indicator for a request in flight. */
export interface Spinner {
  /** Starts (or retitles) the spinner. */
  start(text: string): void;
  /** Stops it, leaving `✔ text` / `✖ text` (or nothing when `final` is omitted). */
  stop(final?: { ok: boolean; text: string }): void;
  readonly spinning: boolean;
}

/**
 * A spinner on `output`: `@clack/prompts`' spinner on a terminal; elsewhere nothing while
 * spinning and only the final line.
 */
export function createSpinner(output: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout): Spinner {
  const tty = output.isTTY === true;
  let current: ReturnType<typeof clackSpinner> | undefined;
  return {
    start(text) {
      if (!tty) return;
      if (current === undefined) {
        current = clackSpinner({ output: output as Writable });
        current.start(text);
      } else {
        current.message(text);
      }
    },
    stop(final) {
      const running = current;
      current = undefined;
      if (running !== undefined) {
        if (final === undefined) running.clear();
        else if (final.ok) running.stop(final.text);
        else running.error(final.text);
        return;
      }
      if (final) output.write(`${final.ok ? '✔' : '✖'} ${final.text}\n`);
    },
    get spinning() {
      return current !== undefined;
    },
  };
}
