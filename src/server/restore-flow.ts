import { createActor, type Actor, type AnyStateMachine, type Snapshot } from 'xstate';

/**
 * The one place the endpoint turns a stored snapshot back into an actor. Today this is xstate's
 * own restore, `createActor(machine, { snapshot, input })`; when `restoreFlow(machine, persisted)`
 * (validated restore) lands in the machines, this is the line that switches to it.
 */
export function restoreFlowActor(machine: AnyStateMachine, snapshot: Snapshot<unknown>): Actor<AnyStateMachine> {
  return createActor(machine, { snapshot, input: undefined });
}
