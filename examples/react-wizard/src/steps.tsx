import { useEffect, useId, useRef, useState } from 'react';
import { otpauthUri, qrDataUrl } from 'saasus-flows/mfa';
import { useSaasusFlow, type FlowView } from 'saasus-flows/react';
import { signInHref } from './backend.js';
import { Action, Busy, ErrorMessage, FieldForm, Resend, Step } from './components.js';
import { flows } from './flows.js';
import type { Lang, Texts } from './texts.js';

/** Where each flow is saved between page loads (a reload, the hosted sign-in page's redirect). */
export const flowKey = (flow: keyof typeof flows) => `saasus-flows.react-wizard.${flow}`;

interface StepProps<TOutput> {
  lang: Lang;
  texts: Texts;
  onDone: (output: TOutput) => void;
}

type SignUpView = FlowView<typeof flows.signUp>;
type TenantView = FlowView<typeof flows.tenantSignUp>;
type MfaView = FlowView<typeof flows.mfaSetup>;
type EmailView = FlowView<typeof flows.emailUpdate>;

/** Calls `onDone` once with the output when the flow ends. */
function useOnDone<TOutput>(view: { done: boolean; output: TOutput | undefined }, onDone: (output: TOutput) => void): void {
  useEffect(() => {
    if (view.done && view.output !== undefined) onDone(view.output);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view.done]);
}

/** The screen a sign-up state shows: a request in flight keeps the screen it was sent from. */
const signUpScreen: Record<SignUpView['step'], string> = {
  enteringEmail: 'enteringEmail',
  signingUp: 'enteringEmail',
  awaitingConfirmation: 'awaitingConfirmation',
  resending: 'awaitingConfirmation',
  confirming: 'awaitingConfirmation',
  confirmed: 'confirmed',
  cancelled: 'cancelled',
};

/** Sign-up: the address, then the first sign-in on the hosted page with the mailed temporary password. */
export function SignUpStep(props: StepProps<NonNullable<SignUpView['output']>> & { callbackCode: string | undefined; onCallbackUsed: () => void }) {
  const { texts } = props;
  const flow = useSaasusFlow(flows.signUp, { lang: props.lang, persist: { key: flowKey('signUp') } });
  useOnDone(flow, props.onDone);
  const errorId = useId();

  // Back from the hosted sign-in page: hand the callback code to the waiting flow, once.
  const { callbackCode, onCallbackUsed } = props;
  useEffect(() => {
    if (!flow.ready || callbackCode === undefined) return;
    if (flow.step === 'awaitingConfirmation') flow.send({ type: 'confirmation.submit', confirmation: { method: 'callbackCode', code: callbackCode } });
    onCallbackUsed();
  }, [flow.ready, flow.step, callbackCode, onCallbackUsed, flow]);

  const screen = signUpScreen[flow.step];
  return (
    <Step flow="signUp" screen={screen} title={texts.signUp} busy={flow.busy}>
      {screen === 'enteringEmail' && (
        <>
          <p>{texts.signUpIntro}</p>
          <FieldForm
            name="email"
            type="email"
            autoComplete="email"
            label={texts.email}
            button={texts.signUpButton}
            initial={flow.context.email}
            busy={flow.busy}
            error={flow.error}
            texts={texts}
            onSubmit={flow.submitEmail}
          />
          {flow.error?.retryable && (
            <Action name="retry" busy={flow.busy} onClick={flow.retry}>
              {texts.retry}
            </Action>
          )}
        </>
      )}
      {screen === 'awaitingConfirmation' && (
        <>
          <p>{texts.awaiting(flow.context.email)}</p>
          <ErrorMessage id={errorId} error={flow.error} texts={texts} />
          <p>
            <a href={signInHref()} data-action="open-sign-in" aria-disabled={flow.busy || undefined}>
              {texts.openSignIn}
            </a>
          </p>
          <Resend resendIn={flow.resendIn} busy={flow.busy} texts={texts} onResend={flow.resend} />
          <Action name="change-email" busy={flow.busy} onClick={flow.changeEmail}>
            {texts.changeEmail}
          </Action>
        </>
      )}
      <Busy busy={flow.busy} texts={texts} />
    </Step>
  );
}

/** The screen a tenant sign-up state shows: the loads, the form (also while creating), a failure, the end. */
const tenantScreen: Record<TenantView['step'], string> = {
  loadingUserInfo: 'loading',
  loadingTenantAttributes: 'loading',
  loadingUserAttributes: 'loading',
  loadingFailed: 'failed',
  enteringDetails: 'enteringDetails',
  creatingTenant: 'creating',
  creatingTenantUser: 'creating',
  addingAdminRole: 'creating',
  tenantCreationFailed: 'failed',
  tenantUserCreationFailed: 'failed',
  roleAssignmentFailed: 'failed',
  signedUp: 'done',
  alreadyMember: 'done',
  cancelled: 'done',
};

/** One attribute the SaaS defined, as a form field: its input name and which form group it is in. */
interface AttributeField {
  name: string;
  group: 'tenant' | 'user';
  definition: TenantView['context']['tenantAttributes'][number];
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether an entry fits its type; the machine words the message, this only finds the field to mark. */
function fits(type: string, text: string): boolean {
  if (type === 'number') return NUMBER.test(text);
  if (type === 'date') return DATE.test(text);
  if (type === 'string') return text !== '';
  return true;
}

/** "Create your tenant": the tenant name and the attributes the SaaS defined; the back end creates the tenant, the user in it and the admin role. */
export function TenantStep(props: StepProps<NonNullable<TenantView['output']>>) {
  const { texts } = props;
  const flow = useSaasusFlow(flows.tenantSignUp, { lang: props.lang, persist: { key: flowKey('tenantSignUp') } });
  useOnDone(flow, props.onDone);
  const errorId = useId();
  const formId = useId();
  // What the person typed, by input name (in memory only: the machine keeps the checked form).
  const [values, setValues] = useState<Record<string, string>>({});
  const form = useRef<HTMLFormElement>(null);
  const fields: AttributeField[] = [
    ...flow.context.tenantAttributes.map((definition) => ({ name: `tenant.${definition.attribute_name}`, group: 'tenant' as const, definition })),
    ...flow.context.userAttributes.map((definition) => ({ name: `user.${definition.attribute_name}`, group: 'user' as const, definition })),
  ];
  const invalid = flow.snapshot.matches({ enteringDetails: 'invalid' });
  const refused = !invalid
    ? undefined
    : (values['tenant_name'] ?? '').trim() === ''
      ? 'tenant_name'
      : fields.find((field) => !fits(field.definition.attribute_type, (values[field.name] ?? '').trim()))?.name;
  // A refused form puts the focus on the field to correct.
  useEffect(() => {
    if (refused !== undefined) form.current?.querySelector<HTMLInputElement>(`input[name="${refused}"]`)?.focus();
  }, [refused, flow.error]);

  const set = (name: string, value: string) => setValues((v) => ({ ...v, [name]: value }));
  const fieldProps = (name: string) => ({
    id: `${formId}-${name}`,
    name,
    'aria-invalid': refused === name,
    'aria-describedby': refused === name ? errorId : undefined,
    readOnly: flow.busy,
  });
  const input = (field: AttributeField) => {
    const { attribute_type: type, display_name: label } = field.definition;
    const id = `${formId}-${field.name}`;
    if (type === 'bool') {
      return (
        <p key={field.name}>
          <input {...fieldProps(field.name)} type="checkbox" checked={values[field.name] === 'true'} onChange={(event) => set(field.name, String(event.target.checked))} />{' '}
          <label htmlFor={id}>{label}</label>
        </p>
      );
    }
    return (
      <p key={field.name}>
        <label htmlFor={id}>{label}</label>{' '}
        <input
          {...fieldProps(field.name)}
          type={type === 'number' ? 'number' : type === 'date' ? 'date' : 'text'}
          step={type === 'number' ? 'any' : undefined}
          inputMode={type === 'number' ? 'decimal' : undefined}
          autoComplete="off"
          value={values[field.name] ?? ''}
          onChange={(event) => set(field.name, event.target.value)}
        />
      </p>
    );
  };
  const group = (which: 'tenant' | 'user', legend: string) => {
    const inGroup = fields.filter((field) => field.group === which);
    return inGroup.length === 0 ? null : (
      <fieldset>
        <legend>{legend}</legend>
        {inGroup.map(input)}
      </fieldset>
    );
  };
  const submit = () => {
    const of = (which: 'tenant' | 'user') => Object.fromEntries(fields.filter((f) => f.group === which).map((f) => [f.definition.attribute_name, (values[f.name] ?? '').trim()]));
    flow.send({ type: 'selfSignUp.submit', tenantName: (values['tenant_name'] ?? '').trim(), tenantAttributes: of('tenant'), userAttributes: of('user') });
  };

  const screen = tenantScreen[flow.step];
  return (
    <Step flow="tenantSignUp" screen={screen} title={texts.tenantSignUp} busy={flow.busy}>
      {screen === 'enteringDetails' && (
        <>
          <p>{texts.tenantIntro}</p>
          <form
            ref={form}
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              if (!flow.busy) submit();
            }}
          >
            <p>
              <label htmlFor={`${formId}-tenant_name`}>{texts.tenantName}</label>{' '}
              <input {...fieldProps('tenant_name')} type="text" autoComplete="organization" value={values['tenant_name'] ?? ''} onChange={(event) => set('tenant_name', event.target.value)} />
            </p>
            {group('tenant', texts.aboutTenant)}
            {group('user', texts.aboutYou)}
            <ErrorMessage id={errorId} error={invalid ? flow.error : undefined} texts={texts} />
            <button type="submit" name="submit" disabled={flow.busy}>
              {texts.createTenant}
            </button>
          </form>
        </>
      )}
      {screen === 'loading' && <p>{texts.loading}</p>}
      {screen === 'creating' && <p>{texts.creatingTenant}</p>}
      {screen === 'failed' && (
        <>
          <ErrorMessage id={errorId} error={flow.error} texts={texts} />
          {flow.error?.retryable && (
            <Action name="retry" busy={flow.busy} onClick={flow.retry}>
              {texts.retry}
            </Action>
          )}
          {flow.step === 'tenantCreationFailed' && (
            <>
              {' '}
              <Action name="edit-details" busy={flow.busy} onClick={() => flow.send({ type: 'details.edit' })}>
                {texts.editDetails}
              </Action>
            </>
          )}
        </>
      )}
      {screen === 'done' && <p>{texts.tenantReady}</p>}
      <Busy busy={flow.busy} texts={texts} />
    </Step>
  );
}

const mfaScreen: Record<MfaView['step'], string> = {
  loadingPreference: 'loading',
  creatingSecretCode: 'loading',
  loadingFailed: 'failed',
  enrollmentFailed: 'failed',
  enableFailed: 'failed',
  disableFailed: 'failed',
  showingSecret: 'code',
  enteringCode: 'code',
  updatingSoftwareToken: 'code',
  enablingMfa: 'code',
  offeringEnrollment: 'offeringEnrollment',
  offeringDisable: 'offeringDisable',
  disablingMfa: 'offeringDisable',
  enabled: 'enabled',
  disabled: 'disabled',
  cancelled: 'cancelled',
};

/** The QR image of an otpauth URI, drawn by `qrDataUrl` (qrcode is loaded on demand). */
function QrCode(props: { uri: string; alt: string }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    let live = true;
    void qrDataUrl(props.uri, { width: 200, margin: 2 }).then((url) => live && setSrc(url));
    return () => {
      live = false;
    };
  }, [props.uri]);
  return src === undefined ? null : <img src={src} alt={props.alt} width={200} height={200} data-otpauth={props.uri} data-ready="true" />;
}

/** MFA with an authenticator app: the key as QR and text, then the app's code. */
export function MfaStep(props: StepProps<NonNullable<MfaView['output']>> & { account: string }) {
  const { texts } = props;
  const flow = useSaasusFlow(flows.mfaSetup, { lang: props.lang, input: { accountName: props.account }, persist: { key: flowKey('mfaSetup') } });
  useOnDone(flow, props.onDone);
  const errorId = useId();
  // The key stays on screen after a wrong code (the machine drops it from context when the code
  // is sent): kept in memory only, never saved.
  const [key, setKey] = useState<{ secret: string; uri: string }>();
  const secret = flow.context.secret;
  useEffect(() => {
    if (secret !== undefined) setKey({ secret, uri: otpauthUri({ secret, accountName: flow.context.accountName }) });
    else if (flow.step === 'creatingSecretCode') setKey(undefined);
  }, [secret, flow.step, flow.context.accountName]);

  const screen = mfaScreen[flow.step];
  return (
    <Step flow="mfaSetup" screen={screen} title={texts.mfaSetup} busy={flow.busy}>
      {screen === 'code' && (
        <>
          {key && (
            <>
              <p>{texts.scan}</p>
              <QrCode uri={key.uri} alt={texts.qrAlt} />
              <p>
                {texts.typeKey} <code data-secret="">{key.secret}</code>
              </p>
              <p>{texts.noApp}</p>
            </>
          )}
          <FieldForm
            name="code"
            autoComplete="one-time-code"
            inputMode="numeric"
            label={texts.appCode}
            button={texts.verify}
            busy={flow.busy}
            error={flow.error}
            texts={texts}
            onSubmit={flow.submitCode}
          />
          <Action name="restart" busy={flow.busy} onClick={() => flow.send({ type: 'enrollment.restart' })}>
            {texts.newSecret}
          </Action>
        </>
      )}
      {screen === 'failed' && (
        <>
          <ErrorMessage id={errorId} error={flow.error} texts={texts} />
          {flow.error?.retryable && (
            <Action name="retry" busy={flow.busy} onClick={flow.retry}>
              {texts.retry}
            </Action>
          )}
          <Action name="restart" busy={flow.busy} onClick={() => flow.send({ type: 'enrollment.restart' })}>
            {texts.newSecret}
          </Action>
        </>
      )}
      {screen === 'offeringEnrollment' && (
        <>
          <p>{texts.mfaOffer}</p>
          <Action name="add-app" busy={flow.busy} onClick={() => flow.send({ type: 'enrollment.start' })}>
            {texts.addApp}
          </Action>{' '}
          <Action name="skip" busy={flow.busy} onClick={flow.cancel}>
            {texts.skip}
          </Action>
        </>
      )}
      {screen === 'offeringDisable' && (
        <>
          <p>{texts.mfaOn}</p>
          <Action name="disable" busy={flow.busy} onClick={() => flow.send({ type: 'mfa.disable' })}>
            {texts.turnOff}
          </Action>{' '}
          <Action name="skip" busy={flow.busy} onClick={flow.cancel}>
            {texts.skip}
          </Action>
        </>
      )}
      <Busy busy={flow.busy} texts={texts} />
    </Step>
  );
}

const emailScreen: Record<EmailView['step'], string> = {
  enteringEmail: 'enteringEmail',
  requestingEmailUpdate: 'enteringEmail',
  enteringCode: 'enteringCode',
  resending: 'enteringCode',
  confirmingEmailUpdate: 'enteringCode',
  codeExpired: 'codeExpired',
  updated: 'updated',
  cancelled: 'cancelled',
};

/** E-mail change: the new address, then the code mailed to it. */
export function EmailStep(props: StepProps<NonNullable<EmailView['output']>>) {
  const { texts } = props;
  const flow = useSaasusFlow(flows.emailUpdate, { lang: props.lang, persist: { key: flowKey('emailUpdate') } });
  useOnDone(flow, props.onDone);
  const errorId = useId();
  const screen = emailScreen[flow.step];
  return (
    <Step flow="emailUpdate" screen={screen} title={texts.emailUpdate} busy={flow.busy}>
      {screen === 'enteringEmail' && (
        <>
          <p>{texts.emailIntro}</p>
          <FieldForm
            name="email"
            type="email"
            autoComplete="email"
            label={texts.newEmail}
            button={texts.sendCode}
            initial={flow.context.email}
            busy={flow.busy}
            error={flow.error}
            texts={texts}
            onSubmit={flow.submitEmail}
          />
        </>
      )}
      {screen === 'enteringCode' && (
        <>
          <p>
            {texts.codeSent(flow.context.email)}{' '}
            <span data-countdown="expiry" data-seconds={flow.codeExpiresIn}>
              {flow.codeExpiresIn ? texts.expiresIn(flow.codeExpiresIn) : texts.expired}
            </span>
          </p>
          <FieldForm
            name="code"
            autoComplete="one-time-code"
            inputMode="numeric"
            label={texts.code}
            button={texts.confirm}
            busy={flow.busy}
            error={flow.error}
            texts={texts}
            onSubmit={flow.submitCode}
          />
          <Resend resendIn={flow.resendIn} busy={flow.busy} texts={texts} onResend={flow.resend} />
          <Action name="change-email" busy={flow.busy} onClick={flow.changeEmail}>
            {texts.changeEmail}
          </Action>
        </>
      )}
      {screen === 'codeExpired' && (
        <>
          <p>{texts.codeDead}</p>
          <ErrorMessage id={errorId} error={flow.error} texts={texts} />
          <Action name="resend" busy={flow.busy} onClick={flow.resend}>
            {texts.sendNewCode}
          </Action>{' '}
          <Action name="change-email" busy={flow.busy} onClick={flow.changeEmail}>
            {texts.changeEmail}
          </Action>
        </>
      )}
      <Busy busy={flow.busy} texts={texts} />
    </Step>
  );
}
