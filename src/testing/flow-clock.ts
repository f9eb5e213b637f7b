/** A clock tests move by hand, such as the emulator's `control.clock`. */
export interface MovableClock {
  now(): number;
  advance(ms: number): void;
}

/**
 * An XState clock (`createActor(machine, { clock })`) on the same time line as a movable clock:
 * a machine's delays (resend cooldown) fire when the test moves time, never on their own.
 */
export interface FlowClock {
  now(): number;
  setTimeout(fn: () => void, timeout: number): number;
  clearTimeout(id: number): void;
  /** Moves time forward by `ms`, firing due delays in order, each at its own time. */
  advance(ms: number): void;
  /** Moves time to the earliest pending delay and fires it. False when none is pending. */
  runNextTimer(): boolean;
  /** Delays scheduled and not yet fired or cleared. */
  pendingTimers(): number;
}

interface Timer {
  id: number;
  due: number;
  fn: () => void;
}

function manualClock(): MovableClock {
  let now = 0;
  return { now: () => now, advance: (ms) => void (now += ms) };
}

/**
 * Creates a {@link FlowClock} over `base` (a fresh clock at 0 when omitted).
 *
 * @example
 * const clock = createFlowClock(emulator.control.clock);
 * const flows = createSaasusFlows(api, { now: clock.now, confirmSignUp });
 * const actor = createActor(flows.signUpMachine, { clock }).start();
 * clock.runNextTimer(); // the resend cooldown ends
 */
export function createFlowClock(base: MovableClock = manualClock()): FlowClock {
  let timers: Timer[] = [];
  let nextId = 1;
  const fire = (timer: Timer): void => {
    timers = timers.filter((t) => t !== timer);
    const late = timer.due - base.now();
    if (late > 0) base.advance(late);
    timer.fn();
  };
  const earliest = (): Timer | undefined => timers.reduce<Timer | undefined>((min, t) => (min === undefined || t.due < min.due ? t : min), undefined);
  return {
    now: () => base.now(),
    setTimeout(fn, timeout) {
      const timer = { id: nextId++, due: base.now() + Math.max(0, timeout), fn };
      timers.push(timer);
      return timer.id;
    },
    clearTimeout(id) {
      timers = timers.filter((t) => t.id !== id);
    },
    advance(ms) {
      const until = base.now() + ms;
      for (let timer = earliest(); timer !== undefined && timer.due <= until; timer = earliest()) fire(timer);
      const rest = until - base.now();
      if (rest > 0) base.advance(rest);
    },
    runNextTimer() {
      const timer = earliest();
      if (timer === undefined) return false;
      fire(timer);
      return true;
    },
    pendingTimers: () => timers.length,
  };
}
