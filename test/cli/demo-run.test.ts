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

  it('creates the user\'s tenant right after the new password, filling in the attributes the SaaS defined', async () => {
    const { emulator, url } = await serve();
    emulator.control.seedDefinitions({
      tenantAttributes: [
        { attribute_name: 'seats', display_name: 'Seats', attribute_type: 'number' },
        { attribute_name: 'started_on', display_name: 'Start date', attribute_type: 'date' },
        { attribute_name: 'trial', display_name: 'Trial', attribute_type: 'bool' },
      ],
      userAttributes: [{ attribute_name: 'nickname', display_name: 'Nickname', attribute_type: 'string' }],
    });
    const { io, out } = capture();
    expect(await run(['--auto', '--api-url', url], io)).toBe(0);
    const text = out.join('\n');
    // The step sits between the new password and MFA, in a five-step header.
    // eslint-disable-next-line no-control-regex
    const headers = out.map((line) => line.replace(/\u001b\[[0-9;]*m/g, '')).filter((line) => /^\[\d\/\d\]/.test(line));
    expect(headers).toEqual(['[1/5] Sign up', '[2/5] Set a new password', '[3/5] Create your tenant', '[4/5] Set up MFA with an authenticator app', '[5/5] Change the e-mail address']);
    expect(text).toMatch(/tenantSignUp: enteringDetails → creatingTenant\n.*creatingTenant → creatingTenantUser\n.*creatingTenantUser → addingAdminRole\n.*addingAdminRole → signedUp/);

    const state = emulator.control.exportState();
    const [user, ...otherUsers] = Object.values(state.users);
    expect(otherUsers).toEqual([]);
    const tenants = Object.values(state.tenants);
    expect(tenants).toHaveLength(1);
    const [tenant] = tenants;
    const local = /^demo-\w+/.exec(text.match(/Signed up and signed in as (\S+)/)?.[1] ?? '')?.[0];
    expect(local).toBeDefined();
    expect(tenant?.name).toBe(`${local}'s company`);
    expect(tenant?.attributes).toEqual({ seats: 10, started_on: expect.stringMatching(/^\d{4}-\d\d-\d\d$/), trial: false });
    expect(tenant?.members).toEqual([user?.id]);
    expect(tenant?.tenantUsers[user?.id ?? '']).toMatchObject({ attributes: { nickname: local }, envs: { '3': ['admin'] } });
    // The summary reads the membership back from /userinfo.
    expect(text).toContain(`Tenant    ${tenant?.name} (${tenant?.id})`);
    expect(text).toMatch(/Role\s+admin in env 3, as \/userinfo reports/);
  });

  it('stops with exit 1 and the failing tenant step, leaving one tenant and no tenant user, when adding the user keeps failing', async () => {
    const { emulator, url } = await serve();
    emulator.control.injectFault('createTenantUser', { status: 500, type: 'internal_server_error', message: 'Boom.', times: Infinity });
    const { io, out } = capture();
    expect(await run(['--auto', '--api-url', url], io)).toBe(1);
    expect(out.at(-1)).toMatch(/✖ Adding you to the tenant: Boom\. \(internal_server_error\)/);
    const tenants = Object.values(emulator.control.exportState().tenants);
    expect(tenants).toHaveLength(1);
    expect(tenants[0]?.members).toEqual([]);
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
