import { createInterface, type Interface } from 'node:readline/promises';
import { Writable } from 'node:stream';

/** Options of one question. */
export interface AskOptions {
  /** Answer used when the user just presses Enter. */
  default?: string;
  /** Hide what is typed (passwords). */
  secret?: boolean;
  /** Returns a problem to show, and asks again; `undefined` accepts the answer. */
  validate?: (answer: string) => string | undefined;
}

/** Line-based terminal questions over `node:readline`; nothing else. */
export interface Prompter {
  ask(question: string, options?: AskOptions): Promise<string>;
  /** Asks until one of `choices` (first letters accepted) is typed; returns the choice. */
  choose<T extends string>(question: string, choices: readonly T[], fallback: T): Promise<T>;
  close(): void;
}

/** Raised when the user ends the input (Ctrl-D / Ctrl-C) in the middle of a question. */
export class PromptClosedError extends Error {
  override readonly name = 'PromptClosedError';
  constructor() {
    super('Input closed.');
  }
}

/**
 * Creates a prompter on the terminal. Secret answers are not echoed: the readline output
 * goes through a switch that is muted while a secret is typed.
 */
export function createPrompter(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
): Prompter {
  let muted = false;
  const gate = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      if (!muted) output.write(chunk);
      callback();
    },
  });
  const rl: Interface = createInterface({ input, output: gate, terminal: output.isTTY === true });
  let closed = false;
  const ended = new Promise<never>((_, reject) =>
    rl.once('close', () => {
      closed = true;
      reject(new PromptClosedError());
    }),
  );
  ended.catch(() => undefined);
  rl.on('SIGINT', () => rl.close());

  async function question(text: string, secret: boolean): Promise<string> {
    if (closed) throw new PromptClosedError();
    const asked = rl.question(text);
    asked.catch(() => undefined);
    muted = secret;
    try {
      return await Promise.race([asked, ended]);
    } finally {
      if (secret) {
        muted = false;
        output.write('\n');
      }
      muted = false;
    }
  }

  return {
    async ask(text, options = {}) {
      const hint = options.default === undefined ? '' : ` (${options.default})`;
      for (;;) {
        const raw = (await question(`${text}${hint}: `, options.secret === true)).trim();
        const answer = raw === '' ? (options.default ?? '') : raw;
        const problem = answer === '' ? 'Please type an answer.' : options.validate?.(answer);
        if (problem === undefined) return answer;
        output.write(`  ${problem}\n`);
      }
    },
    async choose(text, choices, fallback) {
      const labels = choices.map((c) => (c === fallback ? `[${c}]` : c)).join('/');
      for (;;) {
        const raw = (await question(`${text} ${labels}: `, false)).trim().toLowerCase();
        if (raw === '') return fallback;
        const hit = choices.find((c) => c.toLowerCase() === raw) ?? choices.find((c) => c.toLowerCase().startsWith(raw));
        if (hit !== undefined) return hit;
        output.write(`  Type one of ${choices.join(', ')}.\n`);
      }
    },
    close() {
      rl.close();
    },
  };
}
