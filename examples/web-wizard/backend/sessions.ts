import { cookieOf, randomToken, setCookie } from './http.js';

/** The signed-in user, as only the back end knows it: the browser never sees these tokens. */
export interface SignedInUser {
  userId: string;
  email: string;
  accessToken: string;
  /** SaaSus's `GET /v1/auth/userinfo?token=` takes the ID token. */
  idToken: string;
}

/** What the back end keeps per browser, found by the `wizard_sid` cookie. */
export interface BrowserSession {
  id: string;
  lastSeen: number;
  /** The `state` nonce sent with the last sign-in redirect, checked when the browser comes back. */
  signIn?: { state: string; expiresAt: number };
  user?: SignedInUser;
  /** Outbox message ids this browser's own requests caused (the demo mailbox shows only these). */
  mail: Set<string>;
  /** Addresses this browser signed up (lower case): only these may ask for the mail again. */
  signUps: Set<string>;
}

export const SESSION_COOKIE = 'wizard_sid';
const IDLE_MS = 2 * 3_600_000;
const MAX_SESSIONS = 10_000;

/** The browsers' sessions, in memory: bounded in number and dropped after two idle hours. */
export class BrowserSessions {
  readonly #byId = new Map<string, BrowserSession>();

  /** The request's live session, if any. */
  find(request: Request): BrowserSession | undefined {
    const id = cookieOf(request, SESSION_COOKIE);
    const session = id === undefined ? undefined : this.#byId.get(id);
    if (session === undefined) return undefined;
    if (Date.now() - session.lastSeen > IDLE_MS) {
      this.#byId.delete(session.id);
      return undefined;
    }
    session.lastSeen = Date.now();
    // Most recently used last: the first entries are the ones to drop when full.
    this.#byId.delete(session.id);
    this.#byId.set(session.id, session);
    return session;
  }

  /** The request's session, or a new one; `cookie` is set when the browser must be told its id. */
  open(request: Request): { session: BrowserSession; cookie?: string } {
    const found = this.find(request);
    if (found) return { session: found };
    const session: BrowserSession = { id: randomToken(), lastSeen: Date.now(), mail: new Set(), signUps: new Set() };
    this.#add(session);
    return { session, cookie: setCookie(request, SESSION_COOKIE, session.id) };
  }

  /**
   * Gives the session a new id (after sign-in, so an id planted before it is worthless) and
   * returns the cookie that carries it.
   */
  rotate(request: Request, session: BrowserSession): string {
    this.#byId.delete(session.id);
    session.id = randomToken();
    this.#add(session);
    return setCookie(request, SESSION_COOKIE, session.id);
  }

  /** Forgets the session; returns the cookie that clears it in the browser. */
  end(request: Request, session: BrowserSession | undefined): string {
    if (session) this.#byId.delete(session.id);
    return setCookie(request, SESSION_COOKIE, '', 0);
  }

  #add(session: BrowserSession): void {
    while (this.#byId.size >= MAX_SESSIONS) {
      const oldest = this.#byId.keys().next().value;
      if (oldest === undefined) break;
      this.#byId.delete(oldest);
    }
    this.#byId.set(session.id, session);
  }
}
