import { isWellFormedEmail } from '../api/validation.js';
import { invalidParameter } from './errors.js';
import type { Faults } from './faults.js';
import { createTenant, toTenant } from './ops-sign-up.js';
import { assertPasswordPolicy } from './ops-users.js';
import { seedDefinitions } from './seed-definitions.js';
import type { RequestLog } from './request-log.js';
import { respondToChallenge, signIn, signInWithGoogle } from './sign-in.js';
import { emptyState } from './state.js';
import { validateState } from './state-validation.js';
import type { Store } from './store.js';
import { exchangeCallbackCode, userOfIdToken } from './tokens.js';
import type { EmulatorControl, MailTemplate, OutboxMessage, SeededUser } from './types.js';
import { assertEmailFree, createUser, requireUser, sameEmail, toUserInfo } from './users.js';

const TEMPLATES: readonly MailTemplate[] = ['signUp', 'resendCode', 'updateUserAttribute', 'verifyExternalUser', 'invitation'];

/** Whether `value` names a mail template. */
export function isMailTemplate(value: unknown): value is MailTemplate {
  return typeof value === 'string' && (TEMPLATES as readonly string[]).includes(value);
}

/**
 * The in-process control object. Every method that changes state calls `changed()` (which
 * schedules a persistence write); failures throw `EmulatorError`.
 */
export function createControl(store: Store, faults: Faults, requests: RequestLog, changed: () => void): EmulatorControl {
  const mutating =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): R => {
      try {
        return fn(...args);
      } finally {
        changed();
      }
    };

  const outbox = (filter: { to?: string; template?: MailTemplate } = {}): OutboxMessage[] => {
    if (filter.template !== undefined && !isMailTemplate(filter.template)) throw invalidParameter(`Unknown template "${String(filter.template)}".`);
    return store.state.outbox
      .filter((m) => (filter.to === undefined || sameEmail(m.to, filter.to)) && (filter.template === undefined || m.template === filter.template))
      .map((m) => ({ ...m }));
  };

  return {
    outbox,
    latestMessage: (to, template) => outbox(template === undefined ? { to } : { to, template }).at(-1),
    clearOutbox: mutating(() => {
      store.state.outbox = [];
    }),
    signIn: mutating((p) => signIn(store, p)),
    respondToChallenge: mutating((p) => respondToChallenge(store, p)),
    signInWithGoogle: mutating((p) => signInWithGoogle(store, p)),
    exchangeCode: mutating((code) => {
      if (typeof code !== 'string' || code === '') throw invalidParameter('"code" must be a non-empty string.');
      return exchangeCallbackCode(store, code);
    }),
    userInfo: (idToken) => {
      if (typeof idToken !== 'string') throw invalidParameter('"idToken" must be a string.');
      return toUserInfo(store, userOfIdToken(store, idToken));
    },
    mintRegistrationToken: mutating((p = {}) => {
      const ttlMs = p.ttlMs ?? store.config.registrationTokenTtlMs;
      if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs < 0) throw invalidParameter('"ttlMs" must be a non-negative number.');
      const token = store.rand.uuid();
      store.state.registrationTokens[token] = { expiresAt: store.now() + ttlMs };
      return token;
    }),
    seedUser: mutating((p) => {
      if (typeof p !== 'object' || p === null) throw invalidParameter('seedUser needs { email, password }.');
      if (!isWellFormedEmail(p.email)) throw invalidParameter('"email" must be an e-mail address.');
      if (typeof p.password !== 'string') throw invalidParameter('"password" must be a string.');
      if (p.mfa !== undefined && typeof p.mfa !== 'boolean') throw invalidParameter('"mfa" must be a boolean.');
      const email = p.email.trim();
      assertEmailFree(store, email);
      assertPasswordPolicy(p.password);
      const user = createUser(store, email, p.password);
      const seeded: SeededUser = { userId: user.id, email };
      if (p.mfa === true) {
        const secret = store.rand.totpSecret();
        user.softwareToken = { secret };
        user.mfa = { enabled: true, method: 'softwareToken' };
        seeded.totpSecret = secret;
      }
      return seeded;
    }),
    createTenant: mutating((p) => {
      if (typeof p?.name !== 'string' || p.name === '' || p.name.length > 256) throw invalidParameter('"name" must be 1 to 256 characters.');
      if (p.userId !== undefined && typeof p.userId !== 'string') throw invalidParameter('"userId" must be a string.');
      const member = p.userId === undefined ? undefined : requireUser(store, p.userId);
      return toTenant(createTenant(store, p.name, member));
    }),
    seedDefinitions: mutating((p) => seedDefinitions(store, p)),
    clock: {
      now: () => store.clock.now(),
      advance: mutating((ms: number) => {
        if (typeof ms !== 'number' || !Number.isFinite(ms)) throw invalidParameter('"ms" must be a finite number.');
        store.clock.advance(ms);
      }),
      set: mutating((ms: number) => {
        if (typeof ms !== 'number' || !Number.isFinite(ms)) throw invalidParameter('"ms" must be a finite number.');
        store.clock.set(ms);
      }),
    },
    injectFault: (operation, fault) => {
      if (typeof fault !== 'object' || fault === null) throw invalidParameter('A fault must be an object.');
      faults.inject(operation, fault);
    },
    clearFaults: () => faults.clear(),
    requestLog: () => requests.list(),
    reset: mutating(() => {
      store.state = emptyState();
      faults.clear();
      requests.clear();
    }),
    exportState: () => structuredClone(store.state),
    importState: mutating((state: unknown) => {
      store.state = validateState(state);
    }),
  };
}
