import { describe, expect, it } from 'vitest';
import { createActor, toPromise } from 'xstate';
import { emailUpdateActors, SESSION_FROM_BACKEND } from '../../src/services/index.js';
import type { EmailUpdateApi } from '../../src/services/index.js';

function recordingApi() {
  const calls: unknown[][] = [];
  const api: EmailUpdateApi = {
    requestEmailUpdate: async (userId, param, options) => {
      calls.push(['requestEmailUpdate', userId, param, options?.signal instanceof AbortSignal]);
    },
    confirmEmailUpdate: async (userId, param, options) => {
      calls.push(['confirmEmailUpdate', userId, param, options?.signal instanceof AbortSignal]);
    },
  };
  return { api, calls };
}

describe('emailUpdateActors', () => {
  it('takes the user and token from the session provider at each call', async () => {
    const { api, calls } = recordingApi();
    let token = 'token-1';
    const actors = emailUpdateActors(api, { session: () => ({ userId: 'u1', accessToken: token }), now: () => 5 });
    const sent = await toPromise(createActor(actors.requestEmailUpdate, { input: { email: 'new@example.com' } }).start());
    token = 'token-2';
    await toPromise(createActor(actors.confirmEmailUpdate, { input: { code: '123456' } }).start());
    expect(sent).toEqual({ sentAt: 5 });
    expect(calls).toEqual([
      ['requestEmailUpdate', 'u1', { email: 'new@example.com', access_token: 'token-1' }, true],
      ['confirmEmailUpdate', 'u1', { code: '123456', access_token: 'token-2' }, true],
    ]);
  });

  it('rejects with a configuration error when there is no session provider', async () => {
    const { api, calls } = recordingApi();
    const actor = createActor(emailUpdateActors(api).requestEmailUpdate, { input: { email: 'new@example.com' } }).start();
    await expect(toPromise(actor)).rejects.toMatchObject({ name: 'FlowConfigurationError', message: expect.stringContaining('session') });
    expect(calls).toHaveLength(0);
  });

  it('sends placeholders when the session lives in the back end', async () => {
    const { api, calls } = recordingApi();
    await toPromise(createActor(emailUpdateActors(api, { session: 'backend' }).confirmEmailUpdate, { input: { code: '1' } }).start());
    const branded = Object.assign(recordingApi().api, { [SESSION_FROM_BACKEND]: true });
    await toPromise(createActor(emailUpdateActors(branded).confirmEmailUpdate, { input: { code: '1' } }).start());
    expect(calls).toEqual([['confirmEmailUpdate', '', { code: '1', access_token: '' }, true]]);
  });
});
