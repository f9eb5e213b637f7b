import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/demo.js';
import { createEmulator, serveEmulator, type Emulator, type ServedEmulator } from '../../src/emulator/index.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) }, out, err };
}

describe('saasus-flows demo', () => {
  let served: ServedEmulator | undefined;
  afterEach(async () => {
    vi.unstubAllEnvs();
    await served?.close();
    served = undefined;
  });

  async function serve(): Promise<{ emulator: Emulator; url: string }> {
    const emulator = createEmulator();
    served = await serveEmulator(emulator, { port: 0 });
    return { emulator, url: served.url };
  }

  it('runs against a served emulator with --api-url, reading mails through /_emulator', async () => {
    const { emulator, url } = await serve();
    const { io, out } = capture();
    expect(await run(['--auto', '--api-url', url], io)).toBe(0);
    expect(out).toContain(`API: the emulator at ${url}`);
    expect(out.at(-1)).toMatch(/Onboarding complete/);
    // The temporary password's deadline is the machine's: SaaSus's 7 days, not the codes' 24 hours.
    expect(out.join('\n')).toMatch(/It works until \d{4}-\d\d-\d\d \d\d:\d\d UTC[\s\S]*\(7 days\)/);
    const users = emulator.control.exportState().users;
    expect(Object.values(users).map((u) => u.email)).toEqual([expect.stringMatching(/^new-\w+@example\.com$/)]);
  });

  it('exits 1 with the failing step and the SaaSus error when a request keeps failing', async () => {
    const { emulator, url } = await serve();
    emulator.control.injectFault('createSecretCode', { status: 500, type: 'internal_server_error', message: 'Boom.', times: Infinity });
    const { io, out } = capture();
    expect(await run(['--auto', '--api-url', url], io)).toBe(1);
    expect(out.at(-1)).toMatch(/✖ Creating the authenticator key: Boom\. \(internal_server_error\)/);
    expect(out.join('\n')).not.toMatch(/Onboarding complete/);
  });

  it('explains which credentials are missing when --api-url is not an emulator', async () => {
    for (const name of ['SAASUS_SAAS_ID', 'SAASUS_API_KEY', 'SAASUS_SECRET_KEY']) vi.stubEnv(name, '');
    const { io, out } = capture();
    expect(await run(['--auto', '--api-url', 'http://127.0.0.1:9'], io)).toBe(1);
    expect(out.at(-1)).toMatch(/is not an emulator: set SAASUS_SAAS_ID, SAASUS_API_KEY and SAASUS_SECRET_KEY/);
  });

  it('takes the credentials from SAASUS_SAAS_ID, SAASUS_API_KEY and SAASUS_SECRET_KEY when no flag gives them', async () => {
    vi.stubEnv('SAASUS_SAAS_ID', 's');
    vi.stubEnv('SAASUS_API_KEY', 'k');
    vi.stubEnv('SAASUS_SECRET_KEY', 'x');
    const { io, out } = capture();
    expect(await run(['--auto', '--api-url', 'http://127.0.0.1:9'], io)).toBe(1);
    expect(out.at(-1)).toMatch(/Auto mode reads the mails from the emulator's outbox/);
  });

  it('refuses auto mode against SaaSus, where no outbox can be read', async () => {
    const { io, out } = capture();
    const code = await run(['--auto', '--api-url', 'http://127.0.0.1:9', '--saas-id', 's', '--api-key', 'k', '--secret-key', 'x'], io);
    expect(code).toBe(1);
    expect(out.at(-1)).toMatch(/Auto mode reads the mails from the emulator's outbox/);
  });

  it('prints its usage for --help and rejects unknown options with exit 2', async () => {
    const help = capture();
    expect(await run(['--help'], help.io)).toBe(0);
    expect(help.out.join('\n')).toMatch(/--api-url URL/);
    const bad = capture();
    expect(await run(['--colour'], bad.io)).toBe(2);
    expect(bad.err.join('\n')).toMatch(/Unknown option '--colour'/);
  });
});
