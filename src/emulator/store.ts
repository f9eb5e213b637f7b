import type { EmulatorConfig } from './config.js';
import { randomBytesSource, randomValues, type RandomValues } from './random.js';
import { emptyState, type EmulatorState } from './state.js';
import type { EmulatorClock } from './types.js';

/**
 * The emulator's state with its clock and randomness. Operations run synchronously against it
 * once a request's body is read, so every check-then-write is atomic.
 */
export class Store {
  state: EmulatorState = emptyState();
  readonly rand: RandomValues;
  readonly clock: EmulatorClock;

  constructor(readonly config: EmulatorConfig) {
    this.rand = randomValues(randomBytesSource(config.random));
    this.clock = {
      now: () => this.now(),
      advance: (ms: number) => {
        if (!Number.isFinite(ms)) throw new TypeError('clock.advance: ms must be a finite number.');
        this.state.clockOffsetMs += ms;
      },
      set: (ms: number) => {
        if (!Number.isFinite(ms)) throw new TypeError('clock.set: ms must be a finite number.');
        this.state.clockOffsetMs = ms - config.baseNow();
      },
    };
  }

  /** Emulator time: the base clock plus the control offset. */
  now(): number {
    return this.config.baseNow() + this.state.clockOffsetMs;
  }

  /** Drops grants and sessions that expired, so long runs do not grow without bound. */
  prune(): void {
    const now = this.now();
    for (const table of [this.state.accessTokens, this.state.refreshTokens, this.state.callbackCodes, this.state.sessions]) {
      for (const [key, grant] of Object.entries(table)) if (grant.expiresAt <= now) delete table[key];
    }
  }
}
