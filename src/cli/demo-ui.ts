import type { CliIo } from './main.js';
import { createSpinner, type Spinner } from './spinner.js';

/** A "mail" as the demo shows it: what SaaSus would have e-mailed. */
export interface MailView {
  to: string;
  subject: string;
  lines: string[];
}

/** The demo's output: plain lines in auto mode, colours and a spinner on a terminal. */
export interface DemoUi {
  readonly auto: boolean;
  /** Whether output goes to a terminal (QR codes and colours are drawn). */
  readonly terminal: boolean;
  step(index: number, total: number, title: string): void;
  info(text: string): void;
  ok(text: string): void;
  fail(text: string): void;
  /** `flow: from → to`, printed in auto mode only. */
  transition(flow: string, from: string | undefined, to: string): void;
  mail(view: MailView): void;
  block(text: string): void;
  /** A request started: a spinner on a terminal (auto mode prints the transitions instead). */
  busyStart(text: string): void;
  /** The request ended: `✔ text` / `✖ text` under the spinner. */
  busyEnd(ok: boolean, text: string): void;
  summary(rows: [string, string][], footer: string): void;
  readonly spinner: Spinner;
}

const wantsColor = (terminal: boolean): boolean => terminal && !process.env.NO_COLOR && process.env.TERM !== 'dumb';

/** Creates the demo's output: lines on `io`, the spinner on `terminal` when it is a TTY. */
export function createDemoUi(io: CliIo, auto: boolean, terminal: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout): DemoUi {
  const isTerminal = terminal.isTTY === true;
  const color = wantsColor(isTerminal);
  const paint = (code: number, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const bold = (s: string) => paint(1, s);
  const dim = (s: string) => paint(2, s);
  const spinner = createSpinner(terminal);
  const out = (line: string) => {
    if (spinner.spinning) spinner.stop();
    io.out(line);
  };

  return {
    auto,
    terminal: isTerminal,
    spinner,
    step(index, total, title) {
      out('');
      out(bold(`${paint(36, `[${index}/${total}]`)} ${title}`));
    },
    info: (text) => out(`  ${text}`),
    ok: (text) => out(`  ${paint(32, '✔')} ${text}`),
    fail: (text) => out(`  ${paint(31, '✖')} ${text}`),
    transition(flow, from, to) {
      if (auto) out(dim(`  ${flow}: ${from === undefined ? '(start)' : from} → ${to}`));
    },
    mail({ to, subject, lines }) {
      const width = Math.max(44, to.length + 12, subject.length + 12, ...lines.map((l) => l.length + 4));
      const row = (s: string) => out(`  │ ${s.padEnd(width - 2)} │`);
      out(`  ┌─ ${paint(33, '✉ mail')} ${'─'.repeat(width - 9)}┐`);
      row(`To:      ${to}`);
      row(`Subject: ${subject}`);
      row('');
      for (const line of lines) row(line);
      out(`  └${'─'.repeat(width)}┘`);
    },
    block: (text) => {
      for (const line of text.replace(/\n+$/, '').split('\n')) out(`  ${line}`);
    },
    busyStart(text) {
      if (!auto) spinner.start(`${text}…`);
    },
    busyEnd(ok, text) {
      if (auto) return;
      if (spinner.spinning) spinner.stop({ ok, text });
      else out(`  ${ok ? paint(32, '✔') : paint(31, '✖')} ${text}`);
    },
    summary(rows, footer) {
      out('');
      out(bold('Summary'));
      const width = Math.max(...rows.map(([k]) => k.length));
      for (const [key, value] of rows) out(`  ${key.padEnd(width)}  ${value}`);
      out('');
      out(bold(paint(32, footer)));
    },
  };
}
