import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { endSession, takeCallback } from './backend.js';
import { Step } from './components.js';
import { Mailbox } from './Mailbox.js';
import { EmailStep, flowKey, MfaStep, SignUpStep, TenantStep } from './steps.js';
import { texts, type Lang } from './texts.js';

type StepName = 'signUp' | 'tenantSignUp' | 'mfaSetup' | 'emailUpdate' | 'done';
const STEPS: readonly StepName[] = ['signUp', 'tenantSignUp', 'mfaSetup', 'emailUpdate', 'done'];

/** What the wizard keeps between page loads besides the flows (saved by `useSaasusFlow`). */
interface Wizard {
  step: StepName;
  lang: Lang;
  account?: string;
  /** What the tenant step ended with: the new tenant's name, the tenants the user already had, or none. */
  tenant?: { created: string } | { member: string[] } | { none: true };
  mfa?: boolean;
  newEmail?: string;
}

const KEY = 'saasus-flows.react-wizard';

function langFromUrl(): Lang | undefined {
  const lang = new URLSearchParams(location.search).get('lang');
  return lang === 'ja' || lang === 'en' ? lang : undefined;
}

function loadWizard(): Wizard {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Wizard | null;
    if (saved && STEPS.includes(saved.step)) return { ...saved, lang: langFromUrl() ?? saved.lang };
  } catch {
    // A broken save starts the wizard afresh.
  }
  return { step: 'signUp', lang: langFromUrl() ?? 'en' };
}

/** The onboarding: sign-up, the tenant, MFA, e-mail change, each a saasus-flows machine run by `useSaasusFlow`. */
export function App() {
  // Storage is read after the first render only, as `useSaasusFlow` does.
  const [wizard, setWizard] = useState<Wizard>();
  const [callbackCode, setCallbackCode] = useState<string>();
  const [signUpRound, setSignUpRound] = useState(0);
  // The callback is read from the URL once (the URL is then cleaned), also when effects run twice.
  const callback = useRef<{ code: string } | null>(null);
  useEffect(() => {
    setWizard(loadWizard());
    callback.current ??= takeCallback() ?? { code: '' };
    if (callback.current.code !== '') setCallbackCode(callback.current.code);
  }, []);
  useEffect(() => {
    if (!wizard) return;
    localStorage.setItem(KEY, JSON.stringify(wizard));
    document.documentElement.lang = wizard.lang;
  }, [wizard]);

  const update = useCallback((patch: Partial<Wizard>) => setWizard((w) => (w ? { ...w, ...patch } : w)), []);
  const onCallbackUsed = useCallback(() => setCallbackCode(undefined), []);
  const langId = useId();
  const latest = useRef(wizard);
  latest.current = wizard;

  if (!wizard) return null;
  const t = texts[wizard.lang];
  const startOver = async () => {
    for (const flow of ['signUp', 'tenantSignUp', 'mfaSetup', 'emailUpdate'] as const) localStorage.removeItem(flowKey(flow));
    await endSession();
    setWizard({ step: 'signUp', lang: wizard.lang });
    setSignUpRound((n) => n + 1);
  };

  return (
    <>
      <header>
        <h1>{t.title}</h1>
        <label htmlFor={langId}>{t.language}</label>{' '}
        <select id={langId} name="lang" value={wizard.lang} onChange={(event) => update({ lang: event.target.value as Lang })}>
          <option value="en" lang="en">
            English
          </option>
          <option value="ja" lang="ja">
            日本語
          </option>
        </select>
        <nav aria-label={t.steps}>
          <ol>
            {STEPS.map((step) => (
              <li key={step} aria-current={step === wizard.step ? 'step' : undefined}>
                {t[step]}
              </li>
            ))}
          </ol>
        </nav>
      </header>
      <main>
        {wizard.step === 'signUp' && (
          <SignUpStep
            key={signUpRound}
            lang={wizard.lang}
            texts={t}
            callbackCode={callbackCode}
            onCallbackUsed={onCallbackUsed}
            onDone={(output) => {
              localStorage.removeItem(flowKey('signUp'));
              if (output.status === 'confirmed') update({ step: 'tenantSignUp', account: output.email });
              else setSignUpRound((n) => n + 1);
            }}
          />
        )}
        {wizard.step === 'tenantSignUp' && (
          <TenantStep
            lang={wizard.lang}
            texts={t}
            onDone={(output) => {
              localStorage.removeItem(flowKey('tenantSignUp'));
              const tenant =
                output.status === 'signedUp'
                  ? { created: output.tenant.name }
                  : output.status === 'alreadyMember'
                    ? { member: output.tenants.map((each) => each.name) }
                    : { none: true as const };
              update({ step: 'mfaSetup', tenant });
            }}
          />
        )}
        {wizard.step === 'mfaSetup' && (
          <MfaStep
            lang={wizard.lang}
            texts={t}
            account={wizard.account ?? ''}
            onDone={(output) => {
              localStorage.removeItem(flowKey('mfaSetup'));
              update({ step: 'emailUpdate', mfa: output.status === 'enabled' || (output.status === 'cancelled' && latest.current?.mfa === true) });
            }}
          />
        )}
        {wizard.step === 'emailUpdate' && (
          <EmailStep
            lang={wizard.lang}
            texts={t}
            onDone={(output) => {
              localStorage.removeItem(flowKey('emailUpdate'));
              update(output.status === 'updated' ? { step: 'done', newEmail: output.email } : { step: 'done' });
            }}
          />
        )}
        {wizard.step === 'done' && (
          <Step flow="done" screen="done" title={t.done} busy={false}>
            <ul>
              {wizard.account !== undefined && <li>{t.summaryAccount(wizard.account)}</li>}
              {wizard.tenant !== undefined && (
                <li>
                  {'created' in wizard.tenant ? t.summaryTenant(wizard.tenant.created) : 'member' in wizard.tenant ? t.summaryMember(wizard.tenant.member.join(', ')) : t.summaryNoTenant}
                </li>
              )}
              <li>{t.summaryMfa(wizard.mfa === true)}</li>
              {wizard.newEmail !== undefined && <li>{t.summaryEmail(wizard.newEmail)}</li>}
            </ul>
          </Step>
        )}
        {wizard.step !== 'signUp' && (
          <p>
            <button type="button" name="start-over" onClick={() => void startOver()}>
              {t.startOver}
            </button>
          </p>
        )}
      </main>
      <Mailbox texts={t} />
    </>
  );
}
