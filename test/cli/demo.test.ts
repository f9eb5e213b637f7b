import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function npmStart(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn('npm', ['start'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end();
  });
}

describe('npm start', () => {
  it('completes the whole onboarding on its own when stdin is not a terminal, and exits 0', async () => {
    const { code, stdout, stderr } = await npmStart();
    expect(stderr).not.toMatch(/error/i);
    expect(code).toBe(0);
    const transitions = stdout.split('\n').filter((line) => /^\s+\w+: .+ → /.test(line)).map((line) => line.trim());
    expect(transitions).toEqual(
      expect.arrayContaining([
        'signUp: enteringEmail → signingUp',
        'signUp: signingUp → awaitingConfirmation',
        'signUp: confirming → confirmed',
        'tenantSignUp: loadingUserAttributes → enteringDetails',
        'tenantSignUp: addingAdminRole → signedUp',
        'mfaSetup: creatingSecretCode → showingSecret',
        'mfaSetup: enablingMfa → enabled',
        'emailUpdate: requestingEmailUpdate → enteringCode',
        'emailUpdate: confirmingEmailUpdate → updated',
      ]),
    );
    expect(stdout).toMatch(/Subject: Welcome! Your temporary password/);
    expect(stdout).toMatch(/Summary\n/);
    // The in-process emulator has the sample apps' definitions: a number and a date tenant attribute, a string user attribute.
    expect(stdout).toMatch(/Tenant name: (demo-\w+)'s company; seats = 10, started_on = \d{4}-\d\d-\d\d, nickname = \1\n/);
    expect(stdout).toMatch(/Tenant\s+demo-\w+'s company \([\w-]+\)\n\s+Role\s+admin in env 3, as \/userinfo reports/);
    expect(stdout.indexOf('[3/5] Create your tenant')).toBeGreaterThan(stdout.indexOf('[2/5] Set a new password'));
    expect(stdout.indexOf('[4/5] Set up MFA')).toBeGreaterThan(stdout.indexOf('[3/5] Create your tenant'));
    expect(stdout).toMatch(/MFA\s+on \(authenticator app\); SaaSus reports enabled \(softwareToken\)/);
    expect(stdout).toMatch(/E-mail\s+demo-\w+@example\.com → new-\w+@example\.com/);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('✔ Onboarding complete: sign-up, new password, tenant, MFA and e-mail change.');
  });
});
