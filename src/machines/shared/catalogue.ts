import { CODE_MESSAGE, EMAIL_MESSAGE } from '../../api/validation.js';
import type { FlowError } from './flow-error.js';
import { CHOOSE_TENANT, ENTER_CONFIRMATION, TOKEN_INVALID, TOKEN_MISSING } from './messages.js';

/**
 * Every `context.error.code` a flow can show, in one list: the flows' own codes (a refused form
 * value, a flow used without something it needs, anything unreadable), the transport failures,
 * and the SaaSus error types the API answers with. A code outside the list is shown as `unknown`
 * (see {@link flowErrorCode}).
 */
export const FLOW_ERROR_CODES = [
  // The flows' own.
  'invalid_input',
  'configuration',
  'unknown',
  // The transport.
  'network',
  'timeout',
  'aborted',
  'invalid_response',
  // The SaaSus error types.
  'invalid_parameter',
  'invalid_password',
  'email_already_exists',
  'code_mismatch',
  'expired_code',
  'too_many_attempts',
  'no_pending_code',
  'user_already_confirmed',
  'software_token_not_registered',
  'secret_code_not_created',
  'provider_not_linked',
  'provider_already_linked',
  'invalid_registration_token',
  'invalid_callback_code',
  'invalid_session',
  'temporary_password_expired',
  'external_user_not_linked',
  'not_authorized',
  'invalid_access_token',
  'permission_denied',
  'user_not_found',
  'tenant_not_found',
  'not_found',
  'method_not_allowed',
  'payload_too_large',
  'unsupported_media_type',
  'limit_exceeded',
  'internal_error',
] as const;

/** A code a flow can show in `context.error.code`; anything else is shown as `unknown`. */
export type FlowErrorCode = (typeof FLOW_ERROR_CODES)[number];

/** What a message function of a catalogue is given: the error, and the live wait when known. */
export interface FlowMessageError extends Pick<FlowError, 'message' | 'retryable' | 'attemptsLeft' | 'retryAt'> {
  code: string;
  /** Whole seconds until `retryAt`, when the caller has a clock (the React hook counts it down). */
  retryInSeconds?: number;
}

/** One entry of a {@link MessageCatalogue}: a fixed text, or a text made from the error's data. */
export type FlowMessage = string | ((error: FlowMessageError) => string);

/** A message for every {@link FlowErrorCode}: leaving one out is a compile error. */
export type MessageCatalogue = Record<FlowErrorCode, FlowMessage>;

const KNOWN: ReadonlySet<string> = new Set(FLOW_ERROR_CODES);

/**
 * The {@link FlowErrorCode} a `context.error.code` stands for: the code itself when it is one,
 * `internal_error` for a bare 5xx answer (`http_503`), otherwise `unknown`.
 */
export function flowErrorCode(code: string): FlowErrorCode {
  if (KNOWN.has(code)) return code as FlowErrorCode;
  if (/^http_5\d\d$/.test(code)) return 'internal_error';
  return 'unknown';
}

/** `42 s`, `3 min`: a wait, rounded up, in English. */
function waitEn(seconds: number): string {
  return seconds < 90 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}

/** `42秒`, `3分`: a wait, rounded up, in Japanese. */
function waitJa(seconds: number): string {
  return seconds < 90 ? `${seconds}秒` : `${Math.ceil(seconds / 60)}分`;
}

function clockTime(at: number, locale: string): string {
  return new Date(at).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}

/** The machines' own form messages (already plain English), in Japanese. */
const INPUT_JA: Readonly<Record<string, string>> = {
  [EMAIL_MESSAGE]: 'name@example.com のような形式でメールアドレスを入力してください。',
  [CODE_MESSAGE]: '6桁のコードを入力してください。',
  [ENTER_CONFIRMATION]: 'コード、または仮パスワードと新しいパスワードを入力してください。',
  [CHOOSE_TENANT]: 'テナントを選択してください。',
  [TOKEN_MISSING]: '登録トークンがありません。購入ページからもう一度お進みください。',
  [TOKEN_INVALID]: '登録トークンが無効です。購入ページからもう一度お進みください。',
  // Form messages of earlier versions of the machines.
  'Enter a valid e-mail address.': 'メールアドレスを正しく入力してください。',
  'Enter the code from the e-mail.': 'メールに記載されたコードを入力してください。',
  'Enter the code your authenticator app shows.': '認証アプリに表示されているコードを入力してください。',
};

const SIGN_IN_AGAIN_EN = 'Your sign-in has expired. Please sign in again.';
const SIGN_IN_AGAIN_JA = 'サインインの有効期限が切れました。もう一度サインインしてください。';
const BAD_REQUEST_EN = 'The app sent a request the server does not accept. Please reload the page and try again.';
const BAD_REQUEST_JA = 'サーバーが受け付けられない要求が送信されました。ページを再読み込みして、もう一度お試しください。';

/**
 * The English messages. The machines' form messages (`invalid_input`) are shown as the
 * machines word them; every other message is written for the person using the app, with no
 * server field names.
 */
export const en: MessageCatalogue = {
  invalid_input: (error) => error.message || 'Check what you entered.',
  configuration: 'This step is not available in the app yet. Please contact support.',
  unknown: 'Something went wrong. Please try again.',
  network: 'The server could not be reached. Check your connection and try again.',
  timeout: 'The server took too long to answer. Please try again.',
  aborted: 'The request was cancelled.',
  invalid_response: 'The server sent an answer the app could not read. Please try again.',
  invalid_parameter: 'Some of what you entered was not accepted. Check it and try again.',
  invalid_password: 'This password does not meet the password rules. Choose another one.',
  email_already_exists: 'An account with this e-mail address already exists.',
  code_mismatch: ({ attemptsLeft }) =>
    attemptsLeft === undefined
      ? 'That code is not right.'
      : attemptsLeft === 0
        ? 'That code is not right, and no attempts are left. Ask for a new code.'
        : `That code is not right. ${attemptsLeft} attempt${attemptsLeft === 1 ? '' : 's'} left.`,
  expired_code: 'This code has expired. Ask for a new one.',
  too_many_attempts: 'Too many wrong codes were entered. Ask for a new one.',
  no_pending_code: 'There is no code waiting to be confirmed. Ask for a new one.',
  user_already_confirmed: 'This account is already confirmed. Please sign in.',
  software_token_not_registered: 'The authenticator app is not set up yet.',
  secret_code_not_created: 'The authenticator set-up has expired. Please start it again.',
  provider_not_linked: 'Your account is not linked to this sign-in provider.',
  provider_already_linked: 'Your account is already linked to this sign-in provider.',
  invalid_registration_token: 'This sign-up link is not valid or has already been used.',
  invalid_callback_code: 'The sign-in could not be completed. Please sign in again.',
  invalid_session: SIGN_IN_AGAIN_EN,
  temporary_password_expired: 'The temporary password has expired. Ask for a new one.',
  external_user_not_linked: 'No account is linked to this sign-in.',
  not_authorized: SIGN_IN_AGAIN_EN,
  invalid_access_token: SIGN_IN_AGAIN_EN,
  permission_denied: 'You are not allowed to do this.',
  user_not_found: 'The account was not found.',
  tenant_not_found: 'The tenant was not found.',
  not_found: BAD_REQUEST_EN,
  method_not_allowed: BAD_REQUEST_EN,
  payload_too_large: 'What you entered is too long.',
  unsupported_media_type: BAD_REQUEST_EN,
  limit_exceeded: ({ retryInSeconds, retryAt }) =>
    retryInSeconds !== undefined && retryInSeconds > 0
      ? `Too many requests. Try again in ${waitEn(retryInSeconds)}.`
      : retryInSeconds === undefined && retryAt !== undefined
        ? `Too many requests. Try again after ${clockTime(retryAt, 'en')}.`
        : 'Too many requests. Wait a moment and try again.',
  internal_error: 'The server had a problem. Please try again later.',
};

/** The Japanese messages. */
export const ja: MessageCatalogue = {
  invalid_input: (error) => INPUT_JA[error.message] ?? '入力内容を確認してください。',
  configuration: 'この手順はまだアプリで利用できません。サポートにお問い合わせください。',
  unknown: '問題が発生しました。もう一度お試しください。',
  network: 'サーバーに接続できませんでした。通信環境を確認して、もう一度お試しください。',
  timeout: 'サーバーからの応答がありませんでした。もう一度お試しください。',
  aborted: '処理は中止されました。',
  invalid_response: 'サーバーから読み取れない応答がありました。もう一度お試しください。',
  invalid_parameter: '入力内容の一部が受け付けられませんでした。確認して、もう一度お試しください。',
  invalid_password: 'このパスワードはパスワードの条件を満たしていません。別のパスワードを設定してください。',
  email_already_exists: 'このメールアドレスのアカウントはすでに登録されています。',
  code_mismatch: ({ attemptsLeft }) =>
    attemptsLeft === undefined
      ? 'コードが正しくありません。'
      : attemptsLeft === 0
        ? 'コードが正しくありません。これ以上入力できないため、新しいコードを送信してください。'
        : `コードが正しくありません。あと${attemptsLeft}回入力できます。`,
  expired_code: 'コードの有効期限が切れています。新しいコードを送信してください。',
  too_many_attempts: '間違ったコードが続けて入力されました。新しいコードを送信してください。',
  no_pending_code: '確認待ちのコードがありません。新しいコードを送信してください。',
  user_already_confirmed: 'このアカウントはすでに確認済みです。サインインしてください。',
  software_token_not_registered: '認証アプリがまだ設定されていません。',
  secret_code_not_created: '認証アプリの設定の有効期限が切れました。最初からやり直してください。',
  provider_not_linked: 'このアカウントは、このサインイン方法と連携していません。',
  provider_already_linked: 'このアカウントは、すでにこのサインイン方法と連携しています。',
  invalid_registration_token: 'この登録リンクは無効か、すでに使用されています。',
  invalid_callback_code: 'サインインを完了できませんでした。もう一度サインインしてください。',
  invalid_session: SIGN_IN_AGAIN_JA,
  temporary_password_expired: '仮パスワードの有効期限が切れています。再送信してください。',
  external_user_not_linked: 'このサインインに連携しているアカウントがありません。',
  not_authorized: SIGN_IN_AGAIN_JA,
  invalid_access_token: SIGN_IN_AGAIN_JA,
  permission_denied: 'この操作を行う権限がありません。',
  user_not_found: 'アカウントが見つかりません。',
  tenant_not_found: 'テナントが見つかりません。',
  not_found: BAD_REQUEST_JA,
  method_not_allowed: BAD_REQUEST_JA,
  payload_too_large: '入力内容が長すぎます。',
  unsupported_media_type: BAD_REQUEST_JA,
  limit_exceeded: ({ retryInSeconds, retryAt }) =>
    retryInSeconds !== undefined && retryInSeconds > 0
      ? `リクエストが多すぎます。${waitJa(retryInSeconds)}後にもう一度お試しください。`
      : retryInSeconds === undefined && retryAt !== undefined
        ? `リクエストが多すぎます。${clockTime(retryAt, 'ja-JP')}以降にもう一度お試しください。`
        : 'リクエストが多すぎます。しばらく待ってから、もう一度お試しください。',
  internal_error: 'サーバーで問題が発生しました。しばらくしてから、もう一度お試しください。',
};

/** The built-in catalogues, by language. */
export const catalogues = { en, ja } as const;

/** A language with a built-in catalogue. */
export type FlowLanguage = keyof typeof catalogues;

/**
 * The message to show for a flow error: the override for its code if given, else the
 * catalogue's. Pure: no clock is read (pass `retryInSeconds` for a live wait).
 *
 * @example
 * messageFor(snapshot.context.error, catalogues.ja, { email_already_exists: 'Already registered: sign in.' })
 */
export function messageFor(error: FlowMessageError, catalogue: MessageCatalogue = en, overrides?: Partial<MessageCatalogue>): string {
  const code = flowErrorCode(error.code);
  const entry = overrides?.[code] ?? catalogue[code];
  return typeof entry === 'function' ? entry(error) : entry;
}
