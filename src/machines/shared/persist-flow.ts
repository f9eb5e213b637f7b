import type { AnyActorRef, AnyMachineSnapshot, AnyStateMachine, AnyStateNode, Snapshot, StateValue } from 'xstate';
import type { FlowPersistMeta } from './flow.types.js';

interface PersistedChild {
  snapshot: { status: 'active'; output: undefined; error: undefined; input: unknown };
  src: string;
  systemId: string | undefined;
  syncSnapshot: boolean;
}

interface PersistedMachine {
  children: Record<string, PersistedChild>;
}

/** The `persist` metas of the active state nodes, merged (a machine uses disjoint keys). */
function persistMetaOf(snapshot: AnyMachineSnapshot): FlowPersistMeta | undefined {
  let merged: FlowPersistMeta | undefined;
  for (const meta of Object.values(snapshot.getMeta() as Record<string, { persist?: FlowPersistMeta } | undefined>)) {
    if (meta?.persist) merged = { ...merged, ...meta.persist, reset: { ...merged?.reset, ...meta.persist.reset } };
  }
  return merged;
}

export function isMachine(logic: unknown): logic is AnyStateMachine {
  return typeof logic === 'object' && logic !== null && 'resolveState' in logic && 'root' in logic;
}

function withoutKeys(context: Record<string, unknown>, keys: readonly string[] | undefined): Record<string, unknown> {
  if (!keys?.length) return context;
  const copy = { ...context };
  for (const key of keys) delete copy[key];
  return copy;
}

/**
 * `actor.getPersistedSnapshot()` made safe to store, for the saasus-flows machines. From a
 * settled state it is the plain persisted snapshot. From a state with a request in flight it
 * saves the step the user submitted from instead, without the running request (whose input may
 * hold a code or password): restoring shows that step again and sends nothing by itself. From
 * the MFA state showing the TOTP secret it drops the secret and saves `creatingSecretCode`
 * with its request, so a restored flow asks for a new secret. A resend queued during the
 * cooldown is dropped (its timer does not survive a restore): after restoring, `code.resend`
 * re-arms the cooldown wake-up and sends as soon as `resendAvailableAt` has passed. Restore with
 * `restoreFlow`, which checks what was saved (storage is user-controlled), and the
 * machine from the same `createSaasusFlows` (its session provider re-supplies the access token,
 * which is never persisted).
 *
 * @example
 * localStorage.setItem('signUp', JSON.stringify(persistFlow(actor)));
 * const { snapshot } = restoreFlow(flows.signUpMachine, JSON.parse(saved));
 * const restored = createActor(flows.signUpMachine, { snapshot, input: {} }).start();
 */
export function persistFlow(actor: Pick<AnyActorRef, 'getSnapshot' | 'getPersistedSnapshot'>): Snapshot<unknown> {
  const snapshot = actor.getSnapshot() as AnyMachineSnapshot;
  const machine: unknown = snapshot.machine;
  const persist = snapshot.status === 'active' && isMachine(machine) ? persistMetaOf(snapshot) : undefined;
  if (!persist || !isMachine(machine)) return actor.getPersistedSnapshot();

  const context = { ...withoutKeys(snapshot.context as Record<string, unknown>, persist.clear), ...persist.reset };
  const resumed = machine.resolveState({ value: (persist.resumeAt ?? snapshot.value) as StateValue, context });
  const persisted = machine.getPersistedSnapshot(resumed) as Snapshot<unknown> & PersistedMachine;
  if (persist.restart) {
    // The top-level state resumed at (none without resumeAt): its requests start again on restore.
    const resumedAt = Object.values(machine.root.states).filter((node) => node.key === persist.resumeAt);
    Object.assign(persisted.children, restartedChildren(resumedAt));
  }
  return persisted;
}

/**
 * The persisted children that make a restored snapshot start the requests of `nodes` afresh:
 * one per invoke, with the machine's own (static) input. Only for requests that take no
 * secret: an invoke whose input is computed is restarted without input.
 */
export function restartedChildren(nodes: readonly AnyStateNode[]): Record<string, PersistedChild> {
  const children: Record<string, PersistedChild> = {};
  for (const invoke of nodes.flatMap((node) => node.invoke)) {
    if (typeof invoke.src !== 'string') continue;
    children[invoke.id] = {
      snapshot: { status: 'active', output: undefined, error: undefined, input: typeof invoke.input === 'function' ? undefined : invoke.input },
      src: invoke.src,
      systemId: invoke.systemId,
      syncSnapshot: false,
    };
  }
  return children;
}
