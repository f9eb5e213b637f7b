import { createElement, type FunctionComponent } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as ReactEntry from '../../src/react/index.js';
import { createSaasusFlows } from '../../src/services/index.js';
import { createEmulatorWorld, type EmulatorWorld } from '../../src/testing/index.js';

describe('useSaasusFlow in a server render', () => {
  let reads = 0;
  let world: EmulatorWorld;

  beforeAll(() => {
    // A server has no storage: any read of `localStorage` counts, and throws (and there is no `window` here).
    for (const name of ['localStorage', 'sessionStorage']) {
      Object.defineProperty(globalThis, name, {
        configurable: true,
        get() {
          reads += 1;
          throw new Error(`${name} read during a server render`);
        },
      });
    }
    world = createEmulatorWorld();
  });
  afterAll(async () => {
    for (const name of ['localStorage', 'sessionStorage']) Reflect.deleteProperty(globalThis, name);
    await world.emulator.close();
  });

  it('neither the import nor the render touches storage, and the markup shows the initial step', async () => {
    const { useSaasusFlow }: typeof ReactEntry = await import('../../src/react/index.js');
    const { renderToString } = await import('react-dom/server');
    const flows = createSaasusFlows(world.api, world.flowOptions);
    let storageAsked = 0;
    const SignUp: FunctionComponent = () => {
      const flow = useSaasusFlow(flows.signUpMachine, {
        lang: 'ja',
        persist: {
          key: 'signUp',
          storage: () => {
            storageAsked += 1;
            throw new Error('storage asked for during a server render');
          },
        },
      });
      return createElement('section', { 'data-step': flow.step, 'data-ready': String(flow.ready), 'aria-busy': flow.busy }, flow.path);
    };
    const DefaultStorage: FunctionComponent = () => {
      const flow = useSaasusFlow(flows.emailUpdateMachine, { persist: { key: 'emailUpdate' } });
      return createElement('p', { 'data-step': flow.step }, String(flow.resendIn));
    };

    const html = renderToString(createElement('main', null, createElement(SignUp), createElement(DefaultStorage)));
    expect(html).toContain('data-step="enteringEmail"');
    expect(html).toContain('data-ready="false"');
    expect(html).toContain('enteringEmail.editing');
    expect(html).not.toContain('[object Object]');
    expect(reads).toBe(0);
    expect(storageAsked).toBe(0);
    // Nothing was sent to the server either.
    expect(world.emulator.control.exportState().users).toEqual({});
  });
});
