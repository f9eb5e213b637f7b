import { describe, expect, it } from 'vitest';
import { createActor, toPromise } from 'xstate';
import type { CallOptions } from '../../src/api/index.js';
import { signUpActors } from '../../src/services/index.js';
import type { SignUpApi } from '../../src/services/index.js';

function recordingApi() {
  const calls: Array<{ op: string; param: unknown; options: CallOptions | undefined }> = [];
  const api: SignUpApi = {
    signUp: async (param, options) => {
      calls.push({ op: 'signUp', param, options });
      return { id: 'u1', email: param.email, attributes: {} };
    },
    resendSignUpConfirmationEmail: async (param, options) => {
      calls.push({ op: 'resendSignUpConfirmationEmail', param, options });
    },
  };
  return { api, calls };
}

describe('signUpActors', () => {
  it('calls signUp with the address and the actor signal, reporting sentAt from the clock', async () => {
    const { api, calls } = recordingApi();
    const actors = signUpActors(api, { now: () => 42 });
    const output = await toPromise(createActor(actors.signUp, { input: { email: 'ann@example.com' } }).start());
    expect(output).toEqual({ userId: 'u1', sentAt: 42 });
    expect(calls[0]?.param).toEqual({ email: 'ann@example.com' });
    expect(calls[0]?.options?.signal).toBeInstanceOf(AbortSignal);
  });

  it('resends the confirmation mail and reports sentAt', async () => {
    const { api, calls } = recordingApi();
    const actors = signUpActors(api, { now: () => 7 });
    const output = await toPromise(createActor(actors.resendSignUpConfirmationEmail, { input: { email: 'ann@example.com' } }).start());
    expect(output).toEqual({ sentAt: 7 });
    expect(calls.map((c) => c.op)).toEqual(['resendSignUpConfirmationEmail']);
  });

  it('hands the confirmation to the app\'s confirmSignUp and returns only the user id', async () => {
    const { api } = recordingApi();
    const seen: unknown[] = [];
    const actors = signUpActors(api, {
      confirmSignUp: async (input, { signal }) => {
        seen.push(input, signal.aborted);
        return Object.assign({ userId: 'u1' }, { accessToken: 'secret-token' });
      },
    });
    const input = { email: 'ann@example.com', confirmation: { method: 'callbackCode', code: 'cb' } as const };
    const output = await toPromise(createActor(actors.confirmSignUp, { input }).start());
    expect(output).toEqual({ userId: 'u1' });
    expect(seen).toEqual([input, false]);
  });

  it('rejects confirmSignUp with a configuration error when the option is missing', async () => {
    const { api } = recordingApi();
    const actor = createActor(signUpActors(api).confirmSignUp, {
      input: { email: 'ann@example.com', confirmation: { method: 'callbackCode', code: 'cb' } },
    }).start();
    await expect(toPromise(actor)).rejects.toMatchObject({ name: 'FlowConfigurationError', message: expect.stringContaining('confirmSignUp') });
  });
});
