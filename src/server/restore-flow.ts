import { createActor, type Actor, type AnyStateMachine, type Snapshot } from 'xstate';
import { restoreFlow } from '../machines/shared/restore-flow.js';

/**
 * The one place the endpoint turns a stored snapshot back into an actor. A flow in progress goes
 * through `restoreFlow`: one that does not fit the machine (tampered with, or from another
 * version of it) starts fresh instead of restoring into nonsense, and sends no request of its
 * own. A finished flow (`done`, with its output) is only ever read back for its view; it comes
 * from the endpoint's own store, never from a client, and restores as stored.
 */
export function restoreFlowActor(machine: AnyStateMachine, snapshot: Snapshot<unknown>): Actor<AnyStateMachine> {
  if (snapshot.status === 'done') return createActor(machine, { snapshot, input: undefined });
  const checked = restoreFlow(machine, snapshot);
  return createActor(machine, checked.ok ? { snapshot: checked.snapshot, input: undefined } : { input: undefined });
}
