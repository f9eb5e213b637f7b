import { isCancel, password, select, text } from '@clack/prompts';
import type { Readable, Writable } from 'node:stream';

/** Options every question takes. */
export interface QuestionOptions {
  /** Closes the question (it resolves nothing and rejects with the signal's reason). */
  signal?: AbortSignal;
}

/** Options of a text question. */
export interface AskOptions extends QuestionOptions {
  /** Answer used when the user just presses Enter (shown as the placeholder). */
  default?: string;
  /** Hide what is typed (passwords). */
  secret?: boolean;
  /** Returns a problem to show, and asks again; `undefined` accepts the answer. */
  validate?: (answer: string) => string | undefined;
}

/** One choice of {@link Prompter.choose}. */
export interface Choice<T extends string> {
  value: T;
  label: string;
  hint?: string;
}

/** Terminal questions on `@clack/prompts`; each can be closed by its `signal`. */
export interface Prompter {
  ask(question: string, options?: AskOptions): Promise<string>;
  /** A list to pick from with the arrow keys; resolves to the chosen value. */
  choose<T extends string>(question: string, choices: readonly Choice<T>[], options?: QuestionOptions & { initial?: T }): Promise<T>;
  close(): void;
}

/** Raised when the user cancels a question (Ctrl-C / Escape) or the input ends. */
export class PromptClosedError extends Error {
  override readonly name = 'PromptClosedError';
  constructor() {
    super('Input closed.');
  }
}

/** The reason an aborted question rejects with. */
function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The question was closed.', 'AbortError');
}

/**
 * Creates a prompter on the terminal. A question whose `signal` aborts is closed on screen and
 * rejects with the signal's reason, so a question never stays open after its answer stopped
 * mattering (the flow moved on by itself).
 */
export function createPrompter(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
): Prompter {
  const streams = { input: input as Readable, output: output as Writable };
  let closed = false;

  async function settle<T>(answer: Promise<T | symbol>, signal: AbortSignal | undefined): Promise<T> {
    if (closed) throw new PromptClosedError();
    const value = await answer;
    if (signal?.aborted === true) throw abortReason(signal);
    if (isCancel(value)) throw new PromptClosedError();
    return value as T;
  }

  return {
    async ask(message, options = {}) {
      const { signal, validate } = options;
      const check = (value: string | undefined): string | undefined => {
        const answer = (value ?? '').trim() || (options.default ?? '');
        if (answer === '') return 'Please type an answer.';
        return validate?.(answer);
      };
      if (signal?.aborted === true) throw abortReason(signal);
      const common = { ...streams, message, validate: check, ...(signal === undefined ? {} : { signal }) };
      const answer =
        options.secret === true
          ? password(common)
          : text({ ...common, ...(options.default === undefined ? {} : { placeholder: options.default, defaultValue: options.default }) });
      const value = await settle<string>(answer, signal);
      return value.trim() || (options.default ?? '');
    },
    async choose<T extends string>(message: string, choices: readonly Choice<T>[], options: QuestionOptions & { initial?: T } = {}): Promise<T> {
      const { signal, initial } = options;
      if (signal?.aborted === true) throw abortReason(signal);
      const answer = select<T>({
        ...streams,
        message,
        options: choices.map((c) => ({ value: c.value, label: c.label, ...(c.hint === undefined ? {} : { hint: c.hint }) })) as never,
        ...(initial === undefined ? {} : { initialValue: initial }),
        ...(signal === undefined ? {} : { signal }),
      });
      return settle<T>(answer as Promise<T | symbol>, signal);
    },
    close() {
      closed = true;
    },
  };
}
