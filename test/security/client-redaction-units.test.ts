/**
 * The pieces the client's error redaction is made of, pinned down one by one (each assertion
 * fails when the corresponding line of src/api/fetch-error.ts, answer-errors.ts or errors.ts is
 * changed): which values count as secrets, how `data` is walked, how a cause chain is copied,
 * and what the errors say.
 */
import { describe, expect, it } from 'vitest';
import { ApiError, isApiError, recordOf, stringOr } from '../../src/api/errors.js';
import { parseAnswer, transportError } from '../../src/api/answer-errors.js';

/** The error `parseAnswer` throws for an answer (the error builders are one function). */
function thrown(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('parseAnswer did not throw');
}
const httpError = (operation: string, answer: Response, text: string) => thrown(() => parseAnswer(operation, answer, text));
const invalidResponseError = (operation: string, answer: Response) => thrown(() => parseAnswer(operation, answer, '<html>'));
import { createRedaction, createRedactor, redactAnswerError, redactSecrets, sanitizeCause } from '../../src/api/fetch-error.js';

const R = '[redacted]';

describe('createRedactor', () => {
  it('redacts given secrets of 4 characters or more, and ignores shorter ones and non-strings', () => {
    const redact = createRedactor(['abcd', 'xyz', undefined]);
    expect(redact('abcd xyz abcdabcd')).toBe(`${R} xyz ${R}${R}`);
    expect(createRedactor([undefined])('undefined stays')).toBe('undefined stays');
    expect(createRedactor([])('plain')).toBe('plain');
  });

  it('redacts the secret fields of a body, of 4 characters or more, and no other field', () => {
    const body = {
      email: 'ann@example.com',
      password: 'Pa55word!',
      code: '123456',
      verification_code: '654321',
      access_token: 'acc-token',
      id_token: 'id-token',
      refresh_token: 'refresh-token',
      registration_token: 'reg-token',
      tenant_id: 'tenant-1',
    };
    const redact = createRedactor([], body);
    const text = Object.values(body).join(' ');
    expect(redact(text)).toBe(`ann@example.com ${Array(7).fill(R).join(' ')} tenant-1`);
    expect(createRedactor([], { code: '123', password: 42 })('123 42')).toBe('123 42');
    expect(createRedactor([], { code: 'abcd' })('abcd')).toBe(R);
    // Only strings are secrets: an array (whose text would be "abcd,efgh") is not.
    expect(createRedactor([], { code: ['abcd', 'efgh'] })('abcd,efgh')).toBe('abcd,efgh');
    expect(createRedactor([], null)('null')).toBe('null');
    expect(createRedactor([], 'code')('code')).toBe('code');
  });

  it('replaces a secret that contains another whole, whatever order they come in', () => {
    for (const secrets of [['ABCD', 'sk-ABCD-tail'], ['sk-ABCD-tail', 'ABCD']]) {
      expect(createRedactor(secrets)('key sk-ABCD-tail and ABCD')).toBe(`key ${R} and ${R}`);
    }
  });
});

describe('createRedactor: the spellings of a secret', () => {
  // A quote, a backslash, a non-ASCII letter, a space and a slash: every encoding differs.
  const secret = 's3"c\\r\u00e9t x/y-token';
  const redact = createRedactor([secret]);

  it('as written, JSON-escaped without the quotes, and JSON-escaped with \\u for non-ASCII', () => {
    const json = JSON.stringify(secret).slice(1, -1);
    expect(json).toBe('s3\\"c\\\\r\u00e9t x/y-token');
    const ascii = 's3\\"c\\\\r\\u00e9t x/y-token';
    for (const form of [secret, json, ascii]) expect(redact(`<${form}>`), form).toBe(`<${R}>`);
  });

  it('URL-encoded with either hex case, and form-encoded', () => {
    const url = encodeURIComponent(secret);
    expect(url).toBe('s3%22c%5Cr%C3%A9t%20x%2Fy-token');
    for (const form of [url, 's3%22c%5cr%c3%a9t%20x%2fy-token', 's3%22c%5Cr%C3%A9t+x%2Fy-token']) expect(redact(`?t=${form}&`), form).toBe(`?t=${R}&`);
  });

  it('a secret shorter than 4 characters is not redacted in any spelling, however long that is', () => {
    expect(createRedactor(['\u00e9\u00e9'])('%C3%A9%C3%A9 \\u00e9\\u00e9')).toBe('%C3%A9%C3%A9 \\u00e9\\u00e9');
    expect(createRedactor([], { code: '\u00e9\u00e9' })('%C3%A9%C3%A9')).toBe('%C3%A9%C3%A9');
    // Only strings: an array of four (whose text is "abcd,efgh,ijkl,mnop") is not a secret either.
    expect(createRedactor([], { code: ['abcd', 'efgh', 'ijkl', 'mnop'] })('abcd,efgh,ijkl,mnop')).toBe('abcd,efgh,ijkl,mnop');
  });
});

describe('redactSecrets (the proxy redacting an answer)', () => {
  it('redacts the secrets in strings and keys at any depth, and keeps the answer\'s own secret-named fields', () => {
    const answer = { code: '123456', password: 'not-the-token', note: 'token tok-1234!', nested: [{ 'tok-1234': 1 }] };
    expect(redactSecrets(answer, ['tok-1234'])).toEqual({ code: '123456', password: 'not-the-token', note: `token ${R}!`, nested: [{ [R]: 1 }] });
    expect(redactSecrets('tok-1234', ['tok-1234', undefined])).toBe(R);
  });
});

describe('createRedaction().data', () => {
  const { data } = createRedaction(['s3cr3t-key']);

  it('keeps the shape of data: arrays stay arrays, numbers, booleans and null stay as they are', () => {
    expect(data({ list: ['a s3cr3t-key', 1, true, null, { n: 2 }], nested: { deep: ['x'] }, count: 3, off: false, none: null })).toEqual({
      list: [`a ${R}`, 1, true, null, { n: 2 }],
      nested: { deep: ['x'] },
      count: 3,
      off: false,
      none: null,
    });
    expect(Array.isArray(data({ list: [] })['list'])).toBe(true);
  });

  it('redacts every secret field by name, and redacts secrets in keys', () => {
    const fields = ['password', 'code', 'verification_code', 'access_token', 'id_token', 'refresh_token', 'registration_token'];
    const value = Object.fromEntries(fields.map((field) => [field, { anything: 1 }]));
    expect(data({ ...value, email: 'ann@example.com', 's3cr3t-key': 1 })).toEqual({ ...Object.fromEntries(fields.map((field) => [field, R])), email: 'ann@example.com', [R]: 1 });
  });

  it('walks 32 levels, and replaces what lies deeper whole', () => {
    const nest = (depth: number, leaf: unknown): unknown => (depth === 0 ? leaf : { d: nest(depth - 1, leaf) });
    // data itself is level 0: 32 levels below it are walked, the 33rd is replaced.
    expect(data(nest(33, { leaf: 'kept' }) as Record<string, unknown>)).toEqual(nest(33, R));
    expect(data(nest(32, { leaf: 'kept' }) as Record<string, unknown>)).toEqual(nest(32, { leaf: 'kept' }));
    const list = (depth: number, leaf: unknown): unknown => (depth === 0 ? leaf : [list(depth - 1, leaf)]);
    expect(data({ l: list(32, ['x']) })).toEqual({ l: list(32, R) });
    expect(data({ l: list(31, ['x']) })).toEqual({ l: list(31, ['x']) });
  });
});

describe('sanitizeCause', () => {
  const redact = createRedactor(['s3cr3t-key']);

  it('copies name, redacted message and string code of each link, and nothing else', () => {
    const root = Object.assign(new Error('root s3cr3t-key'), { code: 'ECONNRESET', extra: 's3cr3t-key' });
    root.name = 'SocketError';
    const top = Object.assign(new TypeError('fetch failed', { cause: root }), { code: 42 });
    const copy = sanitizeCause(top, redact);
    expect(copy).toBeInstanceOf(Error);
    expect(copy?.name).toBe('TypeError');
    expect(copy?.message).toBe('fetch failed');
    expect(copy?.stack).toBe('TypeError: fetch failed');
    expect(copy).not.toHaveProperty('code');
    const inner = copy?.cause as Error & { code?: string };
    expect(inner.name).toBe('SocketError');
    expect(inner.message).toBe(`root ${R}`);
    expect(inner.code).toBe('ECONNRESET');
    expect(inner.stack).toBe(`SocketError: root ${R}`);
    expect(inner).not.toHaveProperty('extra');
    expect(inner.cause).toBeUndefined();
    expect(Object.keys(inner).sort()).toEqual(['code', 'name']);
  });

  it('names a link without a string name "Error" and one without a message ""', () => {
    const copy = sanitizeCause({ name: 7, message: 8 }, redact);
    expect(copy?.name).toBe('Error');
    expect(copy?.message).toBe('');
    expect(copy?.stack).toBe('Error: ');
  });

  it('skips FetchError links (their message has the URL) and keeps what is under them', () => {
    const fetchError = Object.assign(new Error('[POST] "https://x.test/v1/auth?code=s3cr3t-key": <no response>'), { name: 'FetchError', cause: new Error('ECONNREFUSED') });
    const copy = sanitizeCause(fetchError, redact);
    expect(copy?.message).toBe('ECONNREFUSED');
    expect(copy?.cause).toBeUndefined();
  });

  it('copies five links of a chain and drops the rest; anything but an object is no cause', () => {
    let chain: Error | undefined;
    for (let i = 7; i >= 1; i--) chain = new Error(`link ${i}`, chain ? { cause: chain } : undefined);
    const messages: string[] = [];
    for (let e: unknown = sanitizeCause(chain, redact); e instanceof Error; e = e.cause) messages.push(e.message);
    expect(messages).toEqual(['link 1', 'link 2', 'link 3', 'link 4', 'link 5']);
    expect(sanitizeCause('a string', redact)).toBeUndefined();
    expect(sanitizeCause(null, redact)).toBeUndefined();
    expect(createRedaction([]).cause(undefined)).toBeUndefined();
  });
});

const response = (status: number, init: { statusText?: string; trace?: string } = {}) =>
  new Response(null, { status, statusText: init.statusText ?? '', headers: init.trace ? { 'x-saasus-trace-id': init.trace } : {} });

describe('httpError, invalidResponseError, parseAnswer, transportError', () => {
  it('keeps a SaaSus error body, with its data, and the trace id', () => {
    const error = httpError('op', response(409, { trace: 't-1' }), JSON.stringify({ type: 'conflict', message: 'taken', data: { a: [1] } }));
    expect(error.toJSON()).toEqual({ name: 'ApiError', kind: 'http', status: 409, type: 'conflict', message: 'taken', data: { a: [1] }, operation: 'op', traceId: 't-1', retryable: false });
  });

  it('says what kind of body a non-SaaSus error answer had, with the status line', () => {
    expect(httpError('op', response(502, { statusText: 'Bad Gateway' }), '').message).toBe('HTTP 502 Bad Gateway (empty response body)');
    expect(httpError('op', response(502), '<html>').message).toBe('HTTP 502 (non-JSON response body)');
    expect(httpError('op', response(500), '[1]').message).toBe('HTTP 500 (response body is not a SaaSus error)');
    expect(httpError('op', response(500), '{"type":"x"}').message).toBe('HTTP 500 (response body is not a SaaSus error)');
    expect(httpError('op', response(500), '{"type":1,"message":"m"}').type).toBe('http_500');
    expect(httpError('op', response(500), '{"type":"x","message":"m","data":[1]}').data).toBeUndefined();
    expect(httpError('op', response(500), '{"type":"x","message":"m","data":null}').data).toBeUndefined();
    expect(httpError('op', response(500), '').traceId).toBeUndefined();
  });

  it('without a redaction, keeps the body as sent', () => {
    const error = httpError('op', response(400), JSON.stringify({ type: 't', message: 'm', data: { password: 'p' } }));
    expect(error.data).toEqual({ password: 'p' });
    expect(transportError('op', 'network', new Error('x'), 0).cause).toBeUndefined();
  });

  it('redactAnswerError: the same error with the secrets out of its type, message and data, every other field kept', () => {
    const secret = 'hunter2-secret';
    const answer = JSON.stringify({ type: `bad_${secret}`, message: `code ${secret} refused`, data: { echo: secret, n: 1 } });
    const raw = httpError('op', response(409, { trace: 't-3' }), answer);
    const clean = redactAnswerError(raw, createRedaction([secret]));
    expect(clean).toBeInstanceOf(ApiError);
    expect(clean.toJSON()).toEqual({ ...raw.toJSON(), type: 'bad_[redacted]', message: 'code [redacted] refused', data: { echo: '[redacted]', n: 1 } });
    expect(JSON.stringify(clean)).not.toContain(secret);
    const invalid = redactAnswerError(invalidResponseError('op', response(200)), createRedaction([secret]));
    expect([invalid.type, invalid.retryable, invalid.data, 'data' in invalid]).toEqual(['invalid_response', false, undefined, true]);
  });

  it('a 2xx that is not JSON is invalid_response, not retryable; an empty 2xx is undefined', () => {
    const ok = new Response(null, { status: 200, headers: { 'x-saasus-trace-id': 't-2' } });
    expect(() => parseAnswer('op', ok, '<html>')).toThrow(expect.objectContaining({ type: 'invalid_response', message: 'HTTP 200: the response body is not JSON', retryable: false, traceId: 't-2' }));
    expect(invalidResponseError('op', response(201)).traceId).toBeUndefined();
    expect(parseAnswer('op', ok, '')).toBeUndefined();
    expect(parseAnswer('op', ok, '{"a":1}')).toEqual({ a: 1 });
  });

  it('transport errors: timeout, aborted and network with the innermost code of up to six links', () => {
    expect(transportError('op', 'timeout', undefined, 250)).toMatchObject({ kind: 'timeout', type: 'timeout', message: 'No response within 250 ms', retryable: true });
    expect(transportError('op', 'aborted', undefined, 0)).toMatchObject({ kind: 'aborted', message: 'The request was aborted', retryable: false });
    const chain = (codes: unknown[]) => codes.reduceRight<unknown>((cause, code) => Object.assign(new Error('e', cause ? { cause } : undefined), { code }), undefined);
    expect(transportError('op', 'network', chain(['OUTER', 1, 'INNER']), 0).message).toBe('Network error (INNER)');
    expect(transportError('op', 'network', chain([1, 2]), 0).message).toBe('Network error');
    expect(transportError('op', 'network', chain(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7']), 0).message).toBe('Network error (C6)');
    expect(transportError('op', 'network', 'no object', 0).message).toBe('Network error');
    expect(transportError('op', 'network', Object.assign(new Error('e', { cause: null }), { code: 'ENOTFOUND' }), 0).message).toBe('Network error (ENOTFOUND)');
  });

  it('carries the redacted runtime error as its cause when given one, and no cause otherwise', () => {
    const redaction = createRedaction(['s3cr3t-key']);
    const error = new Error('socket closed while sending s3cr3t-key');
    expect((transportError('op', 'network', error, 0, redaction.cause(error)).cause as Error).message).toBe(`socket closed while sending ${R}`);
    expect('cause' in transportError('op', 'network', error, 0)).toBe(false);
    expect('cause' in transportError('op', 'timeout', error, 10)).toBe(false);
  });
});

describe('ApiError and its helpers', () => {
  it('is named ApiError, keeps its cause only when given, and serialises its own fields', () => {
    const error = new ApiError({ kind: 'http', status: 400, type: 't', message: 'm', operation: 'op' });
    expect(error.name).toBe('ApiError');
    expect(String(error)).toBe('ApiError: m');
    expect('cause' in error).toBe(false);
    expect(new ApiError({ kind: 'network', status: 0, type: 'network', message: 'm', operation: 'op', cause: 'c' }).cause).toBe('c');
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'ApiError', kind: 'http', status: 400, type: 't', message: 'm', operation: 'op', retryable: false });
  });

  it('isApiError recognises one from another bundle by its shape only', () => {
    expect(isApiError({ name: 'ApiError', status: 500, type: 'x' })).toBe(true);
    for (const value of [null, undefined, 'ApiError', { name: 'ApiError', status: '500', type: 'x' }, { name: 'ApiError', status: 500 }, { name: 'Error', status: 500, type: 'x' }, new Error('x')]) {
      expect(isApiError(value), JSON.stringify(value)).toBe(false);
    }
  });

  it('recordOf and stringOr', () => {
    const record = { a: 1 };
    expect(recordOf(record)).toBe(record);
    expect(recordOf(null)).toBeUndefined();
    expect(recordOf('x')).toBeUndefined();
    expect(stringOr('s', 0)).toBe('s');
    expect(stringOr(1, 'fallback')).toBe('fallback');
  });
});
