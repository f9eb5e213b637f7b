import { parseArgs } from 'node:util';
import { createEmulator, serveEmulator } from '../emulator/index.js';
import type { CliIo } from './main.js';

const HELP = `Usage: saasus-flows emulator [options]

Serves the local SaaSus auth emulator (the 21 SaasUserApi operations under /v1/auth,
the control surface under /_emulator and a hosted sign-in page) on loopback.

Options:
  --port <n>          TCP port (default 4010; 0 picks a free one)
  --host <addr>       interface to listen on (default 127.0.0.1)
  --data <file>       keep the state in this JSON file across restarts (default: in memory)
  --saas-id <id>      SaaS ID clients must sign with (default emulator-saas)
  --api-key <key>     API key (default emulator-api-key)
  --secret-key <key>  secret key (default emulator-secret)
  -h, --help          this text`;

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
export async function run(argv: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        port: { type: 'string', default: '4010' },
        host: { type: 'string', default: '127.0.0.1' },
        data: { type: 'string' },
        'saas-id': { type: 'string' },
        'api-key': { type: 'string' },
        'secret-key': { type: 'string' },
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
  const emulator = createEmulator({
    ...(values['saas-id'] ? { saasId: values['saas-id'] } : {}),
    ...(values['api-key'] ? { apiKey: values['api-key'] } : {}),
    ...(values['secret-key'] ? { secretKey: values['secret-key'] } : {}),
    ...(values.data ? { dataFile: values.data } : {}),
  });
  const served = await serveEmulator(emulator, { port, host: values.host });
  const { saasId, apiKey, secretKey } = emulator.credentials;
  io.out(`SaaSus auth emulator listening on ${served.url}`);
  io.out('Point the client (or an official SDK) at it with:');
  io.out(`  SAASUS_API_URL_BASE=${served.url}`);
  io.out(`  SAASUS_SAAS_ID=${saasId}`);
  io.out(`  SAASUS_API_KEY=${apiKey}`);
  io.out(`  SAASUS_SECRET_KEY=${secretKey}`);
  io.out(`State: ${values.data ? `${values.data} (written atomically after every change)` : 'in memory'}`);
  io.out(`Control (unsigned, local only): ${served.url}/_emulator  ·  sign-in page: ${served.url}/_emulator/login?redirect_uri=<callback>`);
  const signal = await untilSignal();
  io.out(`${signal}: stopping.`);
  await served.close();
  return 0;
}
