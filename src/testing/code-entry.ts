import type { Actor, AnyStateMachine } from 'xstate';
import { isApiError } from '../api/errors.js';
import type { EmulatorScenarioOptions } from './emulator-scenario.js';
import type { EmulatorWorld } from './emulator-world.js';
import type { ActorOutcomeEvent, FlowEvent } from './flow-graph.js';
import { serverError } from './server-error.js';

/** How a code-entry flow's codes are produced on the emulator. */
export interface CodeEntryOptions<TMachine extends AnyStateMachine> {
  /** Invoke id of the actor that sends the code (`requestEmailUpdate`). */
  request: string;
  /** Invoke id of the actor that checks it (`confirmEmailUpdate`). */
  confirm: string;
  /** The code the user received: from the inbox, or the authenticator app. */
  code(world: EmulatorWorld, actor: Actor<TMachine>): string;
  /** A code the server rejects; by default the right code plus one. */
  wrongCode?(world: EmulatorWorld, actor: Actor<TMachine>): string;
  /** Submits `code` straight to the server, to use up attempts (errors are expected). */
  submitDirectly(world: EmulatorWorld, code: string): Promise<unknown>;
  /** The event type that submits a code; `code.submit` by default. */
  submitEvent?: string;
  /** The server's wrong attempts per code; 5 by default (the emulator's). */
  maxAttempts?: number;
  /** How long a code lives on the server; 24 h by default. */
  codeTtlMs?: number;
  /** The server's resend cooldown; 60 s by default. */
  resendCooldownMs?: number;
}

/** A six-digit code that differs from `code`. */
export function otherCode(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
}

/** Which confirm-step failures {@link codeEntryOutcomes} samples. */
export interface CodeEntryOutcomesOptions {
  /** Whether the server's codes expire (`expired_code`); `false` for an authenticator app's. True by default. */
  expires?: boolean;
  /** The status of the sampled server failure (`internal_error`); 500 by default. */
  failureStatus?: number;
}

/**
 * The sample outcomes of a code-entry flow's confirm step, as {@link codeEntry} arranges them
 * on the emulator: success, a wrong code with attempts left and with none, too many attempts,
 * an expired code, and a server failure.
 *
 * @example
 * const events = [{ type: 'code.submit', code: '123456' }, ...codeEntryOutcomes('confirmEmailUpdate')];
 */
export function codeEntryOutcomes(confirm: string, options: CodeEntryOutcomesOptions = {}): ActorOutcomeEvent[] {
  const failure = (status: number, type: string, data?: Record<string, unknown>): ActorOutcomeEvent => ({
    type: `xstate.error.actor.${confirm}`,
    error: serverError(confirm, status, type, data),
  });
  return [
    { type: `xstate.done.actor.${confirm}` },
    failure(400, 'code_mismatch', { attempts_left: 4 }),
    failure(400, 'code_mismatch', { attempts_left: 0 }),
    failure(400, 'too_many_attempts'),
    ...(options.expires === false ? [] : [failure(400, 'expired_code')]),
    failure(options.failureStatus ?? 500, 'internal_error'),
  ];
}

function errorOf(outcome: unknown): { type: string; attemptsLeft: unknown } | undefined {
  const error = (outcome as { error?: unknown } | undefined)?.error;
  return isApiError(error) ? { type: error.type, attemptsLeft: error.data?.['attempts_left'] } : undefined;
}

/**
 * The `arrange` and `perform` of an {@link emulatorScenario} for a flow with code entry, so a
 * path's outcome is the server's own: a wrong code for `code_mismatch` (attempts used up first
 * when the sample says `attempts_left: 0`), `too_many_attempts` after every attempt is used,
 * `expired_code` after the clock moved past the code's lifetime, and a send accepted after
 * the cooldown. Other failures fall back to fault injection.
 */
export function codeEntry<TMachine extends AnyStateMachine>(
  options: CodeEntryOptions<TMachine>,
): Required<Pick<EmulatorScenarioOptions<TMachine>, 'arrange' | 'perform'>> {
  const maxAttempts = options.maxAttempts ?? 5;
  const submitEvent = options.submitEvent ?? 'code.submit';
  const wrongCode = options.wrongCode ?? ((world: EmulatorWorld, actor: Actor<TMachine>) => otherCode(options.code(world, actor)));
  const useAttempts = async (world: EmulatorWorld, actor: Actor<TMachine>, count: number): Promise<void> => {
    const wrong = wrongCode(world, actor);
    for (let i = 0; i < count; i++) await options.submitDirectly(world, wrong).catch(() => undefined);
  };
  return {
    async arrange(outcome: FlowEvent<TMachine>, world, actor) {
      const { type } = outcome as { type: string };
      if (type === `xstate.done.actor.${options.request}`) {
        // The server refuses a send within its cooldown; the path wants this one accepted.
        world.emulator.control.clock.advance((options.resendCooldownMs ?? 60_000) + 1);
        return true;
      }
      if (type !== `xstate.error.actor.${options.confirm}`) return false;
      const error = errorOf(outcome);
      if (error?.type === 'code_mismatch') {
        if (error.attemptsLeft === 0) await useAttempts(world, actor, maxAttempts - 1);
        return true;
      }
      if (error?.type === 'too_many_attempts') {
        await useAttempts(world, actor, maxAttempts);
        return true;
      }
      if (error?.type === 'expired_code') {
        world.emulator.control.clock.advance((options.codeTtlMs ?? 24 * 3_600_000) + 1);
        return true;
      }
      return false;
    },
    perform(step, world, actor, next) {
      const event = step.event as { type: string; code?: unknown };
      if (event.type !== submitEvent || typeof event.code !== 'string' || event.code.trim() === '') return false;
      const wrong = errorOf(next?.event)?.type === 'code_mismatch';
      actor.send({ ...event, code: wrong ? wrongCode(world, actor) : options.code(world, actor) } as Parameters<Actor<TMachine>['send']>[0]);
      return true;
    },
  };
}
