import { createActor, createMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/index.js';
import { createFlowClock } from '../../src/testing/index.js';

describe('createFlowClock', () => {
  it('fires due timers in order, each at its own time, when time is advanced', () => {
    const clock = createFlowClock();
    const fired: Array<[string, number]> = [];
    clock.setTimeout(() => fired.push(['b', clock.now()]), 200);
    clock.setTimeout(() => fired.push(['a', clock.now()]), 100);
    const cleared = clock.setTimeout(() => fired.push(['never', clock.now()]), 150);
    clock.clearTimeout(cleared);
    clock.advance(150);
    expect(fired).toEqual([['a', 100]]);
    expect(clock.now()).toBe(150);
    expect(clock.pendingTimers()).toBe(1);
    expect(clock.runNextTimer()).toBe(true);
    expect(fired).toEqual([['a', 100], ['b', 200]]);
    expect(clock.runNextTimer()).toBe(false);
  });

  it('moves the emulator clock with it, so server deadlines and machine delays agree', () => {
    const emulator = createEmulator({ now: () => 1_000_000 });
    const clock = createFlowClock(emulator.control.clock);
    clock.setTimeout(() => undefined, 60_000);
    clock.runNextTimer();
    expect(emulator.control.clock.now()).toBe(1_060_000);
  });

  it('drives a machine delay only when the test moves time', () => {
    const clock = createFlowClock();
    const machine = createMachine({ initial: 'coolingDown', states: { coolingDown: { after: { 60_000: 'available' } }, available: {} } });
    const actor = createActor(machine, { clock }).start();
    clock.advance(59_999);
    expect(actor.getSnapshot().value).toBe('coolingDown');
    clock.advance(1);
    expect(actor.getSnapshot().value).toBe('available');
    actor.stop();
  });
});
