/**
 * One instance of the server-rendered wizard: HTML forms, no client JavaScript. Every step is a
 * request to the flow endpoint (in-process), whose flows live in the shared store, so any
 * instance can serve the next request. Env: INSTANCE (its name, in its log lines), EMULATOR_URL,
 * REDIS_URL (or none: the memory store, one instance only), PORT (0: any free port).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { H3, toNodeHandler } from 'h3';
import { createClient } from 'redis';
import { createSaasusFlows, type ConfirmSignUpInput } from 'saasus-flows';
import { createSaasUserApi } from 'saasus-flows/api';
import { defaultEmulatorCredentials } from 'saasus-flows/emulator';
import { otpauthUri, qrSvg } from 'saasus-flows/mfa';
import { createFlowEndpoint, memoryFlowStore, redisFlowStore, type FlowAuth, type FlowStore, type FlowView } from 'saasus-flows/server';

const name = process.env.INSTANCE ?? 'a';
const emulatorUrl = process.env.EMULATOR_URL ?? '';
const log = (line: string) => process.stdout.write(`[${name}] ${line}\n`);

/** The app's own sessions (cookie `sid`), shared by the instances like the flows are. */
interface AppSession {
  userId?: string;
  accessToken?: string;
  email?: string;
  flows: Partial<Record<'signUp' | 'mfaSetup' | 'emailUpdate', string>>;
}
interface Sessions {
  get(sid: string): Promise<AppSession>;
  set(sid: string, session: AppSession): Promise<void>;
}

let store: FlowStore;
let sessions: Sessions;
if (process.env.REDIS_URL) {
  const client = createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true, socket: { connectTimeout: 1_000 } });
  client.on('error', () => undefined);
  await client.connect();
  store = redisFlowStore(client, { prefix: 'wizard:flow:', ttlMs: 30 * 60_000 });
  sessions = {
    async get(sid) {
      const value = await client.get(`wizard:session:${sid}`);
      return value ? (JSON.parse(value) as AppSession) : { flows: {} };
    },
    async set(sid, session) {
      await client.set(`wizard:session:${sid}`, JSON.stringify(session), { expiration: { type: 'PX', value: 30 * 60_000 } });
    },
  };
} else {
  store = memoryFlowStore({ ttlMs: 30 * 60_000 });
  const map = new Map<string, AppSession>();
  sessions = { get: async (sid) => structuredClone(map.get(sid) ?? { flows: {} }), set: async (sid, session) => void map.set(sid, structuredClone(session)) };
}

const api = createSaasUserApi({ baseURL: emulatorUrl, ...defaultEmulatorCredentials });
const endpoint = createFlowEndpoint({
  store,
  basePath: '/flows',
  async authenticate(request) {
    const sid = request.headers.get('x-sid');
    if (!sid) return undefined;
    const session = await sessions.get(sid);
    return { subject: sid, ...(session.userId ? { userId: session.userId } : {}), ...(session.accessToken ? { accessToken: session.accessToken } : {}) };
  },
  flows: (auth: FlowAuth) =>
    createSaasusFlows(api, {
      session: () => {
        if (!auth.userId || !auth.accessToken) throw new Error('Sign up first.');
        return { userId: auth.userId, accessToken: auth.accessToken };
      },
      // The hosted sign-in page sent the browser back with a code: exchange it, sign the user in.
      async confirmSignUp(input: ConfirmSignUpInput, { signal }: { signal: AbortSignal }) {
        if (input.confirmation.method !== 'callbackCode' || !input.userId) throw new Error('Use the sign-in page.');
        const credentials = await api.getCredentials(input.confirmation.code, { signal });
        const session = await sessions.get(auth.subject);
        await sessions.set(auth.subject, { ...session, userId: input.userId, accessToken: credentials.access_token, email: input.email });
        return { userId: input.userId };
      },
    }),
});

/** Calls the endpoint in-process as the session's subject. */
async function flowCall(sid: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; id?: string; view?: FlowView; type?: string }> {
  const response = await endpoint(
    new Request(`http://wizard.internal/flows${path}`, { method, headers: { 'x-sid': sid, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }),
  );
  return { status: response.status, ...((await response.json()) as object) };
}

const escape = (value: unknown) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const form = (action: string, fields: string, button: string) => `<form method="post" action="${action}">${fields}<button>${escape(button)}</button></form>`;
const hidden = (key: string, value: string) => `<input type="hidden" name="${key}" value="${escape(value)}">`;

function page(title: string, body: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title><meta http-equiv="Content-Security-Policy" content="script-src 'none'"></head><body><main><h1>${escape(title)}</h1>${body}<p><small>served by instance ${escape(name)}</small></p></main></body></html>`;
  return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}

async function mailbox(to: string): Promise<string> {
  const response = await fetch(`${emulatorUrl}/_emulator/outbox/latest?to=${encodeURIComponent(to)}`);
  if (!response.ok) return '';
  const message = (await response.json()) as { temporaryPassword?: string; code?: string };
  const line = message.temporaryPassword ? `Temporary password: <output>${escape(message.temporaryPassword)}</output>` : message.code ? `Code: <output>${escape(message.code)}</output>` : '';
  return `<aside aria-label="Demo mailbox"><h2>Demo mailbox (the emulator's outbox)</h2><p>${line}</p></aside>`;
}

const errorOf = (view: FlowView) => (view.error ? `<p role="alert">${escape(view.error.message)}</p>` : '');
const state = (view: FlowView) => (typeof view.value === 'string' ? view.value : Object.keys(view.value)[0]!);

/** The page of a step, from the flow's view. */
async function render(request: Request, flow: 'signUp' | 'mfaSetup' | 'emailUpdate', view: FlowView): Promise<Response> {
  const act = `/event/${flow}`;
  const step = state(view);
  if (flow === 'signUp') {
    if (step === 'enteringEmail') return page('Sign up', errorOf(view) + form(act, hidden('type', 'email.submit') + `<label>E-mail <input type="email" name="email" required></label>`, 'Sign up'));
    const email = String(view.context['email']);
    const origin = new URL(request.url).origin;
    // The hosted sign-in page, shown on this app's origin by the front (see main.ts).
    const login = `/_emulator/login?redirect_uri=${encodeURIComponent(`${origin}/callback`)}&state=${encodeURIComponent(view.id)}`;
    return page('Confirm your sign-up', `${errorOf(view)}<p>We mailed a temporary password to ${escape(email)}. Sign in with it and choose your password.</p><p><a href="${escape(login)}">Open the sign-in page</a></p>${await mailbox(email)}`);
  }
  if (flow === 'mfaSetup') {
    if (view.secret) {
      const uri = otpauthUri({ secret: view.secret, accountName: String(view.context['accountName'] ?? '') });
      const svg = await qrSvg(uri);
      return page('Set up your authenticator app', `<figure>${svg}<figcaption>Key: <code>${escape(view.secret)}</code></figcaption></figure>` + form(act, hidden('type', 'code.submit') + `<label>6-digit code <input name="code" inputmode="numeric" required></label>`, 'Turn on MFA'));
    }
    if (step === 'offeringEnrollment')
      return page('Set up your authenticator app', `<p>Protect your account with an authenticator app: each sign-in then asks for its 6-digit code.</p>` + form(act, hidden('type', 'enrollment.start'), 'Add an authenticator app') + form(act, hidden('type', 'flow.cancel'), 'Skip'));
    if (step === 'enteringCode' || step === 'showingSecret')
      return page('Set up your authenticator app', errorOf(view) + form(act, hidden('type', 'code.submit') + `<label>6-digit code <input name="code" inputmode="numeric" required></label>`, 'Turn on MFA') + form(act, hidden('type', 'enrollment.restart'), 'Show a new key'));
    return page('Set up your authenticator app', errorOf(view) + form(act, hidden('type', 'flow.retry'), 'Try again') + form(act, hidden('type', 'enrollment.restart'), 'Start again'));
  }
  if (step === 'enteringEmail' || step === 'enteringCode') {
    const fields =
      step === 'enteringEmail'
        ? hidden('type', 'email.submit') + `<label>New e-mail <input type="email" name="email" required></label>`
        : hidden('type', 'code.submit') + `<label>Code from the e-mail <input name="code" inputmode="numeric" required></label>`;
    const mail = step === 'enteringCode' ? await mailbox(String(view.context['email'] ?? '')) : '';
    return page('Change your e-mail', errorOf(view) + form(act, fields, step === 'enteringEmail' ? 'Send a code' : 'Change e-mail') + mail);
  }
  return page('Change your e-mail', errorOf(view) + form(act, hidden('type', 'flow.retry'), 'Try again'));
}

const ORDER = ['signUp', 'mfaSetup', 'emailUpdate'] as const;

/** The onboarding's current step: the first flow not done, started when it has not been. */
async function current(request: Request, sid: string): Promise<Response> {
  const session = await sessions.get(sid);
  for (const flow of ORDER) {
    const id = session.flows[flow];
    if (!id) {
      const input = flow === 'mfaSetup' ? { accountName: session.email ?? '' } : {};
      const started = await flowCall(sid, 'POST', `/${flow}`, input);
      if (!started.id || !started.view) return page('Something went wrong', `<p>${escape(started.type ?? 'error')}</p>`);
      await sessions.set(sid, { ...session, flows: { ...session.flows, [flow]: started.id } });
      return render(request, flow, started.view);
    }
    const { view, type } = await flowCall(sid, 'GET', `/${flow}/${id}`);
    if (!view) return page('Something went wrong', `<p>${escape(type ?? 'error')}</p>`);
    if (view.status !== 'done') return render(request, flow, view);
  }
  return page('All set', `<p>Signed up, MFA on, e-mail changed to ${escape((await sessions.get(sid)).email ?? '')}.</p>`);
}

function sidOf(request: Request): string | undefined {
  return /(?:^|;\s*)sid=([A-Za-z0-9_-]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
}

const app = new H3().all('/**', async (event) => {
  const request = event.req;
  const url = new URL(request.url);
  log(`${request.method} ${url.pathname}`);
  let sid = sidOf(request);
  const cookie = sid ? undefined : (sid = crypto.randomUUID());
  const respond = (response: Response) => {
    if (cookie) response.headers.append('set-cookie', `sid=${cookie}; Path=/; HttpOnly; SameSite=Lax`);
    return response;
  };
  if (request.method === 'GET' && url.pathname === '/') return respond(await current(request, sid));
  if (request.method === 'GET' && url.pathname === '/callback') {
    const session = await sessions.get(sid);
    const code = url.searchParams.get('code');
    if (!code || !session.flows.signUp || url.searchParams.get('state') !== session.flows.signUp) return respond(page('Sign-in failed', '<p><a href="/">Back</a></p>'));
    const answer = await flowCall(sid, 'POST', `/signUp/${session.flows.signUp}/events`, { type: 'confirmation.submit', confirmation: { method: 'callbackCode', code } });
    log(`signUp event confirmation.submit -> ${answer.status}`);
    return respond(new Response(null, { status: 303, headers: { location: '/' } }));
  }
  const match = /^\/event\/(signUp|mfaSetup|emailUpdate)$/.exec(url.pathname);
  if (request.method === 'POST' && match) {
    const flow = match[1] as (typeof ORDER)[number];
    const id = (await sessions.get(sid)).flows[flow];
    const fields = Object.fromEntries(new URLSearchParams(await request.text()));
    const answer = id ? await flowCall(sid, 'POST', `/${flow}/${id}/events`, fields) : undefined;
    log(`${flow} event ${fields['type']} -> ${answer?.status ?? 'no flow'}`);
    if (answer?.view && answer.view.status !== 'done') return respond(await render(request, flow, answer.view));
    return respond(new Response(null, { status: 303, headers: { location: '/' } }));
  }
  return respond(new Response('Not found', { status: 404 }));
});

const server = createServer(toNodeHandler(app));
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => log(`listening ${(server.address() as AddressInfo).port}`));
