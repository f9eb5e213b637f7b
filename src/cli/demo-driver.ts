import type { AnyActorRef, EventObject, SnapshotFrom, StateValue } from 'xstate';

/** Ignored events in a row after which the driver gives up (a decide loop that cannot progress). */
const MAX_IGNORED = 3;

/** The parts of a machine snapshot the driver reads. */
export interface DrivenSnapshot {
  readonly value: StateValue;
  readonly status: 'active' | 'done' | 'error' | 'stopped';
  readonly error?: unknown;
  hasTag(tag: string): boolean;
}

/** What to do when the machine waits for its user. */
export interface DriveHooks<S> {
  /**
   * The event to send while the machine waits (not busy, not final). `signal` aborts when
   * the machine moves on by itself (a timer) before the answer came.
   */
  decide(snapshot: S, signal: AbortSignal): Promise<EventObject>;
  /** Every change of state value, e.g. to print `signUp: enteringEmail → signingUp`. */
  onChange?(from: string | undefined, to: string, snapshot: S): void;
  /** Busy (a request in flight) started or ended. */
  onBusy?(busy: boolean, snapshot: S): void;
}

/**
 * The name a state change is reported with: the top-level state (`awaitingConfirmation`, not
 * its parallel regions), marked ` (error)` where the machine shows a failure.
 */
export function stateName(snapshot: Pick<DrivenSnapshot, 'value' | 'hasTag'>): string {
  const { value } = snapshot;
  const top = typeof value === 'string' ? value : (Object.keys(value)[0] ?? '');
  return snapshot.hasTag('error') ? `${top} (error)` : top;
}

/**
 * Runs a started (or not yet started) actor to its final state: asks `decide` for an event
 * whenever the machine waits, reports state changes and busy periods. Resolves with the
 * final snapshot; rejects when the actor fails or `decide` throws.
 */
export function drive<A extends AnyActorRef & { start(): unknown }>(actor: A, hooks: DriveHooks<SnapshotFrom<A>>): Promise<SnapshotFrom<A>> {
  return new Promise((resolve, reject) => {
    let last: string | undefined;
    let busy = false;
    let pending: AbortController | undefined;
    let settled = false;
    let ignored = 0;

    const finish = (ok: boolean, value: unknown) => {
      if (settled) return;
      settled = true;
      pending?.abort();
      subscription.unsubscribe();
      if (ok) resolve(value as SnapshotFrom<A>);
      else reject(value);
    };

    const ask = (snapshot: SnapshotFrom<A>) => {
      const controller = new AbortController();
      pending = controller;
      hooks.decide(snapshot, controller.signal).then(
        (event) => {
          if (controller.signal.aborted || settled) return;
          const before = actor.getSnapshot();
          actor.send(event);
          // Snapshots emitted during send see this question as pending and ask nothing, unless
          // the state changed (then they asked already and `pending` is another question).
          if (pending !== controller) return;
          pending = undefined;
          const after = actor.getSnapshot() as SnapshotFrom<A>;
          if (settled) return;
          if (after !== before) {
            ignored = 0;
            const s = after as unknown as DrivenSnapshot;
            if (s.status === 'active' && !s.hasTag('busy')) ask(after);
            return;
          }
          // An event the machine ignores changes nothing: ask again, but not forever.
          if (++ignored > MAX_IGNORED) {
            finish(false, new Error(`The flow keeps ignoring "${event.type}" in ${last ?? 'its state'}.`));
          } else {
            ask(after);
          }
        },
        (error: unknown) => {
          if (!controller.signal.aborted) finish(false, error);
        },
      );
    };

    const onSnapshot = (snapshot: SnapshotFrom<A>) => {
      const s = snapshot as unknown as DrivenSnapshot;
      const name = stateName(s);
      const changed = name !== last;
      if (changed) {
        hooks.onChange?.(last, name, snapshot);
        last = name;
      }
      const nowBusy = s.hasTag('busy');
      if (nowBusy !== busy) {
        busy = nowBusy;
        hooks.onBusy?.(busy, snapshot);
      }
      if (s.status === 'done') return finish(true, snapshot);
      if (s.status === 'error') return finish(false, s.error);
      if (s.status === 'stopped') return finish(false, new Error('The flow was stopped.'));
      if (changed && pending !== undefined) {
        pending.abort();
        pending = undefined;
      }
      if (!nowBusy && pending === undefined) ask(snapshot);
    };

    const subscription = actor.subscribe({ next: onSnapshot, error: (error: unknown) => finish(false, error) });
    actor.start();
    if (last === undefined) onSnapshot(actor.getSnapshot() as SnapshotFrom<A>);
  });
}
