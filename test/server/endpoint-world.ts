import { createSaasusFlows } from '../../src/services/index.js';
import { createFlowEndpoint, type FlowAuth, type FlowEndpoint, type FlowEndpointOptions, type FlowStore, type FlowView } from '../../src/server/index.js';
import { createEmulatorWorld, type EmulatorWorld } from '../../src/testing/emulator-world.js';
import { emulatorConfirmSignUp, type EmulatorSession } from '../../src/testing/emulator-sign-in.js';

/** The app's sessions: subject (the session cookie) -> the signed-in user, once there is one. */
export type Sessions = Map<string, EmulatorSession | undefined>;

/**
 * An endpoint over the in-process emulator as an app would mount it: `authenticate` reads the
 * subject from the `x-subject` header and adds the signed-in user of that session; a confirmed
 * sign-up signs the new user into the subject's session.
 */
export function endpointOn(
  world: EmulatorWorld,
  sessions: Sessions,
  store: FlowStore,
  options: Partial<Pick<FlowEndpointOptions, 'settleTimeoutMs' | 'claimTtlMs' | 'basePath' | 'onError'>> = {},
): FlowEndpoint {
  return createFlowEndpoint({
    store,
    ...options,
    authenticate(request) {
      const subject = request.headers.get('x-subject');
      if (!subject) return undefined;
      const session = sessions.get(subject);
      return session ? { subject, userId: session.userId, accessToken: session.accessToken } : { subject };
    },
    flows: (auth: FlowAuth) =>
      createSaasusFlows(world.api, {
        now: world.clock.now,
        session: () => {
          if (auth.userId === undefined || auth.accessToken === undefined) throw new Error('not signed in');
          return { userId: auth.userId, accessToken: auth.accessToken };
        },
        confirmSignUp: emulatorConfirmSignUp(world.emulator, { onSession: (session) => sessions.set(auth.subject, session) }),
      }),
  });
}

/** What the endpoint answered. */
export interface Answer {
  status: number;
  body: { id?: string; view?: FlowView; type?: string; message?: string };
}

/** One request to an endpoint, as a browser or a mobile client would send it. */
export async function call(endpoint: FlowEndpoint, method: 'GET' | 'POST', path: string, subject: string | undefined, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (subject !== undefined) headers['x-subject'] = subject;
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await endpoint(new Request(`http://app.test${path}`, init));
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

export { createEmulatorWorld };
