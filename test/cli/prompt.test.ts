import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createPrompter, PromptClosedError } from '../../src/cli/prompt.js';

function terminal(tty: boolean) {
  const input = new PassThrough();
  const output = Object.assign(new PassThrough(), { isTTY: tty });
  let shown = '';
  output.setEncoding('utf8').on('data', (chunk: string) => (shown += chunk));
  const prompter = createPrompter(input, output);
  /** Types `text` once the question has been written. */
  const type = (text: string) => setImmediate(() => input.write(text));
  return { input, prompter, type, shown: () => shown };
}

describe('createPrompter', () => {
  it('takes the default on an empty answer and asks again while the answer is refused', async () => {
    const t = terminal(false);
    t.type('\n');
    await expect(t.prompter.ask('Name', { default: 'ann' })).resolves.toBe('ann');
    const answer = t.prompter.ask('Code', { validate: (v) => (/^\d+$/.test(v) ? undefined : 'Digits only.') });
    t.type('abc\n');
    setTimeout(() => t.input.write('123\n'), 5);
    await expect(answer).resolves.toBe('123');
    expect(t.shown()).toContain('Name (ann): ');
    expect(t.shown()).toContain('  Digits only.\n');
    t.prompter.close();
  });

  it('accepts a unique prefix of a choice and the fallback on Enter', async () => {
    const t = terminal(false);
    t.type('ca\n');
    await expect(t.prompter.choose('Next?', ['retry', 'cancel'], 'retry')).resolves.toBe('cancel');
    t.type('\n');
    await expect(t.prompter.choose('Next?', ['retry', 'cancel'], 'retry')).resolves.toBe('retry');
    expect(t.shown()).toContain('Next? [retry]/cancel: ');
    t.prompter.close();
  });

  it('does not echo a secret answer on a terminal, but echoes a plain one', async () => {
    const t = terminal(true);
    t.type('visible-answer\r');
    await expect(t.prompter.ask('Plain')).resolves.toBe('visible-answer');
    t.type('hidden-s3cret\r');
    await expect(t.prompter.ask('Password', { secret: true })).resolves.toBe('hidden-s3cret');
    expect(t.shown()).toContain('visible-answer');
    expect(t.shown()).toContain('Password: ');
    expect(t.shown()).not.toContain('hidden-s3cret');
    t.prompter.close();
  });

  it('rejects with PromptClosedError when the input ends during a question', async () => {
    const t = terminal(false);
    const answer = t.prompter.ask('Anything');
    setImmediate(() => t.input.end());
    await expect(answer).rejects.toBeInstanceOf(PromptClosedError);
    await expect(t.prompter.ask('Again')).rejects.toBeInstanceOf(PromptClosedError);
  });
});
