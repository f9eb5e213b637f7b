import { AsyncLocalStorage } from 'node:async_hooks';
import type { FlowsApi } from 'saasus-flows';
import { ApiError } from 'saasus-flows/api';
import type { Emulator, MailTemplate, OutboxMessage } from 'saasus-flows/emulator';
import type { BrowserSession } from './sessions.js';

/** One message of the demo mailbox, as the page gets it. */
export interface MailboxMessage {
  id: string;
  template: MailTemplate;
  to: string;
  sentAt: number;
  temporaryPassword?: string;
  code?: string;
}

/**
 * The demo mailbox: there is no real e-mail here, so the page may read what SaaSus would have
 * mailed — but only the messages that this browser's own requests caused (its sign-up, its
 * resend, its e-mail change), found by comparing the emulator's outbox before and after each of
 * those calls. Nothing else of the emulator is reachable from the browser.
 */
export class DemoMail {
  readonly #emulator: Emulator;
  /** The browser session of the request being handled, across the proxy's awaits. */
  readonly #current = new AsyncLocalStorage<BrowserSession>();

  constructor(emulator: Emulator) {
    this.#emulator = emulator;
  }

  /** Runs `handle` (the proxy) with `session` as the browser whose requests cause mail. */
  run<T>(session: BrowserSession, handle: () => Promise<T>): Promise<T> {
    return this.#current.run(session, handle);
  }

  /**
   * The API the proxy calls, with the mail-sending operations watched. A resend is refused
   * unless this browser signed the address up: otherwise anyone could have a stranger's new
   * temporary password mailed into their own demo mailbox. Every other operation (the tenant
   * operations of the self sign-up too) is passed through as it is.
   */
  watch<T extends FlowsApi>(api: T): T {
    const watched: FlowsApi = {
      ...api,
      signUp: async (body, options) => {
        const result = await this.#caused(body.email, ['signUp'], () => api.signUp(body, options));
        this.#current.getStore()?.signUps.add(body.email.toLowerCase());
        return result;
      },
      resendSignUpConfirmationEmail: async (body, options) => {
        if (this.#current.getStore()?.signUps.has(body.email.toLowerCase()) !== true) {
          throw new ApiError({
            kind: 'http',
            status: 403,
            type: 'resend_not_allowed',
            message: 'Ask for the mail again from the browser you signed up in.',
            operation: 'resendSignUpConfirmationEmail',
          });
        }
        return this.#caused(body.email, ['signUp', 'resendCode'], () => api.resendSignUpConfirmationEmail(body, options));
      },
      requestEmailUpdate: (userId, body, options) =>
        this.#caused(body.email, ['updateUserAttribute'], () => api.requestEmailUpdate(userId, body, options)),
    };
    // Only the three operations above are replaced, with the same signatures: the rest is `api`'s own.
    return watched as T;
  }

  /** The messages this browser's requests caused, oldest first. */
  messagesOf(session: BrowserSession | undefined): MailboxMessage[] {
    if (session === undefined || session.mail.size === 0) return [];
    return this.#emulator.control
      .outbox()
      .filter((m) => session.mail.has(m.id))
      .map(({ id, template, to, sentAt, temporaryPassword, code }: OutboxMessage) => ({
        id,
        template,
        to,
        sentAt,
        ...(temporaryPassword === undefined ? {} : { temporaryPassword }),
        ...(code === undefined ? {} : { code }),
      }));
  }

  async #caused<T>(to: string, templates: readonly MailTemplate[], call: () => Promise<T>): Promise<T> {
    const session = this.#current.getStore();
    const before = new Set(this.#emulator.control.outbox({ to }).map((m) => m.id));
    const result = await call();
    if (session !== undefined) {
      for (const m of this.#emulator.control.outbox({ to })) {
        if (!before.has(m.id) && templates.includes(m.template)) session.mail.add(m.id);
      }
    }
    return result;
  }
}
