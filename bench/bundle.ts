/**
 * `npm run bench:bundle`: what a browser app pulls in for one flow (machine + proxy transport +
 * the flows factory) and for all five, each bundled with esbuild (minified ESM for browsers) and
 * gzipped, printed beside xstate's own `setup`/`createActor`/`fromPromise` bundled the same way
 * in the same run. Exits non-zero when server-only code gets in (node:*, ofetch, qrcode, the
 * emulator, the signing code) or a flow costs more than the budget beyond the baseline.
 */
import { gzipSync } from 'node:zlib';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Bytes one flow may add, gzipped, beyond xstate (+ ofetch, were it in the bundle). */
const BUDGET_GZ = 4 * 1024;
/** Inputs a browser bundle of a flow must never contain. */
const FORBIDDEN: ReadonlyArray<[RegExp, string]> = [
  [/^node:|^\(disabled\)/, 'Node built-ins'],
  [/node_modules\/ofetch\//, 'ofetch'],
  [/node_modules\/qrcode\//, 'qrcode'],
  [/node_modules\/(h3|otplib|@noble)\//, 'server-side dependency'],
  [/^src\/emulator\//, 'the emulator'],
  [/^src\/api\/(signing|client)\.ts$/, 'the signing client'],
];

/** The five flows: machine export, and the key of the machine's service actors in the factory. */
const FLOWS = ['signUp', 'emailUpdate', 'externalUserLink', 'mfaSetup', 'awsMarketplaceSignUp'] as const;
type Flow = (typeof FLOWS)[number];

interface Measured {
  name: string;
  minified: number;
  gzipped: number;
  /** Gzipped size of the same entry with xstate left out (external): the flow's own code. */
  ownGzipped: number;
  inputs: Array<[string, number]>;
}

const BASELINE = `
import { setup, createActor, fromPromise } from 'xstate';
const machine = setup({ actors: { load: fromPromise(async ({ signal }) => signal.aborted) } })
  .createMachine({ initial: 'loading', states: { loading: { invoke: { src: 'load', onDone: 'done' } }, done: { type: 'final' } } });
export const start = () => createActor(machine).start();
`;

/** One flow as an app wires it: the machine with its actors over the browser transport. */
function flowEntry(flow: Flow): string {
  return `
import { createActor } from 'xstate';
import { ${flow}Machine } from './src/machines/index.ts';
import { ${flow}Actors } from './src/services/index.ts';
import { proxyTransport } from './src/services/proxy.transport.ts';
const actors = ${flow}Actors(proxyTransport('/api/saasus'), { confirmSignUp: async () => ({ userId: '' }) });
export const start = (input) => createActor(${flow}Machine.provide({ actors }), { input }).start();
`;
}

/** All five through the one-call factory, as an app with every flow does. */
function allFlowsEntry(): string {
  return `
import { createActor } from 'xstate';
import { createSaasusFlows } from './src/services/index.ts';
import { proxyTransport } from './src/services/proxy.transport.ts';
const flows = createSaasusFlows(proxyTransport('/api/saasus'), { confirmSignUp: async () => ({ userId: '' }) });
${FLOWS.map((flow) => `export const start_${flow} = (input) => createActor(flows.${flow}Machine, { input }).start();`).join('\n')}
`;
}

async function bundle(contents: string, sourcefile: string, external: string[]) {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const output = Object.values(result.metafile.outputs)[0] as Metafile['outputs'][string] | undefined;
  return { code, gzipped: gzipSync(code, { level: 9 }).byteLength, output };
}

async function measure(name: string, contents: string): Promise<Measured> {
  const whole = await bundle(contents, `${name}.entry.ts`, []);
  const own = await bundle(contents, `${name}.entry.ts`, ['xstate']);
  const inputs = Object.entries(whole.output?.inputs ?? {})
    .map(([path, info]): [string, number] => [path, info.bytesInOutput])
    .sort((a, b) => b[1] - a[1]);
  return { name, minified: whole.code.byteLength, gzipped: whole.gzipped, ownGzipped: own.gzipped, inputs };
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(2)} KB`;
}

function forbiddenInputs(measured: Measured): string[] {
  return measured.inputs.flatMap(([path]) => FORBIDDEN.filter(([re]) => re.test(path)).map(([, what]) => `${measured.name}: ${what} got in (${path})`));
}

const baseline = await measure('xstate baseline', BASELINE);
const rows: Measured[] = [baseline];
const problems: string[] = [];
async function tryMeasure(name: string, contents: string): Promise<void> {
  try {
    rows.push(await measure(name, contents));
  } catch (error) {
    problems.push(`${name}: build failed: ${error instanceof Error ? error.message.split('\n').slice(0, 4).join(' ') : String(error)}`);
  }
}
for (const flow of FLOWS) await tryMeasure(flow, flowEntry(flow));
await tryMeasure('all five flows', allFlowsEntry());
problems.push(...rows.flatMap(forbiddenInputs));
console.log('bundle sizes (esbuild --bundle --minify --format=esm --platform=browser, gzip -9)\n');
const header = ['what'.padEnd(22), 'minified'.padStart(10), 'gzipped'.padStart(10), 'vs baseline'.padStart(12), 'own code'.padStart(10)];
console.log(header.join(' '));
for (const row of rows) {
  const isBaseline = row === baseline;
  const single = !isBaseline && row.name !== 'all five flows';
  // ofetch is checked to be absent above, so "beyond xstate + ofetch" is beyond xstate alone.
  const over = single && row.gzipped - baseline.gzipped > BUDGET_GZ ? '  OVER BUDGET' : '';
  if (over) problems.push(`${row.name}: +${kb(row.gzipped - baseline.gzipped)} gzipped beyond the xstate baseline, budget ${kb(BUDGET_GZ)}`);
  const delta = isBaseline ? '—' : `+${kb(row.gzipped - baseline.gzipped)}`;
  const own = isBaseline ? '—' : kb(row.ownGzipped);
  console.log([row.name.padEnd(22), kb(row.minified).padStart(10), kb(row.gzipped).padStart(10), delta.padStart(12), own.padStart(10)].join(' ') + over);
}
console.log(`
vs baseline: gzipped size minus the baseline (xstate's setup/createActor/fromPromise) built in
  this run: what the flow adds to an app that has xstate, including the further xstate pieces
  it uses (assign, guards, delays). Budget: one flow <= ${kb(BUDGET_GZ)} (no ofetch in the bundle).
own code: the same entry with xstate external, gzipped on its own (compresses less well).
for scale: Amplify authenticator machine ~100 KB gz, official SaaSus SDK ~39 KB gz
`);
const all = rows.at(-1);
if (all && all !== baseline) {
  console.log(`largest inputs of "${all.name}" (bytes in minified output):`);
  for (const [path, bytes] of all.inputs.slice(0, 12)) console.log(`  ${String(bytes).padStart(7)}  ${path}`);
}
if (problems.length > 0) {
  console.error(`\nFAILED:\n  ${problems.join('\n  ')}`);
  process.exitCode = 1;
}
