const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A one-line progress indicator for a request in flight. */
export interface Spinner {
  /** Starts (or retitles) the spinner. */
  start(text: string): void;
  /** Stops it, leaving `✔ text` / `✖ text` (or nothing when `final` is omitted). */
  stop(final?: { ok: boolean; text: string }): void;
  readonly spinning: boolean;
}

/**
 * Creates a spinner on `output`. On a terminal it redraws one line every 80 ms; elsewhere it
 * writes nothing while spinning and only the final line.
 */
export function createSpinner(
  output: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
  colors = output.isTTY === true,
): Spinner {
  const tty = output.isTTY === true;
  let timer: NodeJS.Timeout | undefined;
  let frame = 0;
  let text = '';
  const paint = (s: string, code: number) => (colors ? `\u001b[${code}m${s}\u001b[39m` : s);
  const draw = () => {
    output.write(`\r\u001b[2K${paint(FRAMES[frame % FRAMES.length] ?? '-', 36)} ${text}`);
    frame++;
  };

  return {
    start(next) {
      text = next;
      if (!tty) return;
      if (timer === undefined) {
        output.write('\u001b[?25l');
        timer = setInterval(draw, 80);
        timer.unref();
      }
      draw();
    },
    stop(final) {
      if (timer !== undefined) {
        clearInterval(timer);
        timer = undefined;
        output.write('\r\u001b[2K\u001b[?25h');
      }
      if (final) output.write(`${final.ok ? paint('✔', 32) : paint('✖', 31)} ${final.text}\n`);
    },
    get spinning() {
      return timer !== undefined;
    },
  };
}
