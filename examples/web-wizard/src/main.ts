import { createActor, type ActorRefFrom, type AnyActor, type AnyMachineSnapshot, type StateValue } from 'xstate';
import { persistFlow } from '../../../src/machines/index.js';
import { button, h } from './dom.js';
import { flows, STEPS, type StepName } from './flows.js';
import { renderMailbox } from './mailbox.js';
import { clearWizard, loadWizard, saveWizard } from './storage.js';
import { emailView, mfaView, signUpView } from './views.js';

const TITLES: Record<StepName, string> = { signUp: '1. Sign up', mfaSetup: '2. Two-step sign-in', emailUpdate: '3. Change e-mail', done: 'Done' };
const app = document.querySelector<HTMLElement>('#app');
const stepsList = document.querySelector<HTMLElement>('#steps');
const mailbox = document.querySelector<HTMLElement>('#mailbox');
if (!app || !stepsList || !mailbox) throw new Error('index.html lacks #app, #steps or #mailbox');

const saved = loadWizard();
let current: { actor: AnyActor; step: StepName } | undefined;

/** `a.b` for nested states, `a(x.y, z.w)` for parallel ones: what the badge and data-state-value show. */
function stateText(value: StateValue): string {
  if (typeof value === 'string') return value;
  const parts = Object.entries(value).map(([key, child]) => (child === undefined ? key : `${key}.${stateText(child)}`));
  return parts.length === 1 ? (parts[0] ?? '') : `(${parts.join(', ')})`;
}

function render(): void {
  stepsList?.replaceChildren(...STEPS.map((s) => h('li', { 'aria-current': s === saved.step ? 'step' : undefined }, TITLES[s])));
  const startOver = button('Start over', 'start-over', () => void startOver_());
  if (saved.step === 'done' || !current) {
    const lines = Object.entries(saved.results).map(([flow, result]) => h('li', {}, `${flow}: ${result}`));
    app?.replaceChildren(h('section', { 'data-flow': 'done', 'data-state': 'done' }, h('h2', {}, 'All set'), h('ul', {}, ...lines), startOver));
    return;
  }
  const { actor, step } = current;
  const snapshot = actor.getSnapshot() as AnyMachineSnapshot;
  const top = typeof snapshot.value === 'string' ? snapshot.value : (Object.keys(snapshot.value)[0] ?? '');
  const body =
    step === 'signUp'
      ? signUpView(actor as never, snapshot as never)
      : step === 'mfaSetup'
        ? mfaView(actor as never, snapshot as never)
        : emailView(actor as never, snapshot as never);
  app?.replaceChildren(
    h(
      'section',
      { 'data-flow': step, 'data-state': top, 'data-state-value': stateText(snapshot.value), 'aria-busy': snapshot.hasTag('busy') ? 'true' : 'false' },
      h('h2', {}, TITLES[step], ' ', h('span', { class: 'state', title: 'the flow machine’s state' }, stateText(snapshot.value))),
      ...body,
      startOver,
    ),
  );
  const addresses = [saved.account ?? '', (snapshot.context as { email?: string }).email ?? ''];
  if (mailbox) void renderMailbox(mailbox, addresses);
}

function finish(step: StepName, output: { status: string; email?: string }): void {
  if (step === 'signUp' && output.status !== 'confirmed') {
    delete saved.snapshots.signUp;
    start('signUp');
    return;
  }
  if (step === 'signUp' && output.email !== undefined) saved.account = output.email;
  saved.results[step] = output.email === undefined ? output.status : `${output.status} (${output.email})`;
  const next = STEPS[STEPS.indexOf(step) + 1] ?? 'done';
  start(next);
}

function actorFor(step: Exclude<StepName, 'done'>): AnyActor {
  const snapshot = saved.snapshots[step];
  const restore = snapshot === undefined ? {} : { snapshot };
  if (step === 'signUp') return createActor(flows.signUp, { ...restore, input: {} });
  if (step === 'mfaSetup') return createActor(flows.mfaSetup, { ...restore, input: { accountName: saved.account ?? '' } });
  return createActor(flows.emailUpdate, { ...restore, input: {} });
}

function start(step: StepName): void {
  current?.actor.stop();
  current = undefined;
  saved.step = step;
  saveWizard(saved);
  if (step === 'done') return render();
  const actor = actorFor(step);
  current = { actor, step };
  actor.subscribe({
    next: (snapshot: AnyMachineSnapshot) => {
      if (current?.actor !== actor) return;
      saved.snapshots[step] = persistFlow(actor);
      saveWizard(saved);
      if (snapshot.status === 'done') finish(step, snapshot.output as { status: string; email?: string });
      else render();
    },
    error: (error: unknown) => app?.replaceChildren(h('p', { class: 'error', role: 'alert' }, `The flow stopped: ${String(error)}`)),
  });
  actor.start();
  render();
}

async function startOver_(): Promise<void> {
  current?.actor.stop();
  clearWizard();
  await fetch('/session', { method: 'DELETE' }).catch(() => undefined);
  location.assign('/');
}

// Back from the hosted sign-in page: hand the callback code to the waiting sign-up flow.
const params = new URLSearchParams(location.search);
const code = location.pathname === '/callback' ? params.get('code') : null;
if (location.pathname === '/callback') history.replaceState(null, '', '/');
start(saved.step);
if (code !== null && current?.step === 'signUp') {
  const signUp = current.actor as ActorRefFrom<typeof flows.signUp>;
  signUp.send({ type: 'confirmation.submit', confirmation: { method: 'callbackCode', code } });
}
