import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Credentials, UserInfo } from '../../src/api/index.js';
import { createEmulator } from '../../src/emulator/index.js';
import type { StatusMode } from '../../src/emulator/index.js';
import { PASSWORD, signedInUser, signedRequest, startFrozenFixture, statusAndType, transports, type Fixture } from './support.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * What the official SDKs' auth middleware does with an incoming request: the value of its
 * `Authorization: Bearer <id_token>` header goes, signed, to `GET /v1/auth/userinfo?token=`.
 */
async function sdkAuthMiddleware(f: Fixture, incoming: Headers): Promise<{ status: number; userInfo?: UserInfo; type?: string }> {
  const token = (incoming.get('authorization') ?? '').replace(/^Bearer /, '');
  const response = await signedRequest(f, 'GET', `/v1/auth/userinfo?token=${encodeURIComponent(token)}`);
  if (response.status === 200) return { status: 200, userInfo: (await response.json()) as UserInfo };
  const [status, type] = await statusAndType(response);
  return { status, ...(type === undefined ? {} : { type }) };
}

/**
 * The SDK's `getAuthCredentials(code, authFlow, refreshToken)` as its callback helper calls it:
 * query `code`, `auth-flow`, `refresh-token`; a 404 means the code is unknown, expired or used.
 */
async function sdkGetAuthCredentials(
  f: Fixture,
  query: { code?: string; 'auth-flow'?: 'tempCodeAuth' | 'refreshTokenAuth'; 'refresh-token'?: string },
): Promise<{ status: number; credentials?: Credentials; type?: string }> {
  const search = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const response = await signedRequest(f, 'GET', `/v1/auth/credentials?${search.toString()}`);
  if (response.status === 200) return { status: 200, credentials: (await response.json()) as Credentials };
  const [status, type] = await statusAndType(response);
  return { status, ...(type === undefined ? {} : { type }) };
}

/** A fresh callback code of a signed-up user, as the hosted login page redirects with it. */
function callbackCode(f: Fixture, email: string): string {
  const result = f.emulator.control.signIn({ email, password: PASSWORD });
  if (result.kind !== 'signedIn') throw new Error(`expected signedIn, got ${result.kind}`);
  return result.code;
}

const settings: StatusMode[] = ['descriptive', 'documented'];

describe.each(transports.flatMap((transport) => settings.map((statuses) => [transport, statuses] as const)))(
  "the SDKs' auth helpers against the emulator (%s, statuses: '%s')",
  (transport, statuses) => {
    let f: Fixture;
    beforeEach(async () => {
      f = await startFrozenFixture(transport, { statuses });
    });
    afterEach(() => f.close());

    it('callback helper: tempCodeAuth exchanges a UUID code once; a used, unknown or expired code is a 404', async () => {
      await signedInUser(f, 'cb@example.com');
      const code = callbackCode(f, 'cb@example.com');
      expect(code).toMatch(UUID);
      const first = await sdkGetAuthCredentials(f, { code, 'auth-flow': 'tempCodeAuth' });
      expect(first.status).toBe(200);
      expect(first.credentials).toEqual({ id_token: expect.any(String), access_token: expect.any(String), refresh_token: expect.any(String) });
      expect(await sdkGetAuthCredentials(f, { code, 'auth-flow': 'tempCodeAuth' })).toEqual({ status: 404, type: 'invalid_callback_code' });
      expect(await sdkGetAuthCredentials(f, { code: globalThis.crypto.randomUUID(), 'auth-flow': 'tempCodeAuth' })).toEqual({ status: 404, type: 'invalid_callback_code' });
      const late = callbackCode(f, 'cb@example.com');
      f.emulator.control.clock.advance(5 * 60_000);
      expect(await sdkGetAuthCredentials(f, { code: late, 'auth-flow': 'tempCodeAuth' })).toEqual({ status: 404, type: 'invalid_callback_code' });
    });

    it('refreshTokenAuth with refresh-token returns new id and access tokens, and the refresh token keeps working', async () => {
      await signedInUser(f, 'rt@example.com');
      const { credentials } = await sdkGetAuthCredentials(f, { code: callbackCode(f, 'rt@example.com'), 'auth-flow': 'tempCodeAuth' });
      const refreshToken = credentials?.refresh_token ?? '';
      f.emulator.control.clock.advance(2_000);
      const once = await sdkGetAuthCredentials(f, { 'auth-flow': 'refreshTokenAuth', 'refresh-token': refreshToken });
      expect(once.credentials).toMatchObject({ refresh_token: refreshToken });
      expect(once.credentials?.access_token).not.toBe(credentials?.access_token);
      expect(once.credentials?.id_token).not.toBe(credentials?.id_token);
      const twice = await sdkGetAuthCredentials(f, { 'auth-flow': 'refreshTokenAuth', 'refresh-token': refreshToken });
      expect(twice.status).toBe(200);
      // The refreshed ID token is what the middleware relays.
      const relayed = await sdkAuthMiddleware(f, new Headers({ authorization: `Bearer ${twice.credentials?.id_token ?? ''}` }));
      expect(relayed.userInfo?.email).toBe('rt@example.com');
      // The old underscore names are not SaaSus's: without `auth-flow` the exchange wants a code.
      const old = await signedRequest(f, 'GET', `/v1/auth/credentials?auth_flow=refreshTokenAuth&refresh_token=${encodeURIComponent(refreshToken)}`);
      expect(await statusAndType(old)).toEqual([statuses === 'documented' ? 500 : 400, 'invalid_parameter']);
    });

    it('auth middleware: Bearer <id_token> relayed as token gives the user; an access token or anything else is a 401', async () => {
      const { user } = await signedInUser(f, 'mw@example.com');
      const { credentials } = await sdkGetAuthCredentials(f, { code: callbackCode(f, 'mw@example.com'), 'auth-flow': 'tempCodeAuth' });
      const ok = await sdkAuthMiddleware(f, new Headers({ authorization: `Bearer ${credentials?.id_token ?? ''}` }));
      expect(ok).toEqual({ status: 200, userInfo: { id: user.id, email: 'mw@example.com', user_attribute: {}, tenants: [] } });
      for (const token of [credentials?.access_token ?? '', credentials?.refresh_token ?? '', 'not-a-token', '', `${credentials?.id_token ?? ''}x`]) {
        expect(await sdkAuthMiddleware(f, new Headers({ authorization: `Bearer ${token}` }))).toEqual({ status: 401, type: 'invalid_id_token' });
      }
      f.emulator.control.clock.advance(3_600_000);
      expect(await sdkAuthMiddleware(f, new Headers({ authorization: `Bearer ${credentials?.id_token ?? ''}` }))).toEqual({ status: 401, type: 'invalid_id_token' });
    });
  },
);

describe("statuses: 'documented' answers undeclared failures 500 with the same type, message and data", () => {
  it('keeps declared 4xx, turns the rest into 500, the same body either way', async () => {
    const missingUser = globalThis.crypto.randomUUID();
    const bodies = new Map<StatusMode, { status: number; body: unknown }[]>();
    for (const statuses of settings) {
      const f = await startFrozenFixture('in-process', { statuses });
      const { user, accessToken } = await signedInUser(f, 'ann@example.com');
      await f.api.requestEmailUpdate(user.id, { email: 'new@example.com', access_token: accessToken });
      const answers = [
        // confirmEmailUpdate declares only 500: a wrong code is a 500 code_mismatch with the attempts left.
        await signedRequest(f, 'POST', `/v1/auth/users/${user.id}/email/confirm`, { body: JSON.stringify({ code: '000000', access_token: accessToken }), headers: { 'content-type': 'application/json' } }),
        // signUp declares only 500: a taken address.
        await signedRequest(f, 'POST', '/v1/auth/sign-up', { body: JSON.stringify({ email: 'ann@example.com' }), headers: { 'content-type': 'application/json' } }),
        // signUpWithAwsMarketplace: an unknown registration token.
        await signedRequest(f, 'POST', '/v1/auth/aws-marketplace/sign-up', { body: JSON.stringify({ email: 'b@example.com', registration_token: globalThis.crypto.randomUUID() }), headers: { 'content-type': 'application/json' } }),
        // createSaasUser declares 400; getSaasUser declares 404.
        await signedRequest(f, 'POST', '/v1/auth/users', { body: JSON.stringify({ email: 'ann@example.com' }), headers: { 'content-type': 'application/json' } }),
        await signedRequest(f, 'GET', `/v1/auth/users/${missingUser}`),
      ];
      bodies.set(statuses, await Promise.all(answers.map(async (r) => ({ status: r.status, body: await r.json() }))));
      await f.close();
    }
    const descriptive = bodies.get('descriptive') ?? [];
    const documented = bodies.get('documented') ?? [];
    expect(descriptive.map((a) => a.status)).toEqual([400, 400, 400, 400, 404]);
    expect(documented.map((a) => a.status)).toEqual([500, 500, 500, 400, 404]);
    expect(documented.map((a) => a.body)).toEqual(descriptive.map((a) => a.body));
    expect(documented[0]?.body).toMatchObject({ type: 'code_mismatch', data: { attempts_left: 4 } });
    expect(documented[2]?.body).toMatchObject({ type: 'invalid_registration_token' });
  });

  it('is refused when unknown, and shows on the emulator', () => {
    expect(() => createEmulator({ statuses: 'loud' as StatusMode })).toThrow(TypeError);
    expect(createEmulator().statuses).toBe('descriptive');
    expect(createEmulator({ statuses: 'documented' }).statuses).toBe('documented');
  });
});

describe('the password policy and mail templates', () => {
  it('exposes temporaryPasswordValidityDays (default 7) and expires temporary passwords after it', async () => {
    expect(createEmulator().passwordPolicy).toEqual({ temporaryPasswordValidityDays: 7 });
    expect(() => createEmulator({ temporaryPasswordValidityDays: 0 })).toThrow(TypeError);
    const emulator = createEmulator({ temporaryPasswordValidityDays: 3 });
    expect(emulator.passwordPolicy.temporaryPasswordValidityDays).toBe(3);
    const f = await startFrozenFixture('in-process', { temporaryPasswordValidityDays: 3 });
    await f.api.signUp({ email: 'late@example.com' });
    const password = f.emulator.control.latestMessage('late@example.com')?.temporaryPassword ?? '';
    f.emulator.control.clock.advance(3 * 86_400_000);
    expect(() => f.emulator.control.signIn({ email: 'late@example.com', password })).toThrow(expect.objectContaining({ type: 'temporary_password_expired' }));
    await f.close();
  });

  it('mails signUp for signUp and createSaasUser, resendCode for a resend; registration tokens are UUIDs', async () => {
    const f = await startFrozenFixture('in-process');
    await f.api.signUp({ email: 'a@example.com' });
    await f.api.createSaasUser({ email: 'b@example.com' });
    f.emulator.control.clock.advance(60_001);
    await f.api.resendSignUpConfirmationEmail({ email: 'a@example.com' });
    expect(f.emulator.control.outbox().map((m) => [m.to, m.template])).toEqual([
      ['a@example.com', 'signUp'],
      ['b@example.com', 'signUp'],
      ['a@example.com', 'resendCode'],
    ]);
    expect(f.emulator.control.mintRegistrationToken()).toMatch(UUID);
    await f.close();
  });

  it('draws callback codes and registration tokens from the seeded random source', () => {
    const seeded = () => {
      let seed = 42;
      return () => ((seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647);
    };
    const a = createEmulator({ random: seeded(), now: () => 0 });
    const b = createEmulator({ random: seeded(), now: () => 0 });
    expect(a.control.mintRegistrationToken()).toBe(b.control.mintRegistrationToken());
  });
});
