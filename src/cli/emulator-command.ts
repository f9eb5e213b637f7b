import { parseArgs } from 'node:util';
import { createEmulator, defaultEmulatorCredentials, serveEmulator } from '../emulator/index.js';
import type { Emulator } from '../emulator/index.js';
import type { CliIo } from './main.js';

/** One `--seed` value: `email:password` or `email:password:mfa` (the password may hold colons). */
export interface SeedSpec {
  email: string;
  password: string;
  mfa: boolean;
}

/** Parses a `--seed` value; a TypeError with a message for people when malformed. */
export function parseSeed(value: string): SeedSpec {
  const at = value.indexOf(':');
  if (at <= 0) throw new TypeError(`--seed wants email:password[:mfa], got "${value.slice(0, value.indexOf(':') < 0 ? value.length : at)}:…".`);
  const email = value.slice(0, at);
  let password = value.slice(at + 1);
  const mfa = password.endsWith(':mfa');
  if (mfa) password = password.slice(0, -':mfa'.length);
  if (password === '') throw new TypeError(`--seed ${email}: the password is missing (email:password[:mfa]).`);
  return { email, password, mfa };
}

/** Seeds the users of `--seed`, printing one line each; the password is never echoed. */
export function seedUsers(emulator: Emulator, seeds: readonly SeedSpec[], io: CliIo): void {
  for (const seed of seeds) {
    try {
      const user = emulator.control.seedUser(seed);
      io.out(`Seeded ${user.email} (user ${user.userId}), password as given${user.totpSecret === undefined ? '' : `, MFA on; authenticator key: ${user.totpSecret}`}`);
    } catch (error) {
      const type = (error as { type?: unknown }).type;
      if (type === 'email_already_exists') {
        io.out(`Seed ${seed.email}: already there (kept as it is).`);
        continue;
      }
      throw new TypeError(`--seed ${seed.email}: ${(error as Error).message}`);
    }
  }
}

const HELP = `Usage: saasus-flows emulator [options]

Serves the local SaaSus auth emulator (the 21 SaasUserApi operations under /v1/auth,
the control surface under /_emulator and a hosted sign-in page) on loopback.

Options:
  --port <n>            TCP port (default 4010; 0 picks a free one)
  --host <addr>         interface to listen on (default 127.0.0.1)
  --allow-remote        allow a non-loopback --host (e.g. 0.0.0.0): the unsigned control
                        surface is then reachable from the network
  --data <file>         keep the state in this JSON file across restarts (default: in memory)
  --callback-url <url>  a callback URL the sign-in page may redirect to (repeatable; a path
                        ending in * takes any path under it; default: any loopback URL)
  --statuses <mode>     failure statuses: descriptive (default; a 4xx per error type) or
                        documented (as SaaSus's OpenAPI: undeclared failures are 500)
  --temporary-password-days <n>
                        password policy: days a temporary password is valid (default 7)
  --saas-id <id>        SaaS ID clients must sign with (default emulator-saas)
  --api-key <key>       API key (default emulator-api-key)
  --secret-key <key>    secret key (default emulator-secret; never printed)
  --seed <user>         a confirmed user to start with, as email:password or
                        email:password:mfa (MFA on with an authenticator key, printed once
                        for your app); repeatable; skipped when the --data file has the address
  -h, --help            this text`;

/** Waits for SIGINT or SIGTERM. */
function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: string) => () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(signal);
    };
    const onInt = on('SIGINT');
    const onTerm = on('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
  });
}

/** `saasus-flows emulator`: serves until SIGINT/SIGTERM, then flushes the state file. */
export async function run(argv: string[], io: CliIo, stop: () => Promise<string> = untilSignal): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        port: { type: 'string', default: '4010' },
        host: { type: 'string', default: '127.0.0.1' },
        'allow-remote': { type: 'boolean', default: false },
        data: { type: 'string' },
        'callback-url': { type: 'string', multiple: true },
        statuses: { type: 'string' },
        'temporary-password-days': { type: 'string' },
        'saas-id': { type: 'string' },
        'api-key': { type: 'string' },
        'secret-key': { type: 'string' },
        seed: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    io.err(`saasus-flows emulator: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    io.err(`saasus-flows emulator: --port must be 0 to 65535, got "${values.port}".`);
    return 2;
  }
  let seeds: SeedSpec[];
  try {
    seeds = (values.seed ?? []).map(parseSeed);
  } catch (error) {
    io.err(`saasus-flows emulator: ${(error as Error).message}`);
    return 2;
  }
  let emulator;
  let served;
  try {
    emulator = createEmulator({
      ...(values['saas-id'] ? { saasId: values['saas-id'] } : {}),
      ...(values['api-key'] ? { apiKey: values['api-key'] } : {}),
      ...(values['secret-key'] ? { secretKey: values['secret-key'] } : {}),
      ...(values.data ? { dataFile: values.data } : {}),
      ...(values['callback-url'] ? { callbackUrls: values['callback-url'] } : {}),
      ...(values.statuses === undefined ? {} : { statuses: values.statuses as 'documented' }),
      ...(values['temporary-password-days'] === undefined ? {} : { temporaryPasswordValidityDays: Number(values['temporary-password-days']) }),
    });
    seedUsers(emulator, seeds, io);
    served = await serveEmulator(emulator, { port, host: values.host, allowRemote: values['allow-remote'] });
  } catch (error) {
    // Option errors (a non-loopback --host without --allow-remote, a bad --callback-url, a
    // corrupt --data file) are TypeErrors with a message written for people.
    if (!(error instanceof TypeError)) throw error;
    io.err(`saasus-flows emulator: ${error.message.replace(/^(createEmulator|serveEmulator): /, '').replace('allowRemote: true (--allow-remote)', '--allow-remote')}`);
    return 2;
  }
  const { saasId, apiKey, secretKey } = emulator.credentials;
  if (served.remote) {
    io.err(`WARNING: listening on ${values.host}, reachable from the network. Anyone who can reach it can read and reset the state (tokens, temporary passwords) through /_emulator. Use only on a network you trust.`);
  }
  io.out(`SaaSus auth emulator listening on ${served.url}`);
  io.out('Point the client (or an official SDK) at it with:');
  io.out(`  SAASUS_API_URL_BASE=${served.url}`);
  io.out(`  SAASUS_SAAS_ID=${saasId}`);
  io.out(`  SAASUS_API_KEY=${apiKey}`);
  // The default key is public (documented); a key you chose stays yours: never echoed.
  io.out(secretKey === defaultEmulatorCredentials.secretKey ? `  SAASUS_SECRET_KEY=${secretKey}` : '  SAASUS_SECRET_KEY=<the --secret-key you passed>');
  io.out(`State: ${values.data ? `${values.data} (owner-only, written atomically after every change)` : 'in memory'}`);
  io.out(
    `Control (unsigned, ${served.remote ? 'REACHABLE FROM THE NETWORK' : 'loopback only'}): ${served.url}/_emulator  ·  sign-in page: ${served.url}/_emulator/login?redirect_uri=<callback>`,
  );
  const signal = await stop();
  io.out(`${signal}: stopping.`);
  await served.close();
  return 0;
}
