import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  catalogues,
  en,
  FLOW_ERROR_CODES,
  flowErrorCode,
  ja,
  messageFor,
  type FlowErrorCode,
  type FlowMessage,
  type MessageCatalogue,
} from '../../src/machines/shared/catalogue.js';
import { CODE_MESSAGE, EMAIL_MESSAGE } from '../../src/api/validation.js';
import { ENTER_CONFIRMATION } from '../../src/machines/shared/messages.js';
import type { FlowView } from '../../src/react/index.js';
import type { SaasusFlows } from '../../src/services/index.js';

type Flows = SaasusFlows;

describe('message catalogues', () => {
  it('has an English and a Japanese message for every code a flow can show', () => {
    for (const code of FLOW_ERROR_CODES) {
      for (const [lang, catalogue] of Object.entries(catalogues)) {
        const text = messageFor({ code, message: 'server text', retryable: false }, catalogue);
        expect(text, `${lang} ${code}`).not.toBe('');
        // English form messages are the machines' own (written for people); all else is the catalogue's.
        if (!(lang === 'en' && code === 'invalid_input')) expect(text, `${lang} ${code}`).not.toBe('server text');
      }
    }
  });

  it('names no server field in any message', () => {
    const samples = [{}, { attemptsLeft: 3 }, { attemptsLeft: 0 }, { retryInSeconds: 42 }, { retryAt: Date.UTC(2026, 0, 1, 9, 30) }];
    for (const catalogue of Object.values(catalogues)) {
      for (const code of FLOW_ERROR_CODES) {
        for (const sample of samples) {
          const text = messageFor({ code, message: '', retryable: false, ...sample }, catalogue);
          expect(text).not.toMatch(/[a-z]+_[a-z_]+|"|undefined|NaN/);
        }
      }
    }
  });

  it('uses the error’s data: attempts left and the wait before a retry', () => {
    expect(messageFor({ code: 'code_mismatch', message: '', retryable: false, attemptsLeft: 3 }, en)).toBe('That code is not right. 3 attempts left.');
    expect(messageFor({ code: 'code_mismatch', message: '', retryable: false, attemptsLeft: 1 }, en)).toBe('That code is not right. 1 attempt left.');
    expect(messageFor({ code: 'code_mismatch', message: '', retryable: false, attemptsLeft: 3 }, ja)).toBe('コードが正しくありません。あと3回入力できます。');
    expect(messageFor({ code: 'limit_exceeded', message: '', retryable: true, retryInSeconds: 42 }, en)).toBe('Too many requests. Try again in 42 s.');
    expect(messageFor({ code: 'limit_exceeded', message: '', retryable: true, retryInSeconds: 42 }, ja)).toBe('リクエストが多すぎます。42秒後にもう一度お試しください。');
    expect(messageFor({ code: 'limit_exceeded', message: '', retryable: true, retryInSeconds: 150 }, ja)).toContain('3分後');
  });

  it('translates the machines’ form messages, and shows them as they are in English', () => {
    expect(messageFor({ code: 'invalid_input', message: EMAIL_MESSAGE, retryable: false }, en)).toBe(EMAIL_MESSAGE);
    expect(messageFor({ code: 'invalid_input', message: EMAIL_MESSAGE, retryable: false }, ja)).toBe('name@example.com のような形式でメールアドレスを入力してください。');
    expect(messageFor({ code: 'invalid_input', message: CODE_MESSAGE, retryable: false }, ja)).toBe('6桁のコードを入力してください。');
    expect(messageFor({ code: 'invalid_input', message: ENTER_CONFIRMATION, retryable: false }, ja)).toBe('コード、または仮パスワードと新しいパスワードを入力してください。');
    expect(messageFor({ code: 'invalid_input', message: 'something new', retryable: false }, ja)).toBe('入力内容を確認してください。');
  });

  it('shows an unknown code as unknown, a bare 5xx as a server problem, and takes overrides per code', () => {
    expect(flowErrorCode('injected_fault')).toBe('unknown');
    expect(flowErrorCode('http_503')).toBe('internal_error');
    expect(flowErrorCode('http_404')).toBe('unknown');
    expect(messageFor({ code: 'something_new', message: 'x', retryable: false }, ja)).toBe(ja.unknown);
    const overrides = { expired_code: 'Old code.', code_mismatch: ({ attemptsLeft }: { attemptsLeft?: number }) => `Nope (${attemptsLeft}).` };
    expect(messageFor({ code: 'expired_code', message: '', retryable: false }, en, overrides)).toBe('Old code.');
    expect(messageFor({ code: 'code_mismatch', message: '', retryable: false, attemptsLeft: 2 }, ja, overrides)).toBe('Nope (2).');
  });
});

describe('types', () => {
  it('requires a message for every FlowErrorCode in both catalogues', () => {
    expectTypeOf(en).toEqualTypeOf<MessageCatalogue>();
    expectTypeOf(ja).toEqualTypeOf<MessageCatalogue>();
    expectTypeOf<keyof MessageCatalogue>().toEqualTypeOf<FlowErrorCode>();
    expectTypeOf<MessageCatalogue[FlowErrorCode]>().toEqualTypeOf<FlowMessage>();
    expectTypeOf<'code_mismatch' | 'limit_exceeded' | 'network' | 'invalid_input' | 'unknown'>().toMatchTypeOf<FlowErrorCode>();

    const { code_mismatch: _mismatch, ...withoutMismatch } = ja;
    // @ts-expect-error a catalogue without `code_mismatch` does not compile
    const missing: MessageCatalogue = withoutMismatch;
    const { network: _network, ...withoutNetwork } = en;
    // @ts-expect-error nor one without `network`
    const missingTransport: MessageCatalogue = withoutNetwork;
    // @ts-expect-error a message for a code no flow shows does not compile
    const extra: MessageCatalogue = { ...en, not_a_code: 'x' };
    // @ts-expect-error an override must be a string or a function of the error
    messageFor({ code: 'network', message: '', retryable: true }, en, { network: 42 });
    expect([missing, missingTransport, extra].every(Boolean)).toBe(true);
  });

  it('types the hook’s view: the step names and the senders a flow has', () => {
    type SignUpView = FlowView<Flows['signUpMachine']>;
    type MfaView = FlowView<Flows['mfaSetupMachine']>;
    type EmailView = FlowView<Flows['emailUpdateMachine']>;
    expectTypeOf<SignUpView['step']>().toEqualTypeOf<'enteringEmail' | 'signingUp' | 'awaitingConfirmation' | 'resending' | 'confirming' | 'confirmed' | 'cancelled'>();
    expectTypeOf<SignUpView['error']>().toEqualTypeOf<import('../../src/react/index.js').FlowViewError | undefined>();
    expectTypeOf<NonNullable<SignUpView['error']>['code']>().toEqualTypeOf<FlowErrorCode>();
    expectTypeOf<SignUpView['resendIn']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<SignUpView['output']>().toEqualTypeOf<import('../../src/machines/index.js').SignUpOutput | undefined>();
    expectTypeOf<SignUpView['submitEmail']>().toEqualTypeOf<(email: string) => void>();
    expectTypeOf<EmailView['submitCode']>().toEqualTypeOf<(code: string) => void>();
    expectTypeOf<MfaView['submitCode']>().toEqualTypeOf<(code: string) => void>();

    const signUp = {} as SignUpView;
    const mfa = {} as MfaView;
    // @ts-expect-error sign-up takes no `code.submit` (it is confirmed by `confirmation.submit`)
    void signUp.submitCode;
    // @ts-expect-error the MFA flow has no address to submit
    void mfa.submitEmail;
    // @ts-expect-error nor a resend
    void mfa.resend;
    // @ts-expect-error `send` takes only the flow's events
    void (() => signUp.send({ type: 'code.submit', code: '123456' }));
    // @ts-expect-error no such step
    expect(signUp.step === 'enteringCode').toBe(false);
  });
});
