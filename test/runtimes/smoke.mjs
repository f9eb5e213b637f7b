// Runtime smoke test of the BUILT package: the same plain-JS file runs unchanged under Node,
// Bun and Deno (test/runtimes/runtimes.test.ts runs it and checks what it prints). It imports
// only the package's public entries, by name, as an installed app would.
//
//   <runtime> smoke.mjs              signing as the package chooses it on this runtime
//   <runtime> smoke.mjs --portable   node:crypto made unavailable first: the pure-JS fallback
//
// Prints exactly one JSON line on stdout (also on failure, with `error` and the failed `stage`).
// It never prints a password, code, access token, TOTP secret or the secret key.

/** The entry `createSaasusProxy` comes from. After the redesign: 'saasus-flows/proxy'. */
const PROXY_ENTRY = 'saasus-flows/proxy';

const runtime = typeof globalThis.Deno !== 'undefined' ? 'deno' : typeof globalThis.Bun !== 'undefined' ? 'bun' : 'node';
const version = runtime === 'deno' ? globalThis.Deno.version.deno : runtime === 'bun' ? globalThis.Bun.version : globalThis.process.versions.node;
const args = runtime === 'deno' ? globalThis.Deno.args : globalThis.process.argv.slice(2);
const portable = args.includes('--portable');

const result = { runtime, version, mode: portable ? 'portable' : 'default', stage: 'start' };

// ---------------------------------------------------------------------------------------------
// Which HMAC the package takes. It reaches node:crypto only through process.getBuiltinModule
// (Node, Bun and Deno have it); without it, it loads @noble/hashes. Watch that lookup; in
// --portable mode answer it with "not here", as a runtime without node:crypto would, BEFORE
// the package is loaded (hence the dynamic imports below).
// ---------------------------------------------------------------------------------------------
const cryptoLookups = [];
const proc = globalThis.process;
const getBuiltinModule = proc?.getBuiltinModule;
result.getBuiltinModule = typeof getBuiltinModule === 'function';
if (typeof getBuiltinModule === 'function') {
  proc.getBuiltinModule = function watchedGetBuiltinModule(id) {
    if (id === 'node:crypto' || id === 'crypto') {
      if (portable) {
        cryptoLookups.push('hidden');
        return undefined;
      }
      const found = getBuiltinModule.call(this, id);
      cryptoLookups.push(typeof found?.createHmac === 'function' ? 'found' : 'missing');
      return found;
    }
    return getBuiltinModule.call(this, id);
  };
}

const { createActor, waitFor } = await import('xstate');
const root = await import('saasus-flows');
const { createSaasUserApi } = await import('saasus-flows/api');
const { createEmulator, serveEmulator } = await import('saasus-flows/emulator');
const { otpauthUri, qrSvg } = await import('saasus-flows/mfa');
const { createSaasusProxy } = await import(PROXY_ENTRY);
const { memoryFlowStore, createFlowEndpoint } = await import('saasus-flows/server');
/** The package entries this script exercises (the test checks them against package.json "exports"). */
result.entries = [...new Set(['saasus-flows', 'saasus-flows/api', 'saasus-flows/emulator', 'saasus-flows/mfa', PROXY_ENTRY, 'saasus-flows/server'])];
const { createSaasusFlows } = root;

const enc = new TextEncoder();
const hex = (bytes) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
const sha256 = async (text) => hex(await crypto.subtle.digest('SHA-256', enc.encode(text)));

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// ---------------------------------------------------------------------------------------------
// 1. SAASUSSIGV1 test vectors of the JS SDK algorithm (signed minute 202611281930, API key
//    `testapikey`, secret `testsecret`, SaaS ID `S`), through the public client: a fixed clock
//    and a fetch that keeps the Authorization header. They hold the signatures as the SaaSus
//    SDKs compute them, so they check this runtime's HMAC against an outside reference.
// ---------------------------------------------------------------------------------------------
const VECTOR_TIME = new Date(Date.UTC(2026, 10, 28, 19, 30, 59, 999)); // signed as 202611281930
const VECTOR_USER = 'f94bfffc-8be2-11ec-b41a-0242ac120004';
const vectors = [
  {
    name: 'POST sign-up, compact JSON body',
    baseURL: 'https://api.saasus.io',
    call: (api) => api.signUp({ email: 'a@example.com' }),
    signature: '3f37bd855876c539a58af4826cbe67446b656a546cc21e1a7de3a2e343c31a11',
  },
  {
    name: 'GET users, no body',
    baseURL: 'https://api.saasus.io',
    call: (api) => api.getSaasUsers(),
    signature: 'd3d1b8099eac78c464bbf04bda3a8a2993adbbb4bce7cb9a994467f18bf82625',
  },
  {
    name: 'DELETE provider link',
    baseURL: 'https://api.saasus.io',
    call: (api) => api.unlinkProvider('Google', VECTOR_USER),
    signature: 'd043b462fb4fbfadfc06139c1a55fff129f459d7b6fda751046f641e97d5554e',
  },
  {
    name: 'emulator host with port',
    baseURL: 'http://localhost:8080',
    call: (api) => api.signUp({ email: 'a@example.com' }),
    signature: '9015e329467a8b27ea04283fe123099c276eac8ecdbe11f3526fba16c68f8139',
  },
];

async function signVectors() {
  const out = [];
  for (const v of vectors) {
    let authorization;
    const api = createSaasUserApi({
      baseURL: v.baseURL,
      saasId: 'S',
      apiKey: 'testapikey',
      secretKey: 'testsecret',
      now: () => VECTOR_TIME,
      retry: false,
      fetch: async (input, init) => {
        authorization = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).get('authorization');
        return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    await v.call(api);
    const expected = `SAASUSSIGV1 Sig=${v.signature}, SaaSID=S, APIKey=testapikey`;
    out.push({ name: v.name, ok: authorization === expected, ...(authorization === expected ? {} : { got: authorization ?? null }) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// 2. The emulator served by this runtime's own HTTP server on 127.0.0.1, port 0.
// ---------------------------------------------------------------------------------------------
async function serve(emulator) {
  const handler = (request) => emulator.fetch(request);
  if (runtime === 'bun') {
    const server = globalThis.Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: handler });
    return { server: 'Bun.serve', url: `http://127.0.0.1:${server.port}`, close: async () => void (await server.stop(true)) };
  }
  if (runtime === 'deno') {
    let listening;
    const ready = new Promise((resolve) => (listening = resolve));
    const server = globalThis.Deno.serve({ hostname: '127.0.0.1', port: 0, onListen: ({ port }) => listening(port) }, handler);
    const port = await ready;
    return { server: 'Deno.serve', url: `http://127.0.0.1:${port}`, close: () => server.shutdown() };
  }
  const served = await serveEmulator(emulator, { port: 0 }); // node:http
  return { server: 'node:http', url: served.url, close: served.close };
}

/** The emulator's test-only control surface, over HTTP (unsigned, local use only). */
function controlOver(url) {
  return async function control(method, path, body) {
    const response = await fetch(`${url}/_emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    check(response.ok, `${method} /_emulator${path} answered ${response.status}: ${text.slice(0, 200)}`);
    return text === '' ? undefined : JSON.parse(text);
  };
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) with Web Crypto: the user's authenticator app. */
async function totp(base32Secret, atMs) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of base32Secret.replace(/=+$/, '').toUpperCase()) {
    const value = alphabet.indexOf(ch);
    check(value >= 0, 'The TOTP secret is not base32.');
    bits += value.toString(2).padStart(5, '0');
  }
  const key = new Uint8Array(Math.floor(bits.length / 8));
  for (let i = 0; i < key.length; i++) key[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
  const counter = new DataView(new ArrayBuffer(8));
  counter.setBigUint64(0, BigInt(Math.floor(atMs / 1000 / 30)));
  const hmacKey = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', hmacKey, counter.buffer));
  const offset = mac[mac.length - 1] & 0x0f;
  const code = (((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3]) % 1_000_000;
  return String(code).padStart(6, '0');
}

const settled = (actor, state) => waitFor(actor, (s) => s.status !== 'active' || (s.matches(state) && !s.hasTag('busy')), { timeout: 10_000 });
const done = (actor) => waitFor(actor, (s) => s.status !== 'active', { timeout: 10_000 });

function expectState(snapshot, state, flow) {
  check(snapshot.status === 'active' && snapshot.matches(state) && !snapshot.hasTag('error'), `${flow} should wait in ${state}, is in ${JSON.stringify(snapshot.value)} (error: ${snapshot.context.error?.message ?? 'none'}).`);
}

async function flowsOverHttp(url, emulator) {
  const control = controlOver(url);
  const api = createSaasUserApi({ baseURL: url, ...emulator.credentials, retry: false, timeout: 10_000 });
  const suffix = crypto.randomUUID().slice(0, 8);
  const email = `ann-${suffix}@example.com`;
  const newEmail = `ann.new-${suffix}@example.com`;
  const newPassword = `Runtime-${suffix}-9`;
  let session;

  /** The app's confirmation step: hosted sign-in with the temporary password, new password, code exchange. */
  const confirmSignUp = async ({ email: address, confirmation }, { signal }) => {
    check(confirmation.method === 'newPassword', 'Expected a new-password confirmation.');
    let step = await control('POST', '/sign-in', { email: address, password: confirmation.temporaryPassword });
    if (step.kind === 'NEW_PASSWORD_REQUIRED') step = await control('POST', '/sign-in/challenge', { session: step.session, newPassword: confirmation.newPassword });
    check(step.kind === 'signedIn', `Sign-in ended in ${step.kind}.`);
    const credentials = await api.getCredentials(step.code, { signal });
    session = { userId: step.userId, accessToken: credentials.access_token };
    return { userId: step.userId };
  };
  const flows = createSaasusFlows(api, { session: () => session, confirmSignUp });
  const out = {};

  // Sign-up: e-mail, mailed temporary password, new password -> confirmed.
  result.stage = 'sign-up';
  const signUp = createActor(flows.signUpMachine, { input: {} }).start();
  signUp.send({ type: 'email.submit', email });
  expectState(await settled(signUp, 'awaitingConfirmation'), 'awaitingConfirmation', 'signUp');
  const welcome = await control('GET', `/outbox/latest?${new URLSearchParams({ to: email, template: 'signUp' })}`);
  signUp.send({ type: 'confirmation.submit', confirmation: { method: 'newPassword', temporaryPassword: welcome.temporaryPassword, newPassword } });
  const signedUp = (await done(signUp)).output;
  check(signedUp?.status === 'confirmed' && signedUp.email === email && signedUp.userId === session?.userId, `signUp output: ${JSON.stringify(signedUp)}`);
  out.signUp = signedUp.status;

  // E-mail change: new address, mailed code -> updated.
  result.stage = 'email-update';
  const emailUpdate = createActor(flows.emailUpdateMachine, { input: {} }).start();
  emailUpdate.send({ type: 'email.submit', email: newEmail });
  expectState(await settled(emailUpdate, 'enteringCode'), 'enteringCode', 'emailUpdate');
  const codeMail = await control('GET', `/outbox/latest?${new URLSearchParams({ to: newEmail, template: 'updateUserAttribute' })}`);
  emailUpdate.send({ type: 'code.submit', code: codeMail.code });
  const updated = (await done(emailUpdate)).output;
  check(updated?.status === 'updated' && updated.email === newEmail, `emailUpdate output: ${JSON.stringify(updated)}`);
  out.emailUpdate = updated.status;

  // MFA: secret from the server, the authenticator app's code at the emulator's time -> enabled.
  result.stage = 'mfa-setup';
  const mfaSetup = createActor(flows.mfaSetupMachine, { input: { accountName: newEmail } }).start();
  // No secret on load: the user asks to add an authenticator app.
  await waitFor(mfaSetup, (s) => s.status !== 'active' || s.matches('offeringEnrollment'), { timeout: 10_000 });
  mfaSetup.send({ type: 'enrollment.start' });
  const showing = await waitFor(mfaSetup, (s) => s.status !== 'active' || (s.context.secret !== undefined && !s.hasTag('busy')), { timeout: 10_000 });
  check(showing.status === 'active' && typeof showing.context.secret === 'string', `mfaSetup shows no secret: ${JSON.stringify(showing.value)}.`);
  const { now } = await control('GET', '/clock');
  mfaSetup.send({ type: 'code.submit', code: await totp(showing.context.secret, now) });
  const enabled = (await done(mfaSetup)).output;
  check(enabled?.status === 'enabled', `mfaSetup output: ${JSON.stringify(enabled)}`);
  out.mfaSetup = enabled.status;

  // The server agrees: the new address and password now ask for the authenticator code.
  result.stage = 'sign-in after';
  out.signInAfter = (await control('POST', '/sign-in', { email: newEmail, password: newPassword })).kind;

  // Every API request the flows made was answered (none recorded as aborted or left in flight).
  const { requests } = await control('GET', '/requests');
  out.requests = {};
  for (const r of requests) out.requests[r.outcome] = (out.requests[r.outcome] ?? 0) + 1;

  // The proxy (web-standard handler, called directly) answers for the app's signed-in user.
  result.stage = 'proxy';
  const proxy = createSaasusProxy({ api, authenticate: (request) => (request.headers.get('cookie') === 'sid=ann' ? session : null) });
  const withSession = await proxy(new Request('http://app.example/api/saasus/mfa/preference', { headers: { cookie: 'sid=ann' } }));
  const withSessionText = await withSession.text();
  const withoutSession = await proxy(new Request('http://app.example/api/saasus/mfa/preference'));
  const leaked = [session.accessToken, emulator.credentials.secretKey].some((secret) => withSessionText.includes(secret));
  out.proxy = {
    withSession: { status: withSession.status, body: JSON.parse(withSessionText) },
    withoutSession: { status: withoutSession.status, type: (await withoutSession.json()).type },
    leaked,
  };

  // otpauth URI and SVG QR of the key the flow showed (only facts about them are printed).
  result.stage = 'mfa helpers';
  const uri = otpauthUri({ secret: showing.context.secret, accountName: newEmail });
  const parsed = new URL(uri);
  out.otpauth = {
    scheme: parsed.protocol,
    type: parsed.host || parsed.pathname.split('/').filter(Boolean)[0],
    secretMatches: parsed.searchParams.get('secret') === showing.context.secret,
    accountInLabel: decodeURIComponent(uri).includes(newEmail),
  };
  return out;
}

/** serveEmulator on 127.0.0.1, port 0: a signed sign-up through it, then close. */
async function serveEmulatorCheck() {
  const emulator = createEmulator();
  const served = await serveEmulator(emulator, { port: 0 });
  try {
    const api = createSaasUserApi({ baseURL: served.url, ...emulator.credentials, retry: false, timeout: 10_000 });
    const user = await api.signUp({ email: 'served@example.com' });
    return { loopback: new URL(served.url).hostname === '127.0.0.1', signedUp: typeof user.id === 'string' && user.email === 'served@example.com' };
  } finally {
    await served.close();
  }
}

/** The flow store: create, a replace at the stored version, and one at a stale version. */
async function flowStoreCheck() {
  const store = memoryFlowStore({ ttlMs: 60_000 });
  const created = await store.create({ owner: 'session-1', snapshot: { value: 'enteringEmail', context: {} } });
  const applied = await store.replace(created.id, created.version, { owner: 'session-1', snapshot: { value: 'signingUp', context: {} } });
  const stale = await store.replace(created.id, created.version, { owner: 'session-1', snapshot: { value: 'cancelled', context: {} } });
  const stored = await store.get(created.id);
  // The flow endpoint answers a request: a sign-up started over the in-process emulator.
  const emulator = createEmulator();
  const api = createSaasUserApi({ baseURL: 'http://emulator.test', ...emulator.credentials, fetch: emulator.fetch, retry: false });
  const endpoint = createFlowEndpoint({ flows: createSaasusFlows(api), store, authenticate: () => ({ subject: 'session-1' }) });
  const started = await endpoint(new Request('http://app.test/signUp', { method: 'POST', body: '{}' }));
  const view = (await started.json()).view;
  return { applied: applied.status, stale: stale.status, value: stored?.snapshot.value, version: stored?.version, endpoint: { status: started.status, value: view?.value } };
}

/** The SVG QR of a fixed URI: its hash must be the same on every runtime. */
async function fixedQr() {
  const uri = otpauthUri({ secret: 'JBSWY3DPEHPK3PXP', accountName: 'ann@example.com', issuer: 'Runtime Smoke' });
  const svg = await qrSvg(uri);
  return { uri: await sha256(uri), svgSha256: await sha256(svg), svg: svg.trimStart().startsWith('<svg') || svg.trimStart().startsWith('<?xml'), svgBytes: svg.length };
}

let exitCode = 0;
let closeServer;
try {
  result.stage = 'signing vectors';
  result.vectors = await signVectors();

  result.stage = 'serve';
  const emulator = createEmulator();
  const served = await serve(emulator);
  closeServer = served.close;
  result.server = served.server;
  result.served = (await controlOver(served.url)('GET', '/health')).ok === true;

  Object.assign(result, await flowsOverHttp(served.url, emulator));

  // The package's own serveEmulator (node:http) too: on Bun and Deno through their node:http layer.
  result.stage = 'serveEmulator';
  result.serveEmulator = await serveEmulatorCheck();

  result.stage = 'flow store';
  result.flowStore = await flowStoreCheck();

  result.stage = 'qr';
  result.qr = await fixedQr();
  result.stage = 'done';
} catch (error) {
  result.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  exitCode = 1;
} finally {
  try {
    await closeServer?.();
  } catch (error) {
    result.closeError = String(error);
    exitCode = 1;
  }
}
result.cryptoLookups = [...new Set(cryptoLookups)];
// node:crypto when the package's lookup found it; @noble/hashes when the lookup came back empty
// or the runtime has no process.getBuiltinModule; if the package never asked, this script cannot
// tell which HMAC signed, and says so.
result.signingPath = cryptoLookups.includes('found')
  ? 'node:crypto'
  : cryptoLookups.length > 0 || typeof getBuiltinModule !== 'function'
    ? '@noble/hashes'
    : 'unknown: the package never looked up node:crypto through process.getBuiltinModule';
console.log(JSON.stringify(result));
if (exitCode !== 0) {
  if (runtime === 'deno') globalThis.Deno.exit(exitCode);
  else globalThis.process.exit(exitCode);
}
