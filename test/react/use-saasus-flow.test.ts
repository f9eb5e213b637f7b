import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useSaasusFlow, type UseSaasusFlowOptions } from '../../src/react/index.js';
import { createSaasusFlows, type SaasusFlows } from '../../src/services/index.js';
import { createEmulatorWorld, type EmulatorWorld } from '../../src/testing/index.js';
import { MemoryStorage, mountHook } from './headless-root.js';

type Flows = SaasusFlows;
type SignUpOptions = UseSaasusFlowOptions<Flows['signUpMachine']>;

describe('useSaasusFlow', () => {
  let world: EmulatorWorld;
  let flows: Flows;
  let n = 0;
  const address = (name: string) => `${name}-${(n += 1)}@example.com`;

  beforeEach(() => {
    // Only the timers and the clock are faked: React's scheduler and the emulator run on setImmediate and promises.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    world = createEmulatorWorld();
    flows = createSaasusFlows(world.api, world.flowOptions);
  });
  afterEach(async () => {
    vi.useRealTimers();
    await world.emulator.close();
  });

  const mountSignUp = (options: SignUpOptions = {}) => mountHook(() => useSaasusFlow(flows.signUpMachine, { now: world.clock.now, ...options }));

  it('shows the step, the readable state path and busy while the request is in flight', async () => {
    const hook = await mountSignUp();
    expect(hook.current()).toMatchObject({ step: 'enteringEmail', path: 'enteringEmail.editing', busy: false, done: false, error: undefined });
    const email = address('ann');
    world.emulator.control.injectFault('signUp', { latencyMs: 500 });
    await hook.run((view) => view.submitEmail(email));
    await hook.settle();
    expect(hook.current()).toMatchObject({ step: 'signingUp', path: 'signingUp', busy: true });
    await hook.tick(1);
    const waiting = await hook.until((view) => view.step === 'awaitingConfirmation');
    expect(waiting.path).toBe('awaitingConfirmation.resend.coolingDown, awaitingConfirmation.feedback.idle');
    expect(waiting.path).not.toContain('[object Object]');
    expect(waiting.busy).toBe(false);
    expect(waiting.context.email).toBe(email);
    await hook.unmount();
  });

  it('counts the resend cooldown and the code expiry down once a second from the deadlines in context', async () => {
    const hook = await mountSignUp();
    await hook.run((view) => view.submitEmail(address('bo')));
    const waiting = await hook.until((view) => view.step === 'awaitingConfirmation');
    const resendIn = waiting.resendIn ?? -1;
    const expiresIn = waiting.codeExpiresIn ?? -1;
    const context = waiting.context;
    expect(resendIn).toBe(Math.ceil(((context.resendAvailableAt ?? 0) - world.clock.now()) / 1000));
    expect(resendIn).toBeGreaterThan(5);
    expect(expiresIn).toBeGreaterThan(resendIn);

    await hook.tick(1);
    expect(hook.current().resendIn).toBe(resendIn - 1);
    expect(hook.current().codeExpiresIn).toBe(expiresIn - 1);

    await hook.tick(3);
    expect(hook.current().resendIn).toBe(resendIn - 4);

    // Past the deadline the countdown stops at 0 and the machine offers the resend.
    await hook.tick(resendIn);
    expect(hook.current().resendIn).toBe(0);
    expect(hook.current().path).toContain('resend.available');
    await hook.unmount();
  });

  it('translates the error by lang and overrides, with the machine’s own message kept as detail', async () => {
    const taken = address('cy');
    await world.signUpUser(taken);
    const hook = await mountSignUp({ lang: 'ja' });
    await hook.run((view) => view.submitEmail('not an address'));
    const refused = await hook.until((view) => view.error !== undefined);
    expect(refused.error).toMatchObject({ code: 'invalid_input', retryable: false });
    expect(refused.error?.message).toMatch(/メールアドレスを.*入力してください。/);
    expect(refused.path).toBe('enteringEmail.failed');

    await hook.run((view) => view.submitEmail(taken));
    const exists = await hook.until((view) => view.error?.code === 'email_already_exists');
    expect(exists.error?.message).toBe('このメールアドレスのアカウントはすでに登録されています。');
    expect(exists.error?.detail).not.toBe(exists.error?.message);
    await hook.unmount();

    const english = await mountSignUp({ messages: { email_already_exists: 'Already registered: sign in instead.' } });
    await english.run((view) => view.submitEmail(taken));
    const overridden = await english.until((view) => view.error !== undefined);
    expect(overridden.error?.message).toBe('Already registered: sign in instead.');
    await english.unmount();
  });

  it('saves the flow with persistFlow and resumes it in a new mount; restart forgets it', async () => {
    const storage = new MemoryStorage();
    const persist = { key: 'signUp', storage: () => storage };
    const email = address('dee');
    const first = await mountSignUp({ persist });
    expect(first.current().ready).toBe(true);
    await first.run((view) => view.submitEmail(email));
    await first.until((view) => view.step === 'awaitingConfirmation');
    await first.unmount();
    const saved = storage.getItem('signUp') ?? '';
    expect(saved).toContain(email);
    expect(saved).not.toMatch(/password|access_?token/i);

    const second = await mountSignUp({ persist });
    const resumed = await second.until((view) => view.ready);
    expect(resumed.step).toBe('awaitingConfirmation');
    expect(resumed.context.email).toBe(email);

    await second.run((view) => view.restart());
    const fresh = await second.until((view) => view.step === 'enteringEmail');
    expect(fresh.context.email).toBe('');
    expect(JSON.parse(storage.getItem('signUp') ?? '{}')).toMatchObject({ value: { enteringEmail: 'editing' } });
    await second.unmount();
  });

  it('starts afresh when the saved flow cannot be read', async () => {
    const storage = new MemoryStorage();
    storage.setItem('signUp', '{not json');
    const hook = await mountSignUp({ persist: { key: 'signUp', storage: () => storage } });
    const view = await hook.until((v) => v.ready);
    expect(view.step).toBe('enteringEmail');
    await hook.unmount();
  });

  it('reports the output once done, and cancel ends the flow', async () => {
    const hook = await mountSignUp();
    await hook.run((view) => view.cancel());
    const done = await hook.until((view) => view.done);
    expect(done.output).toEqual({ status: 'cancelled' });
    expect(done.step).toBe('cancelled');
    await hook.unmount();
  });
});
