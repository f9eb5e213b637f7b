/**
 * `saasus-flows demo`: the onboarding wizard. Sign-up, the mailed temporary password, a new
 * password, a new tenant with the user as its admin, MFA with an authenticator app, an e-mail change — the real machines over the
 * signing client, against an emulator in this process (default), a served emulator or SaaSus.
 */
import { parseArgs } from 'node:util';
import { isApiError } from '../api/errors.js';
import { createSaasusFlows, type UserSession } from '../services/index.js';
import { connectDemo, type DemoBackend } from './demo-backend.js';
import { emailStep } from './demo-email.js';
import { DemoFailure, type DemoContext } from './demo-flow.js';
import { mfaStep } from './demo-mfa.js';
import { tenantStep } from './demo-tenant.js';
import { demoConfirmSignUp, signUpStep } from './demo-sign-up.js';
import { createDemoUi, type DemoUi } from './demo-ui.js';
import type { CliIo } from './main.js';
import { createPrompter, PromptClosedError } from './prompt.js';

const USAGE = `Usage: saasus-flows demo [options]

Walks a new user through sign-up, the mailed temporary password, a new password, creating their
tenant (self sign-up, admin in env 3), MFA with an authenticator app and an e-mail change, on the
real flow machines.

Options:
  --auto               drive every step without questions (the default when stdin is not a terminal)
  --api-url URL        a served emulator (saasus-flows emulator) or SaaSus (https://api.saasus.io);
                       default: an emulator inside this process
  --saas-id ID         default: $SAASUS_SAAS_ID (the emulator's own when --api-url is an emulator)
  --api-key KEY        default: $SAASUS_API_KEY
  --secret-key KEY     default: $SAASUS_SECRET_KEY
  --resend-cooldown S  seconds before a mail may be sent again (default 60; the in-process
                       emulator uses the same)
  -h, --help           this text`;

function describe(error: unknown, backend: DemoBackend | undefined): string {
  if (error instanceof DemoFailure) return error.message;
  if (isApiError(error)) {
    if (error.kind === 'network' || error.kind === 'timeout') {
      return `Could not reach ${backend?.label ?? 'the API'} (${error.message}). Is it running? Start one with: saasus-flows emulator (npx tsx src/cli/main.ts emulator in this repository)`;
    }
    return `${error.message} (${error.type}, HTTP ${error.status})`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The env the self sign-up makes the user admin in: production, id 3, which every SaaS has. */
const ADMIN_ENV_ID = 3;

async function onboard(ctx: DemoContext, started: number): Promise<void> {
  const { backend, ui } = ctx;
  let session: UserSession | undefined;
  const flows = createSaasusFlows(backend.api, {
    session: () => {
      if (session === undefined) throw new DemoFailure('Nobody is signed in yet.');
      return session;
    },
    confirmSignUp: demoConfirmSignUp(ctx, (next) => {
      session = next;
    }),
  });

  const { email, userId } = await signUpStep(ctx, flows.signUpMachine);
  const today = new Date((await backend.emulator?.now()) ?? Date.now()).toISOString().slice(0, 10);
  const tenant = await tenantStep(ctx, flows.tenantSignUpMachine, today);
  const mfa = await mfaStep(ctx, flows.mfaSetupMachine, email);
  const finalEmail = await emailStep(ctx, flows.emailUpdateMachine, email);

  // Read back what the flows did, with the admin operations only the back end may call.
  const [user, preference] = await Promise.all([backend.api.getSaasUser(userId), backend.api.getUserMfaPreference(userId)]);
  // The user's own view (`GET /userinfo` with their ID token): the tenant and its roles per env.
  const idToken = session?.idToken;
  const info = idToken === undefined ? undefined : await backend.api.getUserInfo(idToken);
  const member = info?.tenants.find((t) => t.id === tenant?.id);
  const roles = member?.envs.find((env) => env.id === ADMIN_ENV_ID)?.roles.map((r) => r.role_name) ?? [];
  ui.summary(
    [
      ['API', backend.label],
      ['User', userId],
      ['E-mail', finalEmail === email ? email : `${email} → ${user.email}`],
      ['Password', 'temporary password replaced at the first sign-in'],
      ['Tenant', tenant === undefined ? 'none (cancelled)' : `${tenant.name} (${tenant.id})`],
      ['Role', tenant === undefined ? '-' : `${roles.length === 0 ? 'none' : roles.join(', ')} in env ${ADMIN_ENV_ID}, as /userinfo reports`],
      ['MFA', `${mfa}; SaaSus reports ${preference.enabled ? `enabled (${preference.method ?? 'softwareToken'})` : 'disabled'}`],
      ['Time', `${((Date.now() - started) / 1000).toFixed(1)} s`],
    ],
    '✔ Onboarding complete: sign-up, new password, tenant, MFA and e-mail change.',
  );
}

/** The terminal the interactive demo asks on; tests pass streams. */
export interface DemoTerminal {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream & { isTTY?: boolean };
  /** Whether the input is a terminal; when not, the demo runs in auto mode. */
  interactive: boolean;
}

const processTerminal = (): DemoTerminal => ({ input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true });

/** Runs the demo; resolves to the exit code (0 done, 1 failed, 2 bad usage, 130 cancelled). */
export async function run(argv: string[], io: CliIo, terminal: DemoTerminal = processTerminal()): Promise<number> {
  let values: { auto?: boolean; help?: boolean; 'resend-cooldown'?: string; 'api-url'?: string; 'saas-id'?: string; 'api-key'?: string; 'secret-key'?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        auto: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        'api-url': { type: 'string' },
        'saas-id': { type: 'string' },
        'api-key': { type: 'string' },
        'secret-key': { type: 'string' },
        'resend-cooldown': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.err(`saasus-flows demo: ${error instanceof Error ? error.message : String(error)}`);
    io.err(USAGE);
    return 2;
  }
  if (values.help === true) {
    io.out(USAGE);
    return 0;
  }

  const cooldown = values['resend-cooldown'] === undefined ? undefined : Number(values['resend-cooldown']);
  if (cooldown !== undefined && (!Number.isFinite(cooldown) || cooldown < 0)) {
    io.err(`saasus-flows demo: --resend-cooldown must be a number of seconds, got "${values['resend-cooldown']}".`);
    return 2;
  }
  const resendCooldownMs = cooldown === undefined ? undefined : Math.round(cooldown * 1000);
  const auto = values.auto === true || !terminal.interactive;
  const ui: DemoUi = createDemoUi(io, auto, terminal.output);
  const started = Date.now();
  io.out(`saasus-flows demo — onboarding a new user${auto ? ' (auto mode: every step driven, every state change printed)' : ''}`);
  let backend: DemoBackend | undefined;
  const prompt = auto ? undefined : createPrompter(terminal.input, terminal.output);
  try {
    backend = await connectDemo({
      ...(values['api-url'] === undefined ? {} : { apiUrl: values['api-url'] }),
      ...(values['saas-id'] === undefined ? {} : { saasId: values['saas-id'] }),
      ...(values['api-key'] === undefined ? {} : { apiKey: values['api-key'] }),
      ...(values['secret-key'] === undefined ? {} : { secretKey: values['secret-key'] }),
      ...(resendCooldownMs === undefined ? {} : { resendCooldownMs }),
    });
    io.out(`API: ${backend.label}`);
    if (auto && backend.emulator === undefined) {
      throw new DemoFailure('Auto mode reads the mails from the emulator\'s outbox; against SaaSus run the demo in a terminal without --auto.');
    }
    await onboard({ ui, prompt, backend, ...(resendCooldownMs === undefined ? {} : { resendCooldownMs }) }, started);
    return 0;
  } catch (error) {
    if (error instanceof PromptClosedError) {
      ui.fail('Cancelled.');
      return 130;
    }
    ui.fail(describe(error, backend));
    return 1;
  } finally {
    ui.spinner.stop();
    prompt?.close();
    await backend?.close();
  }
}
