import { createActor, type ActorRefFrom, type AnyActor, type AnyMachineSnapshot, type StateValue } from 'xstate';
import { persistFlow } from 'saasus-flows';
import { button, h, stopCountdowns } from './dom.js';
import { flows, rememberCallbackState, STEPS, type StepName } from './flows.js';
import { renderMailbox } from './mailbox.js';
import { clearWizard, loadWizard, saveWizard } from './storage.js';
import { emailView, mfaView, signUpView, tenantView, type ViewParts } from './views.js';

const TITLES: Record<StepName, string> = {
  signUp: 'Create your account',
  tenantSignUp: 'Create your tenant',
  mfaSetup: 'Set up two-step sign-in', emailUpdate: 'Change your e-mail address', done: 'You are all set' };
const app = document.querySelector<HTMLElement>('#app');
const stepsList = document.querySelector<HTMLElement>('#steps');
const mailbox = document.querySelector<HTMLElement>('#mailbox');
if (!app || !stepsList || !mailbox) throw new Error('index.html lacks #app, #steps or #mailbox');

const saved = loadWizard();
let current: { actor: AnyActor; step: StepName } | undefined;
/** The screen last drawn (`step:state`): focus moves only when it changes. */
let shownScreen: string | undefined;

/** `a.b` for nested states, `a(x.y, z.w)` for parallel ones: the `data-state-value` tests read. */
function stateText(value: StateValue): string {
  if (typeof value === 'string') return value;
  const parts = Object.entries(value).map(([key, child]) => (child === undefined ? key : `${key}.${stateText(child)}`));
  return parts.length === 1 ? (parts[0] ?? '') : `(${parts.join(', ')})`;
}

/** The step's heading: a focus target (not in the tab order) announced when a new step shows. */
function heading(step: StepName): HTMLHeadingElement {
  return h('h2', { id: 'step-heading', tabindex: -1 }, TITLES[step]);
}

/**
 * After a new screen is drawn, focus goes to its heading — or, when the screen shows a field the
 * server refused, to that field — so keyboard and screen-reader users start at the top of it
 * instead of on `<body>`.
 */
function moveFocus(screen: string): void {
  if (screen === shownScreen) return;
  shownScreen = screen;
  const target = app?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? app?.querySelector<HTMLElement>('#step-heading');
  target?.focus();
}

function draw(section: HTMLElement, screen: string): void {
  // Drawing the same screen again keeps focus where it was (the element with the same id or name).
  const active = document.activeElement;
  const keep = active instanceof HTMLElement && app?.contains(active) ? (active.id ? `#${CSS.escape(active.id)}` : active.getAttribute('name') ? `[name="${CSS.escape(active.getAttribute('name') ?? '')}"]` : undefined) : undefined;
  app?.replaceChildren(section);
  if (screen === shownScreen && keep !== undefined) app?.querySelector<HTMLElement>(keep)?.focus();
  moveFocus(screen);
  if (mailbox) void renderMailbox(mailbox);
}

function render(): void {
  stopCountdowns();
  stepsList?.replaceChildren(...STEPS.map((s) => h('li', { 'aria-current': s === saved.step ? 'step' : undefined }, TITLES[s])));
  const startOver = button('Start over', 'start-over', () => void startOver_());
  if (saved.step === 'done' || !current) {
    const lines = STEPS.flatMap((s) => (saved.results[s] === undefined ? [] : [h('li', {}, saved.results[s])]));
    const section = h('section', { 'data-flow': 'done', 'data-state': 'done', 'aria-labelledby': 'step-heading' }, heading('done'), h('ul', {}, ...lines), startOver);
    draw(section, 'done');
    return;
  }
  const { actor, step } = current;
  const snapshot = actor.getSnapshot() as AnyMachineSnapshot;
  const top = typeof snapshot.value === 'string' ? snapshot.value : (Object.keys(snapshot.value)[0] ?? '');
  const body: ViewParts =
    step === 'signUp'
      ? signUpView(actor as never, snapshot as never, render)
      : step === 'tenantSignUp'
        ? tenantView(actor as never, snapshot as never)
        : step === 'mfaSetup'
          ? mfaView(actor as never, snapshot as never)
          : emailView(actor as never, snapshot as never, render);
  // The first screen is the start: nothing to start over from.
  const first = step === 'signUp' && top === 'enteringEmail';
  const section = h(
    'section',
    {
      'data-flow': step,
      'data-state': top,
      'data-state-value': stateText(snapshot.value),
      'aria-labelledby': 'step-heading',
      'aria-busy': snapshot.hasTag('busy') ? 'true' : 'false',
    },
    heading(step),
    ...body,
    first ? '' : startOver,
  );
  // A field newly refused (a form the machine checked without a request) makes a new screen too.
  const refused = section.querySelector('[aria-invalid="true"]')?.getAttribute('name');
  draw(section, refused ? `${step}:${top}:${refused}` : `${step}:${top}`);
}

/** What a flow reports when it finishes (the fields the summary uses). */
interface FlowResult {
  status: string;
  email?: string;
  tenant?: { name: string };
  tenants?: Array<{ name: string }>;
}

/** What a finished flow means for the person, in the summary. */
function summary(step: StepName, output: FlowResult): string {
  if (step === 'signUp') return `Your account ${output.email ?? ''} is confirmed.`;
  if (step === 'tenantSignUp') {
    if (output.status === 'signedUp') return `Your tenant ${output.tenant?.name ?? ''} is ready, and you are its administrator.`;
    if (output.status === 'alreadyMember') return `You already belong to ${(output.tenants ?? []).map((t) => t.name).join(', ')}.`;
    return 'You did not create a tenant.';
  }
  if (step === 'mfaSetup') {
    if (output.status === 'enabled') return 'Two-step sign-in with an authenticator app is on.';
    return output.status === 'disabled' ? 'Two-step sign-in is off.' : 'You skipped two-step sign-in.';
  }
  return output.status === 'updated' ? `You now sign in with ${output.email ?? ''}.` : 'Your e-mail address is unchanged.';
}

function finish(step: StepName, output: FlowResult): void {
  if (step === 'signUp' && output.status !== 'confirmed') {
    delete saved.snapshots.signUp;
    start('signUp');
    return;
  }
  if (step === 'signUp' && output.email !== undefined) saved.account = output.email;
  saved.results[step] = summary(step, output);
  const next = STEPS[STEPS.indexOf(step) + 1] ?? 'done';
  start(next);
}

function actorFor(step: Exclude<StepName, 'done'>): AnyActor {
  const snapshot = saved.snapshots[step];
  const restore = snapshot === undefined ? {} : { snapshot };
  if (step === 'signUp') return createActor(flows.signUp, { ...restore, input: {} });
  if (step === 'tenantSignUp') return createActor(flows.tenantSignUp, { ...restore, input: {} });
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
      if (snapshot.status === 'done') finish(step, snapshot.output as FlowResult);
      else render();
    },
    error: () => {
      stopCountdowns();
      app?.replaceChildren(h('p', { class: 'error', role: 'alert' }, 'Something went wrong. Reload the page to continue.'));
    },
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

// Back from the hosted sign-in page: hand the callback code (and the back end's `state`) to the
// waiting sign-up flow, and take both out of the address bar.
const params = new URLSearchParams(location.search);
const code = location.pathname === '/callback' ? params.get('code') : null;
if (location.pathname === '/callback') history.replaceState(null, '', '/');
start(saved.step);
if (code !== null && current?.step === 'signUp') {
  rememberCallbackState(params.get('state') ?? undefined);
  const signUp = current.actor as ActorRefFrom<typeof flows.signUp>;
  signUp.send({ type: 'confirmation.submit', confirmation: { method: 'callbackCode', code } });
}
