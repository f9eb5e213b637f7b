import type { FlowOperationName } from '../api/flows-api.js';
import { isApiError } from '../api/errors.js';

/*
 * "Prevent user existence errors", as Cognito calls it: the proxy's public routes run before
 * sign-in, so anyone can call them with any address. Their answers must not tell which addresses
 * have accounts. A sign-up of a taken address answers like a new sign-up (the mail SaaSus sends
 * goes to the owner, who can sign in), and a resend for an unknown or already confirmed address
 * answers like a resend, with the same cooldown a real address would get.
 */

/** The failures that would tell, per public operation. */
const TELLING: Partial<Record<FlowOperationName, readonly string[]>> = {
  signUp: ['email_already_exists'],
  signUpWithAwsMarketplace: ['email_already_exists'],
  resendSignUpConfirmationEmail: ['user_not_found', 'user_already_confirmed'],
};

/** How many addresses' made-up resends are remembered (oldest forgotten first). */
const MAX_REMEMBERED = 10_000;

/** What the proxy answers instead of a telling failure: the success body, or the cooldown a real resend would hit. */
export type Concealed = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly retryAt: number };

/** Answers that look like success to failures that would reveal whether an address has an account. */
export interface ExistenceConcealer {
  /** The answer to give instead of `error` for `operation` with `body`, or `undefined` to pass the failure on. */
  conceal(operation: FlowOperationName, error: unknown, body: unknown): Concealed | undefined;
  /** A request for `operation` with `body` that must be refused as a real one would be (a resend in its cooldown). */
  coolingDown(operation: FlowOperationName, body: unknown): Concealed | undefined;
}

function emailOf(body: unknown): string {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim() : '';
}

/**
 * The concealer of one proxy. `cooldownMs` is the resend cooldown of the SaaS (SaaSus answers a
 * resend within it with `limit_exceeded`); `now` and `newId` are parameters for tests.
 */
export function existenceConcealer(cooldownMs: number, now: () => number, newId: () => string): ExistenceConcealer {
  const resentAt = new Map<string, number>();
  const key = (body: unknown) => emailOf(body).toLowerCase();
  return {
    conceal(operation, error, body) {
      if (!isApiError(error) || error.kind !== 'http' || !TELLING[operation]?.includes(error.type)) return undefined;
      if (operation !== 'resendSignUpConfirmationEmail') return { ok: true, value: { id: newId(), email: emailOf(body), attributes: {} } };
      resentAt.delete(key(body));
      if (resentAt.size >= MAX_REMEMBERED) resentAt.delete(resentAt.keys().next().value as string);
      resentAt.set(key(body), now());
      return { ok: true, value: undefined };
    },
    coolingDown(operation, body) {
      if (operation !== 'resendSignUpConfirmationEmail') return undefined;
      const at = resentAt.get(key(body));
      if (at === undefined || now() - at >= cooldownMs) return undefined;
      return { ok: false, retryAt: at + cooldownMs };
    },
  };
}
