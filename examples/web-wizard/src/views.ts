import type { ActorRefFrom, SnapshotFrom } from 'xstate';
import { otpauthUri, qrDataUrl } from 'saasus-flows/mfa';
import { busy, button, countdown, duration, errorLine, fieldForm, h } from './dom.js';
import type { flows } from './flows.js';

type SignUpActor = ActorRefFrom<typeof flows.signUp>;
type MfaActor = ActorRefFrom<typeof flows.mfaSetup>;
type EmailActor = ActorRefFrom<typeof flows.emailUpdate>;

/** What a view draws into the step's section. */
export type ViewParts = Array<Node | string>;

/**
 * "Send again", or while the server's wait lasts a disabled button with a live "Resend in 42 s";
 * at zero the view is drawn again with the button enabled.
 */
function resendLine(context: { resendAvailableAt?: number; resendQueued: boolean }, send: () => void, redraw: () => void): HTMLElement {
  const until = context.resendAvailableAt;
  if (until === undefined || until <= Date.now()) return h('p', {}, button('Send again', 'resend', send));
  const text = context.resendQueued ? (left: string) => `Sending again in ${left}` : (left: string) => `Resend in ${left}`;
  return h('p', {}, h('button', { type: 'button', name: 'resend', disabled: true }, countdown(until, text, redraw)));
}

/** "It works for the next 24 h." for a deadline, or nothing without one. */
function validFor(what: string, until: number | undefined): string {
  return until === undefined ? '' : ` ${what} works for the next ${duration(until - Date.now())}.`;
}

/** Sign-up: e-mail, then confirmation on the emulator's hosted sign-in page. */
export function signUpView(actor: SignUpActor, snapshot: SnapshotFrom<typeof flows.signUp>, redraw: () => void): ViewParts {
  const { context } = snapshot;
  const send = actor.send.bind(actor);
  if (snapshot.matches('enteringEmail')) {
    return [
      h('p', {}, 'Create your account. We mail you a temporary password.'),
      fieldForm({
        name: 'email',
        label: 'E-mail',
        type: 'email',
        autocomplete: 'email',
        button: 'Sign up',
        value: context.email,
        error: context.error,
        submit: (email) => send({ type: 'email.submit', email }),
      }),
      context.error?.retryable ? button('Try again', 'retry', () => send({ type: 'flow.retry' })) : '',
    ];
  }
  if (snapshot.matches('awaitingConfirmation')) {
    return [
      h('p', {}, `We sent a temporary password to ${context.email}.${validFor('It', context.codeExpiresAt)}`),
      h('p', {}, 'Sign in with it once and choose your own password to confirm the account.'),
      errorLine(context.error) ?? '',
      // The back end starts the sign-in: it binds a `state` nonce to this browser first.
      h('p', {}, h('a', { href: '/sign-in', 'data-action': 'open-sign-in' }, 'Open the sign-in page')),
      resendLine(context, () => send({ type: 'code.resend' }), redraw),
      button('Use another address', 'change-email', () => send({ type: 'email.change' })),
    ];
  }
  if (snapshot.hasTag('busy')) return [busy(snapshot.matches('confirming') ? 'Signing you in…' : 'Sending…')];
  return [h('p', {}, snapshot.matches('confirmed') ? 'Account confirmed.' : 'Sign-up cancelled.')];
}

/** The QR of the otpauth URI (qrcode is loaded on demand); `alt` and `data-otpauth` carry the URI. */
function qrImage(uri: string): HTMLImageElement {
  const img = h('img', { class: 'qr', alt: uri, 'data-otpauth': uri, width: 200, height: 200 });
  void qrDataUrl(uri, { width: 200, margin: 2 }).then((url) => {
    img.src = url;
    img.dataset.ready = 'true';
  });
  return img;
}

/**
 * The key of the current enrollment, as last shown on this page. The machine forgets its secret
 * once a code is submitted (it is never persisted); the page keeps showing it until the
 * enrollment ends or a new key is asked for, so a wrong code does not take the QR away.
 */
let shownKey: { secret: string; uri: string } | undefined;

function keyParts(key: { secret: string; uri: string }): ViewParts {
  return [
    h('p', {}, 'Scan this with your authenticator app, then enter the code it shows.'),
    qrImage(key.uri),
    h('p', {}, 'Or type the key: ', h('code', { 'data-secret': true }, key.secret)),
  ];
}

/** MFA: the secret as QR and text, then the authenticator's code; the QR stays after a wrong code. */
export function mfaView(actor: MfaActor, snapshot: SnapshotFrom<typeof flows.mfaSetup>): ViewParts {
  const { context } = snapshot;
  const send = actor.send.bind(actor);
  const restart = button('Use a new key', 'restart', () => send({ type: 'enrollment.restart' }));
  if (snapshot.matches('showingSecret') && context.secret !== undefined) {
    const uri = otpauthUri({ secret: context.secret, accountName: context.accountName, ...(context.issuer ? { issuer: context.issuer } : {}) });
    shownKey = { secret: context.secret, uri };
  } else if (!snapshot.matches('enteringCode') && !snapshot.matches('updatingSoftwareToken')) {
    shownKey = undefined;
  }
  const key = shownKey === undefined ? [h('p', {}, 'Enter the code your authenticator app shows.')] : keyParts(shownKey);
  if (snapshot.matches('showingSecret') || snapshot.matches('enteringCode')) {
    return [
      ...key,
      fieldForm({
        name: 'code',
        label: '6-digit code from the app',
        inputmode: 'numeric',
        autocomplete: 'one-time-code',
        button: 'Verify',
        error: context.error,
        submit: (code) => send({ type: 'code.submit', code }),
      }),
      restart,
    ];
  }
  if (snapshot.matches('updatingSoftwareToken')) return [...key, busy('Checking the code…')];
  if (snapshot.matches('offeringEnrollment')) {
    return [
      h('p', {}, 'Protect your account with an authenticator app: each sign-in then asks for its 6-digit code.'),
      button('Add an authenticator app', 'add-app', () => send({ type: 'enrollment.start' })),
      button('Skip', 'skip', () => send({ type: 'flow.cancel' })),
    ];
  }
  if (snapshot.matches('offeringDisable')) {
    return [h('p', {}, 'Two-step sign-in is already on.'), button('Turn it off', 'disable', () => send({ type: 'mfa.disable' })), button('Skip', 'skip', () => send({ type: 'flow.cancel' }))];
  }
  if (snapshot.hasTag('error')) {
    return [errorLine(context.error) ?? '', context.error?.retryable ? button('Try again', 'retry', () => send({ type: 'flow.retry' })) : '', restart];
  }
  if (snapshot.hasTag('busy')) return [busy('Talking to the server…')];
  return [h('p', {}, 'Setting up two-step sign-in…')];
}

/** E-mail change: new address, then the code mailed to it. */
export function emailView(actor: EmailActor, snapshot: SnapshotFrom<typeof flows.emailUpdate>, redraw: () => void): ViewParts {
  const { context } = snapshot;
  const send = actor.send.bind(actor);
  const changeAddress = button('Use another address', 'change-email', () => send({ type: 'email.change' }));
  if (snapshot.matches('enteringEmail')) {
    return [
      h('p', {}, 'Change the address you sign in with.'),
      fieldForm({
        name: 'email',
        label: 'New e-mail',
        type: 'email',
        autocomplete: 'email',
        button: 'Send code',
        value: context.email,
        error: context.error,
        submit: (email) => send({ type: 'email.submit', email }),
      }),
    ];
  }
  if (snapshot.matches('enteringCode')) {
    return [
      h('p', {}, `We mailed a code to ${context.email}.${validFor('It', context.codeExpiresAt)}`),
      fieldForm({
        name: 'code',
        label: 'Code',
        inputmode: 'numeric',
        autocomplete: 'one-time-code',
        button: 'Confirm',
        error: context.error,
        submit: (code) => send({ type: 'code.submit', code }),
      }),
      resendLine(context, () => send({ type: 'code.resend' }), redraw),
      changeAddress,
    ];
  }
  if (snapshot.matches('codeExpired')) {
    return [errorLine(context.error) ?? '', button('Send a new code', 'resend', () => send({ type: 'code.resend' })), changeAddress];
  }
  if (snapshot.hasTag('busy')) return [busy('Talking to the server…')];
  return [h('p', {}, snapshot.matches('updated') ? `Your address is now ${context.email}.` : 'E-mail change cancelled.')];
}

type TenantActor = ActorRefFrom<typeof flows.tenantSignUp>;
type TenantSnapshot = SnapshotFrom<typeof flows.tenantSignUp>;

/** An attribute the SaaS defined, as the tenant form shows it. */
interface Definition {
  attribute_name: string;
  display_name: string;
  attribute_type: string;
}

/** One field of the tenant form: its input's `name` (`tenant_name`, `tenant.<attribute>`, `user.<attribute>`) and definition. */
interface TenantField {
  name: string;
  group: 'tenant' | 'user';
  definition: Definition;
}

/**
 * What the person typed into the tenant form, by input name: the form is drawn again on every
 * state change (the machine keeps only the checked form), so the values live here.
 */
const entered = new Map<string, string>();

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a field's text is acceptable for its type (the machine gives the message; this only finds the field). */
function acceptable(type: string, text: string): boolean {
  if (type === 'number') return NUMBER.test(text);
  if (type === 'date') return DATE.test(text);
  if (type === 'string') return text !== '';
  return true;
}

/** The field the machine refused: the first one, in form order, whose entry does not fit its type. */
function refusedField(fields: readonly TenantField[]): string | undefined {
  if ((entered.get('tenant_name') ?? '').trim() === '') return 'tenant_name';
  return fields.find((field) => !acceptable(field.definition.attribute_type, (entered.get(field.name) ?? '').trim()))?.name;
}

/** The input for one attribute, typed from its definition; a yes/no attribute is a checkbox. */
function attributeInput(field: TenantField, invalid: boolean, errorId: string): HTMLElement {
  const { attribute_type: type, display_name: label } = field.definition;
  const id = `${field.name}-field`;
  const common = {
    id,
    name: field.name,
    'aria-invalid': invalid ? 'true' : undefined,
    'aria-describedby': invalid ? errorId : undefined,
    oninput: (event: Event) => entered.set(field.name, inputValue(event.target as HTMLInputElement)),
  };
  if (type === 'bool') {
    const box = h('input', { ...common, type: 'checkbox', value: 'true', checked: entered.get(field.name) === 'true' });
    return h('p', { class: 'check' }, box, h('label', { for: id }, label));
  }
  const input = h('input', {
    ...common,
    type: type === 'number' ? 'number' : type === 'date' ? 'date' : 'text',
    step: type === 'number' ? 'any' : undefined,
    inputmode: type === 'number' ? 'decimal' : undefined,
    value: entered.get(field.name) ?? '',
    autocomplete: 'off',
    required: true,
  });
  return h('p', {}, h('label', { for: id }, label), input);
}

function inputValue(input: HTMLInputElement): string {
  return input.type === 'checkbox' ? String(input.checked) : input.value;
}

/** The tenant form: the tenant's name, then the tenant's and the user's attributes the SaaS defined. */
function tenantForm(send: TenantActor['send'], snapshot: TenantSnapshot): HTMLFormElement {
  const { context } = snapshot;
  const fields: TenantField[] = [
    ...context.tenantAttributes.map((definition) => ({ name: `tenant.${definition.attribute_name}`, group: 'tenant' as const, definition })),
    ...context.userAttributes.map((definition) => ({ name: `user.${definition.attribute_name}`, group: 'user' as const, definition })),
  ];
  const errorId = 'tenant-form-error';
  const refused = snapshot.matches({ enteringDetails: 'invalid' }) ? refusedField(fields) : undefined;
  const nameInput = h('input', {
    id: 'tenant_name-field',
    name: 'tenant_name',
    type: 'text',
    value: entered.get('tenant_name') ?? '',
    autocomplete: 'organization',
    required: true,
    'aria-invalid': refused === 'tenant_name' ? 'true' : undefined,
    'aria-describedby': refused === 'tenant_name' ? errorId : undefined,
    oninput: (event: Event) => entered.set('tenant_name', inputValue(event.target as HTMLInputElement)),
  });
  const group = (which: 'tenant' | 'user', legend: string): HTMLElement | '' => {
    const inputs = fields.filter((field) => field.group === which).map((field) => attributeInput(field, refused === field.name, errorId));
    return inputs.length === 0 ? '' : h('fieldset', {}, h('legend', {}, legend), ...inputs);
  };
  const form = h(
    'form',
    {
      // The machine checks the form against the definitions and says what is wrong.
      novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        for (const input of Array.from(form.querySelectorAll('input'))) entered.set(input.name, inputValue(input));
        const values = (which: 'tenant' | 'user') =>
          Object.fromEntries(fields.filter((field) => field.group === which).map((field) => [field.definition.attribute_name, entered.get(field.name) ?? '']));
        send({ type: 'selfSignUp.submit', tenantName: entered.get('tenant_name') ?? '', tenantAttributes: values('tenant'), userAttributes: values('user') });
      },
    },
    h('p', {}, h('label', { for: nameInput.id }, 'Tenant name'), nameInput),
    group('tenant', 'About your tenant'),
    group('user', 'About you'),
    errorLine(context.error, errorId) ?? '',
    h('button', { type: 'submit', name: 'submit' }, 'Create tenant'),
  );
  return form;
}

/** "Create your tenant": the self sign-up form, then the tenant, the user in it and the admin role, created by the back end. */
export function tenantView(actor: TenantActor, snapshot: TenantSnapshot): ViewParts {
  const { context } = snapshot;
  const send = actor.send.bind(actor);
  const retry = context.error?.retryable ? button('Try again', 'retry', () => send({ type: 'flow.retry' })) : '';
  if (snapshot.matches('enteringDetails')) {
    return [h('p', {}, 'Your account is confirmed. Create the tenant your team works in: you will be its administrator.'), tenantForm(send, snapshot)];
  }
  if (snapshot.matches('loadingFailed')) return [errorLine(context.error) ?? '', retry];
  if (snapshot.matches('tenantCreationFailed')) {
    return [errorLine(context.error) ?? '', retry, button('Change the details', 'edit-details', () => send({ type: 'details.edit' }))];
  }
  if (snapshot.hasTag('error')) return [errorLine(context.error) ?? '', retry];
  if (snapshot.matches('loadingUserInfo') || snapshot.matches('loadingTenantAttributes') || snapshot.matches('loadingUserAttributes')) return [busy('Loading…')];
  if (snapshot.hasTag('busy')) return [busy('Creating your tenant…')];
  entered.clear();
  return [h('p', {}, snapshot.matches('cancelled') ? 'No tenant was created.' : 'Your tenant is ready.')];
}
