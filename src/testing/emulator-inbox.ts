import type { EmulatorControl, MailTemplate, OutboxMessage } from '../emulator/index.js';

/** Anything with the emulator's control outbox: the emulator itself, in-process. */
export interface OutboxSource {
  control: Pick<EmulatorControl, 'outbox'>;
}

/** Reads what the emulator "mailed": temporary passwords and verification codes. */
export interface EmulatorInbox {
  /** Messages to `to` (every address when omitted), oldest first. */
  messages(to?: string, template?: MailTemplate): OutboxMessage[];
  /** The newest message to `to`, if any. */
  latest(to: string, template?: MailTemplate): OutboxMessage | undefined;
  /** The newest temporary password mailed to `to` (sign-up, resend, admin creation). Throws when none. */
  temporaryPassword(to: string): string;
  /** The newest verification code mailed to `to` (e-mail change, external link). Throws when none. */
  code(to: string, template?: MailTemplate): string;
}

function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function newest<T extends keyof OutboxMessage>(source: OutboxSource, to: string, field: T, template?: MailTemplate): NonNullable<OutboxMessage[T]> {
  const filter = template === undefined ? {} : { template };
  const found = source.control
    .outbox(filter)
    .filter((message) => sameAddress(message.to, to) && message[field] !== undefined)
    .at(-1)?.[field];
  if (found === undefined || found === null) throw new Error(`no ${field} was mailed to ${to}${template === undefined ? '' : ` (${template})`}`);
  return found as NonNullable<OutboxMessage[T]>;
}

/**
 * An inbox over the emulator's outbox, for tests and demos that need what a user would read
 * in their mail.
 *
 * @example
 * const inbox = createInbox(emulator);
 * actor.send({ type: 'code.submit', code: inbox.code('ann@example.com') });
 */
export function createInbox(source: OutboxSource): EmulatorInbox {
  return {
    messages(to, template) {
      const all = source.control.outbox(template === undefined ? {} : { template });
      return to === undefined ? all : all.filter((message) => sameAddress(message.to, to));
    },
    latest(to, template) {
      return this.messages(to, template).at(-1);
    },
    temporaryPassword(to) {
      return newest(source, to, 'temporaryPassword');
    },
    code(to, template) {
      return newest(source, to, 'code', template);
    },
  };
}

/** The newest temporary password the emulator mailed to `email`. Throws when none. */
export function latestTemporaryPassword(source: OutboxSource, email: string): string {
  return createInbox(source).temporaryPassword(email);
}

/** The newest verification code the emulator mailed to `email`. Throws when none. */
export function latestCode(source: OutboxSource, email: string, template?: MailTemplate): string {
  return createInbox(source).code(email, template);
}
