import { act, createElement, type FunctionComponent } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { vi } from 'vitest';

/*
 * A React DOM root for components that render nothing, so hooks run with their effects in Node
 * without a DOM library: just the few host objects React DOM reads when it mounts a root.
 */

interface HostGlobals {
  IS_REACT_ACT_ENVIRONMENT?: boolean;
  window?: unknown;
}

function hostContainer(): Element {
  const document = { nodeType: 9, activeElement: null, defaultView: undefined as unknown, addEventListener() {}, removeEventListener() {} };
  const window = { event: undefined, HTMLIFrameElement: class {}, document };
  document.defaultView = window;
  const host = globalThis as HostGlobals;
  host.IS_REACT_ACT_ENVIRONMENT = true;
  host.window ??= window;
  const container = {
    nodeType: 1,
    nodeName: 'DIV',
    tagName: 'DIV',
    namespaceURI: 'http://www.w3.org/1999/xhtml',
    ownerDocument: document,
    firstChild: null,
    addEventListener() {},
    removeEventListener() {},
    removeChild() {},
  };
  return container as unknown as Element;
}

/** A mounted hook: its latest value, and a way to let promises and React settle. */
export interface MountedHook<T> {
  current(): T;
  /** Calls `action` with the latest value, in `act` (sending an event). */
  run(action: (value: T) => void): Promise<void>;
  /** Lets pending promises (requests to the in-process emulator) and React's updates run. */
  settle(rounds?: number): Promise<void>;
  /** Settles until `predicate` holds for the latest value (at most `rounds` rounds). */
  until(predicate: (value: T) => boolean, rounds?: number): Promise<T>;
  /** Moves the fake timers on by `seconds`, one second at a time, letting React render after each. */
  tick(seconds: number): Promise<void>;
  unmount(): Promise<void>;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Mounts a component calling `hook` on every render, in `act`. */
export async function mountHook<T>(hook: () => T): Promise<MountedHook<T>> {
  let latest: { value: T } | undefined;
  const Probe: FunctionComponent = () => {
    latest = { value: hook() };
    return null;
  };
  const root: Root = createRoot(hostContainer());
  await act(async () => root.render(createElement(Probe)));
  const current = () => {
    if (!latest) throw new Error('the hook has not rendered');
    return latest.value;
  };
  const settle = async (rounds = 5) => {
    for (let i = 0; i < rounds; i += 1) await act(nextTurn);
  };
  return {
    current,
    run: (action) => act(async () => action(current())),
    settle,
    until: async (predicate, rounds = 200) => {
      for (let i = 0; i < rounds; i += 1) {
        if (predicate(current())) return current();
        await act(nextTurn);
      }
      throw new Error(`the hook never reached the expected value; last: ${JSON.stringify(current(), (_k, v: unknown) => (typeof v === 'function' ? undefined : v)).slice(0, 300)}`);
    },
    tick: async (seconds) => {
      for (let i = 0; i < seconds; i += 1) {
        await act(() => vi.advanceTimersByTimeAsync(1000));
        await settle(1);
      }
    },
    unmount: () => act(async () => root.unmount()),
  };
}

/** A `Storage` kept in memory, as the browser's `localStorage` behaves. */
export class MemoryStorage implements Storage {
  #items = new Map<string, string>();
  get length(): number {
    return this.#items.size;
  }
  clear(): void {
    this.#items.clear();
  }
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, String(value));
  }
  [name: string]: unknown;
}
