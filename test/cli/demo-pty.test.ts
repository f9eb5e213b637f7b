import { spawn, type IPty } from '@lydell/node-pty';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOWN = '\u001b[B';
const ENTER = '\r';
/** Generous: the machine has two cores shared with other work. */
const WAIT_MS = 40_000;

// eslint-disable-next-line no-control-regex
const stripAnsi = (text: string): string => text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[()][0-9A-B]|\u001b[=>]/g, '');

/** The interactive demo in a pseudo-terminal, read as plain text. */
class DemoTerminal {
  private readonly pty: IPty;
  private text = '';
  private cursor = 0;
  readonly exited: Promise<number>;

  constructor(args: string[]) {
    this.pty = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'demo', ...args], {
      cwd: ROOT,
      cols: 120,
      rows: 60,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } as Record<string, string>,
    });
    this.pty.onData((chunk) => {
      this.text += stripAnsi(chunk);
    });
    this.exited = new Promise((resolve) => this.pty.onExit(({ exitCode }) => resolve(exitCode)));
  }

  /** Waits for `pattern` after what was already read; returns the match. */
  async waitFor(pattern: RegExp | string): Promise<RegExpExecArray> {
    const regex = typeof pattern === 'string' ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : pattern;
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const match = regex.exec(this.text.slice(this.cursor));
      if (match !== null) {
        this.cursor += match.index + match[0].length;
        return match;
      }
      if (Date.now() > deadline) throw new Error(`no ${String(pattern)} in the demo's output:\n${this.text.slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Types keys (a short pause lets the prompt take them one answer at a time). */
  async type(keys: string): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 150));
    this.pty.write(keys);
  }

  get output(): string {
    return this.text;
  }

  kill(): void {
    this.pty.kill();
  }
}

/** Steps 2 to 5 from the sign-in choice on: temporary password, new password, tenant, MFA, e-mail change. */
async function finish(demo: DemoTerminal, options: { wrongMfaCode?: boolean; tenantName?: string } = {}): Promise<void> {
  await demo.type(ENTER); // Sign in with the temporary password
  await demo.waitFor('Temporary password from the mail');
  await demo.type(ENTER); // the newest mail's password, offered
  await demo.waitFor('New password');
  await demo.type(`Demo-pass-42${ENTER}`);
  await demo.waitFor('New password set; signed in');
  await demo.waitFor('Create your tenant');
  await demo.waitFor('Tenant name');
  await demo.type(`${options.tenantName ?? ''}${ENTER}`); // typed, or the suggested "<local part>'s company"
  await demo.waitFor('Seats (a number)');
  await demo.type(`many${ENTER}`); // refused before any request
  await demo.waitFor('Enter a number for Seats.');
  await demo.type(`${'\u007f'.repeat(10)}25${ENTER}`);
  await demo.waitFor('Start date (YYYY-MM-DD)');
  await demo.type(ENTER); // today, suggested
  await demo.waitFor('Nickname (text)');
  await demo.type(ENTER);
  await demo.waitFor(/Tenant "[^"]+" created/);
  await demo.waitFor('6-digit code from the app');
  if (options.wrongMfaCode === true) {
    await demo.type(`000000${ENTER}`);
    await demo.waitFor(/(\d+) attempts? left/);
    await demo.waitFor('6-digit code from the app');
  }
  await demo.type(`show${ENTER}`);
  const [, code] = await demo.waitFor(/shows (\d{6}) now/);
  await demo.waitFor('6-digit code from the app');
  await demo.type(`${code}${ENTER}`);
  await demo.waitFor('MFA is on');
  await demo.waitFor('New e-mail address');
  await demo.type(ENTER);
  const [, mailed] = await demo.waitFor(/Type this code in the app to confirm the change:[\s│]*(\d{6})/);
  await demo.waitFor('Code from the mail');
  await demo.type(`${mailed}${ENTER}`);
  await demo.waitFor('Onboarding complete');
}

async function run(scenario: (demo: DemoTerminal) => Promise<void>, args: string[] = []): Promise<DemoTerminal> {
  const demo = new DemoTerminal(args);
  try {
    await scenario(demo);
    expect(await demo.exited).toBe(0);
    return demo;
  } catch (error) {
    demo.kill();
    throw error;
  }
}

describe('the interactive demo in a terminal', { timeout: 180_000 }, () => {
  it('resends during the cooldown, then signs in with the new temporary password', async () => {
    const demo = await run(
      async (d) => {
        await d.waitFor('Your e-mail address');
        await d.type(ENTER);
        await d.waitFor('Waiting for the sign-in');
        await d.type(DOWN + ENTER); // Send the mail again, during the cooldown
        await d.waitFor(/A new mail goes out when the cooldown ends \(in \d+ s\)/);
        await d.waitFor('Your temporary password (sent again)');
        await d.waitFor('Waiting for the sign-in');
        await finish(d);
      },
      ['--resend-cooldown', '3'],
    );
    const mails = [...demo.output.matchAll(/password and choose a new one:[\s│]*(\S+)/g)].map((m) => m[1]);
    expect(mails).toHaveLength(2);
    expect(mails[0]).not.toBe(mails[1]);
  });

  it('changes a typo’d address while waiting for the sign-in', async () => {
    const demo = await run(async (d) => {
      await d.waitFor('Your e-mail address');
      await d.type(`ann@exmaple.com${ENTER}`);
      await d.waitFor('Waiting for the sign-in of ann@exmaple.com');
      await d.type(DOWN + DOWN + ENTER); // Change the address
      await d.waitFor('Your e-mail address');
      await d.type(`${'\u007f'.repeat(40)}ann@example.com${ENTER}`);
      await d.waitFor('Waiting for the sign-in of ann@example.com');
      await finish(d, { tenantName: 'Ann Corp' });
    });
    expect(demo.output).toContain('Signed up and signed in as ann@example.com');
    expect(demo.output).toMatch(/Tenant "Ann Corp" created \([\w-]+\); you are its admin\./);
    expect(demo.output).toMatch(/Tenant\s+Ann Corp \([\w-]+\)/);
    expect(demo.output).toMatch(/Role\s+admin in env 3, as \/userinfo reports/);
  });

  it('shows the attempts left after a wrong MFA code, then finishes', async () => {
    const demo = await run(async (d) => {
      await d.waitFor('Your e-mail address');
      await d.type(ENTER);
      await d.waitFor('Waiting for the sign-in');
      await finish(d, { wrongMfaCode: true });
    });
    expect(demo.output).toMatch(/code_mismatch/);
    expect(demo.output.match(/\d+ attempts? left/g)).toHaveLength(1);
  });

  it('stops with exit 130 on Ctrl-C in a question', async () => {
    const demo = new DemoTerminal([]);
    try {
      await demo.waitFor('Your e-mail address');
      await demo.type('\u0003');
      expect(await demo.exited).toBe(130);
      expect(demo.output).toContain('Cancelled.');
    } finally {
      demo.kill();
    }
  });
});
