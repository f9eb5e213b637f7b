import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createPrompter, PromptClosedError } from '../../src/cli/prompt.js';

/** A fake terminal: keys go in, the drawn prompt comes out. */
function terminal() {
  const input = new PassThrough();
  const output = new PassThrough();
  let drawn = '';
  output.on('data', (chunk: Buffer) => void (drawn += chunk.toString()));
  const keys = async (text: string) => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    input.write(text);
  };
  return { input, output, keys, drawn: () => drawn };
}

describe('createPrompter (@clack/prompts)', () => {
  it('takes the typed answer, and the default on Enter', async () => {
    const t = terminal();
    const prompt = createPrompter(t.input, t.output);
    const typed = prompt.ask('Your e-mail address', { default: 'demo@example.com' });
    await t.keys('ann@example.com\r');
    await expect(typed).resolves.toBe('ann@example.com');
    const empty = prompt.ask('Your e-mail address', { default: 'demo@example.com' });
    await t.keys('\r');
    await expect(empty).resolves.toBe('demo@example.com');
  });

  it('closes a question when its signal aborts, rejecting with the reason (no question stays open)', async () => {
    const t = terminal();
    const prompt = createPrompter(t.input, t.output);
    const controller = new AbortController();
    const asked = prompt.ask('Temporary password from the mail', { signal: controller.signal });
    asked.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort(new Error('the flow moved on'));
    await expect(asked).rejects.toThrow('the flow moved on');
    // The next question gets the next keys.
    const next = prompt.ask('Code');
    await t.keys('123456\r');
    await expect(next).resolves.toBe('123456');
  });

  it('picks a choice with the arrow keys', async () => {
    const t = terminal();
    const prompt = createPrompter(t.input, t.output);
    const choice = prompt.choose('Waiting', [
      { value: 'signIn', label: 'Sign in' },
      { value: 'resend', label: 'Send the mail again', hint: 'possible in 42 s' },
    ]);
    await t.keys('\u001b[B\r');
    await expect(choice).resolves.toBe('resend');
    expect(t.drawn()).toContain('possible in 42 s');
  });

  it('does not draw a secret answer', async () => {
    const t = terminal();
    const prompt = createPrompter(t.input, t.output);
    const secret = prompt.ask('New password', { secret: true });
    await t.keys('Hidden-pass-1\r');
    await expect(secret).resolves.toBe('Hidden-pass-1');
    expect(t.drawn()).not.toContain('Hidden-pass-1');
  });

  it('rejects with PromptClosedError when the user cancels (Ctrl-C)', async () => {
    const t = terminal();
    const prompt = createPrompter(t.input, t.output);
    const asked = prompt.ask('Your e-mail address');
    asked.catch(() => undefined);
    await t.keys('\u0003');
    await expect(asked).rejects.toBeInstanceOf(PromptClosedError);
  });
});
