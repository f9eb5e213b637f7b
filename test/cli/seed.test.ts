import { describe, expect, it } from 'vitest';
import { parseSeed, run } from '../../src/cli/emulator-command.js';
import type { CliIo } from '../../src/cli/main.js';
import { createEmulator } from '../../src/emulator/index.js';
import { createAuthenticator } from '../../src/testing/index.js';

function recorder(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (line) => void lines.push(line), err: (line) => void errors.push(line) };
}

describe('emulator.control.seedUser', () => {
  it('creates a confirmed user who signs in with the password at once', () => {
    const emulator = createEmulator();
    const seeded = emulator.control.seedUser({ email: 'ann@example.com', password: 'Passw0rd-1' });
    expect(seeded).toEqual({ userId: expect.any(String), email: 'ann@example.com' });
    expect(emulator.control.outbox()).toEqual([]);
    const result = emulator.control.signIn({ email: 'ann@example.com', password: 'Passw0rd-1' });
    expect(result).toMatchObject({ kind: 'signedIn', userId: seeded.userId });
  });

  it('with mfa, registers an authenticator key, turns MFA on and returns the key', () => {
    const emulator = createEmulator();
    const seeded = emulator.control.seedUser({ email: 'bob@example.com', password: 'Passw0rd-2', mfa: true });
    expect(seeded.totpSecret).toMatch(/^[A-Z2-7]{16,}$/);
    const challenge = emulator.control.signIn({ email: 'bob@example.com', password: 'Passw0rd-2' });
    if (challenge.kind !== 'SOFTWARE_TOKEN_MFA') throw new Error(`expected an MFA challenge, got ${challenge.kind}`);
    const app = createAuthenticator({ now: () => emulator.control.clock.now() });
    const done = emulator.control.respondToChallenge({ session: challenge.session, totpCode: app.code(seeded.totpSecret ?? '') });
    expect(done).toMatchObject({ kind: 'signedIn', userId: seeded.userId });
  });

  it('refuses a taken address, a weak password and a malformed address with SaaSus errors', () => {
    const emulator = createEmulator();
    emulator.control.seedUser({ email: 'ann@example.com', password: 'Passw0rd-1' });
    expect(() => emulator.control.seedUser({ email: 'ANN@example.com', password: 'Passw0rd-1' })).toThrow(expect.objectContaining({ type: 'email_already_exists' }));
    expect(() => emulator.control.seedUser({ email: 'cy@example.com', password: 'short' })).toThrow(expect.objectContaining({ type: 'invalid_password' }));
    expect(() => emulator.control.seedUser({ email: 'nope', password: 'Passw0rd-1' })).toThrow(expect.objectContaining({ type: 'invalid_parameter' }));
  });

  it('is served as POST /_emulator/users', async () => {
    const emulator = createEmulator();
    const response = await emulator.fetch('http://localhost/_emulator/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'dee@example.com', password: 'Passw0rd-4', mfa: true }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { userId: string; totpSecret?: string };
    expect(body.totpSecret).toEqual(expect.any(String));
    const again = await emulator.fetch('http://localhost/_emulator/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'dee@example.com', password: 'Passw0rd-4', mfa: 'yes' }),
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ type: 'invalid_parameter' });
  });
});

describe('saasus-flows emulator --seed', () => {
  it('parses email:password and email:password:mfa (the password may hold colons)', () => {
    expect(parseSeed('ann@example.com:Pass:w0rd')).toEqual({ email: 'ann@example.com', password: 'Pass:w0rd', mfa: false });
    expect(parseSeed('ann@example.com:Passw0rd:mfa')).toEqual({ email: 'ann@example.com', password: 'Passw0rd', mfa: true });
    expect(() => parseSeed('ann@example.com')).toThrow(TypeError);
    expect(() => parseSeed('ann@example.com::mfa')).toThrow(/password is missing/);
  });

  it('serves with the seeded users, who sign in over HTTP; the password is never printed', async () => {
    const io = recorder();
    const code = await run(['--port', '0', '--seed', 'ann@example.com:Passw0rd-1', '--seed', 'bob@example.com:Passw0rd-2:mfa'], io, async () => {
      const url = io.lines.find((line) => line.startsWith('SaaSus auth emulator listening on '))?.split(' ').at(-1) ?? '';
      const signIn = async (email: string, password: string) => {
        const response = await fetch(`${url}/_emulator/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
        return (await response.json()) as { kind: string };
      };
      expect(await signIn('ann@example.com', 'Passw0rd-1')).toMatchObject({ kind: 'signedIn' });
      expect(await signIn('bob@example.com', 'Passw0rd-2')).toMatchObject({ kind: 'SOFTWARE_TOKEN_MFA' });
      return 'SIGTERM';
    });
    expect(code).toBe(0);
    expect(io.lines.some((line) => line.startsWith('Seeded ann@example.com'))).toBe(true);
    expect(io.lines.find((line) => line.startsWith('Seeded bob@example.com'))).toMatch(/MFA on; authenticator key: [A-Z2-7]+/);
    expect(io.lines.join('\n')).not.toContain('Passw0rd');
  });

  it('exits 2 with a readable message for a malformed or refused seed', async () => {
    const malformed = recorder();
    expect(await run(['--port', '0', '--seed', 'ann@example.com'], malformed, async () => 'SIGTERM')).toBe(2);
    expect(malformed.errors.join('\n')).toMatch(/--seed wants email:password\[:mfa\]/);
    const weak = recorder();
    expect(await run(['--port', '0', '--seed', 'ann@example.com:short'], weak, async () => 'SIGTERM')).toBe(2);
    expect(weak.errors.join('\n')).toMatch(/--seed ann@example.com: The password must be/);
    expect(weak.errors.join('\n')).not.toContain('short');
  });
});
