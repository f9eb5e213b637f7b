/** Small HTTP helpers of the wizard's back end: answers, cookies, origin and body checks. */

/** Largest body the back end reads (`POST /session`, the sign-in form): 16 KiB. */
export const MAX_BODY_BYTES = 16 * 1024;

/** A JSON answer that is never cached. */
export function json(status: number, body: unknown, headers: HeadersInit = {}): Response {
  const response = new Response(JSON.stringify(body), { status, headers });
  response.headers.set('content-type', 'application/json; charset=utf-8');
  response.headers.set('cache-control', 'no-store');
  response.headers.set('x-content-type-options', 'nosniff');
  return response;
}

/** A SaaSus-shaped error answer, `{ type, message }`. */
export function fail(status: number, type: string, message: string): Response {
  return json(status, { type, message });
}

/**
 * The scheme the browser used: `x-forwarded-proto` from a TLS-terminating proxy in front of the
 * app, else the request URL's.
 */
export function schemeOf(request: Request): 'http' | 'https' {
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  if (forwarded === 'https' || forwarded === 'http') return forwarded;
  return new URL(request.url).protocol === 'https:' ? 'https' : 'http';
}

/** The wizard's own origin as the browser sees it (what a same-origin `Origin` header holds). */
export function ownOrigin(request: Request): string {
  return `${schemeOf(request)}://${new URL(request.url).host}`;
}

/** The value of cookie `name`, if the request carries it. */
export function cookieOf(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(/;\s*/)) {
    if (part.startsWith(`${name}=`)) return part.slice(name.length + 1);
  }
  return undefined;
}

/** A `Set-Cookie` value: HttpOnly, SameSite=Lax, whole site; `Secure` when served over https. */
export function setCookie(request: Request, name: string, value: string, maxAgeSeconds?: number): string {
  const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (maxAgeSeconds !== undefined) parts.push(`Max-Age=${maxAgeSeconds}`);
  if (schemeOf(request) === 'https') parts.push('Secure');
  return parts.join('; ');
}

/**
 * Refuses a state-changing request that is not from the wizard's own page: the `Origin` header
 * must be present and equal the wizard's origin (browsers send it on every `fetch` POST and form
 * post; a page of another site cannot forge it), and `Sec-Fetch-Site`, when sent, must not say
 * another site. Returns the refusal, or `undefined` when the request may go on.
 */
export function refuseCrossSite(request: Request): Response | undefined {
  const origin = request.headers.get('origin');
  if (origin === null) return fail(403, 'cross_site_request', 'This request must come from the wizard’s own page (no Origin header).');
  if (origin !== ownOrigin(request)) return fail(403, 'cross_site_request', 'Requests from another site are refused.');
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin') return fail(403, 'cross_site_request', 'Requests from another site are refused.');
  return undefined;
}

/** Whether the request's `Content-Type` is `type` (parameters such as `charset` allowed). */
export function hasContentType(request: Request, type: string): boolean {
  const value = request.headers.get('content-type') ?? '';
  return value.split(';')[0]?.trim().toLowerCase() === type;
}

/**
 * Reads the body up to `limit` bytes, or `undefined` when it is larger: a declared
 * `Content-Length` over the limit is refused before reading anything, and a streamed body is
 * cancelled as soon as it passes the limit, so a huge body is never held in memory.
 */
export async function readBounded(request: Request, limit = MAX_BODY_BYTES): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const declared = request.headers.get('content-length');
  if (declared !== null && !(Number(declared) <= limit)) return undefined;
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** Compares two secrets in time independent of where they differ. */
export function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** A random URL-safe token of 32 bytes (session ids, `state` nonces). */
export function randomToken(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(32));
  return Buffer.from(bytes).toString('base64url');
}
