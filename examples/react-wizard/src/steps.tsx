import { useEffect, useId, useState } from 'react';
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
