import { useSelector } from '@xstate/react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  createActor,
  type Actor,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type ContextFrom,
  type EventFromLogic,
  type InputFrom,
  type OutputFrom,
  type Snapshot,
  type SnapshotFrom,
} from 'xstate';
import { catalogues, type FlowLanguage, type MessageCatalogue } from '../machines/shared/catalogue.js';
import type { FlowError } from '../machines/shared/flow-error.js';
import { persistFlow } from '../machines/shared/persist-flow.js';
import { restoreFlow } from '../machines/shared/restore-flow.js';
import { nextTickMs, secondsLeft, statePaths, topState, viewError, type FlowViewError, type TopStateOf } from './flow-view.js';

/** Where {@link useSaasusFlow} keeps the flow between page loads. */
export interface FlowPersistOptions {
  /** The storage key. */
  key: string;
  /** The storage, asked for only in the browser after render. Default `() => window.localStorage`. */
  storage?: () => Storage;
}

/** Options of {@link useSaasusFlow}. */
export interface UseSaasusFlowOptions<TMachine extends AnyStateMachine> {
  /** The machine's input, read when the flow starts (and when it starts over). */
  input?: InputFrom<TMachine>;
  /** The language of the error messages. Default `en`. */
  lang?: FlowLanguage;
  /** Messages replacing the catalogue's, per error code. */
  messages?: Partial<MessageCatalogue>;
  /** Saves the flow with `persistFlow` after every change and resumes it on the next load. */
  persist?: FlowPersistOptions;
  /** The clock of the countdowns (epoch ms). Default `Date.now`. */
  now?: () => number;
}

type EventOf<TMachine extends AnyStateMachine> = EventFromLogic<TMachine>;
type Accepts<TEvent, TType extends string> = [Extract<TEvent, { type: TType }>] extends [never] ? false : true;

/** Senders for the events a flow accepts; the helpers exist only where the machine has the event. */
export type FlowSenders<TEvent extends { type: string }> = {
  /** Sends any event of the flow. */
  send(event: TEvent): void;
} & (Accepts<TEvent, 'flow.retry'> extends true ? { /** Sends the failed request again. */ retry(): void } : unknown) &
  (Accepts<TEvent, 'flow.cancel'> extends true ? { /** Ends the flow as `cancelled`. */ cancel(): void } : unknown) &
  (Accepts<TEvent, 'code.resend'> extends true ? { /** Asks for a new code (queued during the cooldown). */ resend(): void } : unknown) &
  (Accepts<TEvent, 'code.submit'> extends true ? { submitCode(code: string): void } : unknown) &
  (Accepts<TEvent, 'email.submit'> extends true ? { submitEmail(email: string): void } : unknown) &
  (Accepts<TEvent, 'email.change'> extends true ? { /** Goes back to entering the address. */ changeEmail(): void } : unknown);

/** What {@link useSaasusFlow} returns: the flow as a UI renders it, and its senders. */
export type FlowView<TMachine extends AnyStateMachine> = FlowSenders<EventOf<TMachine>> & {
  /** The top-level state: the step to render. */
  step: TopStateOf<SnapshotFrom<TMachine>['value']>;
  /** Every active state as a dotted path (parallel regions joined by `, `): `enteringEmail.failed`. */
  path: string;
  /** A request is in flight (`busy` tag): disable the buttons. */
  busy: boolean;
  /** The failure shown (`error` in context), with its message in the chosen language. */
  error: FlowViewError | undefined;
  /** Seconds until a resend is accepted (0: now); `undefined` when no code was sent. Ticks every second. */
  resendIn: number | undefined;
  /** Seconds until the current code expires (0: expired); `undefined` when no code was sent. Ticks every second. */
  codeExpiresIn: number | undefined;
  /** Wrong-code attempts left, when the server said. */
  attemptsLeft: number | undefined;
  /** The flow has ended (a final state). */
  done: boolean;
  /** The final state's output once `done`. */
  output: OutputFrom<TMachine> | undefined;
  /** `false` during server render and the first browser render, until a saved flow was looked for. */
  ready: boolean;
  context: ContextFrom<TMachine>;
  snapshot: SnapshotFrom<TMachine>;
  /** Forgets the saved flow and starts afresh. */
  restart(): void;
};

interface CodeFields {
  resendAvailableAt?: number;
  codeExpiresAt?: number;
  error?: FlowError;
}

function defaultStorage(): Storage {
  return window.localStorage;
}

function readSaved(storage: Storage, key: string): Snapshot<unknown> | undefined {
  const raw = storage.getItem(key);
  return raw === null ? undefined : (JSON.parse(raw) as Snapshot<unknown>);
}

/**
 * Creates and starts the flow's actor, restored from `saved` when `restoreFlow` accepts it (a
 * known, settled step of this machine with well-typed context); anything else starts afresh.
 */
function startActor(machine: AnyStateMachine, input: unknown, saved: Snapshot<unknown> | undefined): { actor: Actor<AnyStateMachine>; restored: boolean } {
  const { snapshot } = restoreFlow(machine, saved);
  if (snapshot !== undefined) {
    try {
      const actor = createActor(machine, { input, snapshot });
      actor.start();
      return { actor, restored: true };
    } catch {
      // A save from another version of the flow: start afresh below.
    }
  }
  const actor = createActor(machine, { input });
  actor.start();
  return { actor, restored: false };
}

/**
 * Runs a saasus-flows machine in a React component and returns what to render: the step, the
 * busy flag, the error in the person's language, live countdowns, and typed senders. With
 * `persist`, the flow is saved with `persistFlow` and resumed on the next load; storage is
 * touched only in effects, so server rendering and imports never read it.
 *
 * @example
 * const flow = useSaasusFlow(flows.signUpMachine, { lang: 'ja', persist: { key: 'signUp' } });
 * if (flow.step === 'awaitingConfirmation') return <p>resend in {flow.resendIn} s</p>;
 */
export function useSaasusFlow<TMachine extends AnyStateMachine>(machine: TMachine, options: UseSaasusFlowOptions<TMachine> = {}): FlowView<TMachine> {
  const { input, lang = 'en', messages, persist, now: clock = Date.now } = options;
  const persistKey = persist?.key;
  const storageOf = persist?.storage ?? defaultStorage;
  // What the server and the first browser render show: the initial state, never started.
  const [initial] = useState(() => createActor(machine, { input } as never) as Actor<AnyStateMachine>);
  const [live, setLive] = useState<Actor<AnyStateMachine> | undefined>(undefined);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const storage = persistKey === undefined ? undefined : storageOf();
    let saved: Snapshot<unknown> | undefined;
    try {
      saved = storage && persistKey !== undefined ? readSaved(storage, persistKey) : undefined;
    } catch {
      saved = undefined;
    }
    const { actor } = startActor(machine, input, saved);
    const save = () => {
      if (storage && persistKey !== undefined) storage.setItem(persistKey, JSON.stringify(persistFlow(actor)));
    };
    save();
    const subscription = actor.subscribe({ next: save, error: () => undefined });
    setLive(actor);
    return () => {
      subscription.unsubscribe();
      actor.stop();
    };
    // `input`, `storage` and the clock are read when the flow starts, as `createActor` reads its options.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [machine, persistKey, generation]);

  const actor = live ?? initial;
  const snapshot = useSelector(actor, (s) => s) as AnyMachineSnapshot;
  const context = snapshot.context as CodeFields;
  const done = snapshot.status === 'done';

  // The countdowns: re-render at each whole second of a deadline still ahead.
  const [now, setNow] = useState(clock);
  const deadlines = done ? [] : [context.resendAvailableAt, context.codeExpiresAt, context.error?.retryAt];
  const wait = nextTickMs(deadlines, now);
  useEffect(() => {
    if (wait === undefined) return;
    const timer = setTimeout(() => setNow(clock()), wait);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [now, wait]);
  // A new snapshot (a code just sent) is measured from the clock, not from the last tick.
  const [seen, setSeen] = useState(snapshot);
  if (seen !== snapshot) {
    setSeen(snapshot);
    setNow(clock());
  }

  const send = useCallback((event: EventOf<TMachine>) => actor.send(event), [actor]);
  const restart = useCallback(() => {
    if (persistKey !== undefined) storageOf().removeItem(persistKey);
    setGeneration((n) => n + 1);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [persistKey]);
  const senders = useMemo(
    () => ({
      send,
      retry: () => send({ type: 'flow.retry' } as EventOf<TMachine>),
      cancel: () => send({ type: 'flow.cancel' } as EventOf<TMachine>),
      resend: () => send({ type: 'code.resend' } as EventOf<TMachine>),
      submitCode: (code: string) => send({ type: 'code.submit', code } as EventOf<TMachine>),
      submitEmail: (email: string) => send({ type: 'email.submit', email } as EventOf<TMachine>),
      changeEmail: () => send({ type: 'email.change' } as EventOf<TMachine>),
    }),
    [send],
  );

  const error = viewError(context.error, now, catalogues[lang], messages);
  return {
    ...senders,
    restart,
    step: topState(snapshot.value) as FlowView<TMachine>['step'],
    path: statePaths(snapshot.value).join(', '),
    busy: snapshot.hasTag('busy'),
    error,
    resendIn: secondsLeft(context.resendAvailableAt, now),
    codeExpiresIn: secondsLeft(context.codeExpiresAt, now),
    attemptsLeft: context.error?.attemptsLeft,
    done,
    output: (done ? snapshot.output : undefined) as OutputFrom<TMachine> | undefined,
    ready: live !== undefined,
    context: snapshot.context as ContextFrom<TMachine>,
    snapshot: snapshot as SnapshotFrom<TMachine>,
  } as FlowView<TMachine>;
}
