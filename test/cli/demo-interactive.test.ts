import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/demo.js';
import { createEmulator, serveEmulator } from '../../src/emulator/index.js';
import { createAuthenticator } from '../../src/testing/index.js';

type Answer = string | ((lines: readonly string[]) => string);

/** The interactive demo on streams: answers each question as it appears, in order. */
async function interactive(script: [RegExp, Answer][], argv: string[] = []): Promise<{ code: number; lines: string[]; questions: string[] }> {
  const input = new PassThrough();
  const output = new PassThrough();
  const lines: string[] = [];
  const questions: string[] = [];
  let pending = '';
  output.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    if (!pending.endsWith(': ')) return;
    // Anything before the last line is feedback on the previous answer (a validation message).
    questions.push(pending.trim());
    const question = (pending.split('\n').at(-1) ?? '').trim();
    pending = '';
    const next = script.shift();
    if (next === undefined || !next[0].test(question)) {
      input.end(); // an unexpected question: the demo sees the input closed
      return;
    }
    const answer = typeof next[1] === 'string' ? next[1] : next[1](lines);
    setImmediate(() => input.write(`${answer}\n`));
  });
  const code = await run(argv, { out: (line) => lines.push(line), err: (line) => lines.push(line) }, { input, output, interactive: true });
  return { code, lines, questions };
}

const phone = createAuthenticator();
const keyShown = (lines: readonly string[]) => (lines.findLast((l) => l.trim().startsWith('Key: ')) ?? '').replace(/^\s*Key: /, '').replace(/ /g, '');
const mailedCode = (lines: readonly string[]) => (lines.findLast((l) => /^\s*│\s+\d{6}\s+│$/.test(l)) ?? '').replace(/\D/g, '');

describe('saasus-flows demo on a terminal', () => {
  it('asks each question, shows failures with their SaaSus error and lets the user try again', async () => {
    const { code, lines, questions } = await interactive([
      [/^Your e-mail address \(demo-\w+@example\.com\):$/, ''],
      [/^Temporary password from the mail/, 'not-the-password-1'],
      [/^New password/, 'short'],
      [/^New password/, 'Better-pass-1'],
      [/^Temporary password from the mail/, ''],
      [/^New password/, 'Better-pass-1'],
      [/^6-digit code from the app/, (l) => phone.wrongCode(keyShown(l))],
      [/^6-digit code from the app/, (l) => phone.code(keyShown(l))],
      [/^New e-mail address/, ''],
      [/^Code from the mail/, (l) => (mailedCode(l) === '000000' ? '111111' : '000000')],
      [/^Code from the mail/, (l) => mailedCode(l)],
    ]);
    expect(questions).toHaveLength(11);
    expect(code).toBe(0);
    const text = lines.join('\n');
    expect(text).toMatch(/✖ Incorrect e-mail address or password\. \(not_authorized\)/);
    expect(questions.join('\n')).toMatch(/Use at least 8 characters, with a letter and a digit\./);
    expect(text).toMatch(/✖ .*\(code_mismatch\)[\s\S]*✔ Authenticator app registered/);
    expect(text).toMatch(/\d attempts? left\./);
    expect(lines.some((l) => /→/.test(l) && /: \w+ → \w+/.test(l))).toBe(false);
    expect(lines.at(-1)).toMatch(/Onboarding complete/);
  });

  it('stops with exit 130 when the input ends in the middle of a question', async () => {
    const { code, lines } = await interactive([]);
    expect(code).toBe(130);
    expect(lines.at(-1)).toMatch(/Cancelled\./);
  });

  it('after a retryable sign-up failure asks to retry, edit or cancel: retry sends again, edit goes back to the address', async () => {
    const emulator = createEmulator();
    const served = await serveEmulator(emulator, { port: 0 });
    try {
      emulator.control.injectFault('signUp', { status: 503, type: 'service_unavailable', message: 'Down.', times: 2 });
      const { code, questions } = await interactive(
        [
          [/^Your e-mail address/, ''],
          [/^Try again\? \[retry\]\/edit\/cancel:$/, 'retry'],
          [/^Try again\? \[retry\]\/edit\/cancel:$/, 'edit'],
          [/^Your e-mail address/, ''],
        ],
        ['--api-url', served.url],
      );
      expect(questions.map((q) => q.split('\n').at(-1))).toEqual([
        expect.stringMatching(/^Your e-mail address/),
        'Try again? [retry]/edit/cancel:',
        'Try again? [retry]/edit/cancel:',
        expect.stringMatching(/^Your e-mail address/),
        expect.stringMatching(/^Temporary password from the mail/),
      ]);
      expect(code).toBe(130);
      expect(emulator.control.requestLog().filter((r) => r.operation === 'signUp').map((r) => r.status)).toEqual([503, 503, 201]);
    } finally {
      await served.close();
    }
  });

  it('after a retryable sign-up failure, cancel ends the demo', async () => {
    const emulator = createEmulator();
    const served = await serveEmulator(emulator, { port: 0 });
    try {
      emulator.control.injectFault('signUp', { status: 503, type: 'service_unavailable', message: 'Down.' });
      const { code, lines } = await interactive(
        [
          [/^Your e-mail address/, ''],
          [/^Try again\?/, 'cancel'],
        ],
        ['--api-url', served.url],
      );
      expect(code).toBe(1);
      expect(lines.join('\n')).toMatch(/Sign-up was cancelled\./);
      expect(emulator.control.exportState().users).toEqual({});
    } finally {
      await served.close();
    }
  });
});
