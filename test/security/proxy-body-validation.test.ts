/**
 * The proxy's body checks, pinned down: the JSON content types accepted, the size limit (declared
 * and read), UTF-8, JSON objects only, and no user named in the body.
 */
import { describe, expect, it } from 'vitest';
import { readJsonObject, validateBody } from '../../src/proxy/validation.js';

const LIMIT = 64;
const post = (body: BodyInit | null, type: string | null = 'application/json', headers: Record<string, string> = {}) =>
  new Request('http://a.test/x', { method: 'POST', body, headers: { ...(type === null ? {} : { 'content-type': type }), ...headers }, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);

/** A body sent in several chunks, without a Content-Length. */
function chunked(...parts: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(typeof part === 'string' ? new TextEncoder().encode(part) : part);
      controller.close();
    },
  });
}

const refused = (message: string, status = 400) => ({ ok: false, status, body: { type: 'invalid_parameter', message } });

describe('readJsonObject', () => {
  it('accepts the JSON content types, with parameters and spaces before them', async () => {
    for (const type of ['application/json', 'Application/JSON', 'application/json; charset=utf-8', 'application/json ; charset=utf-8', 'application/vnd.api+json', 'application/merge-patch+json']) {
      expect(await readJsonObject(post('{"a":1}', type), LIMIT), type).toEqual({ ok: true, value: { a: 1 } });
    }
  });

  it('refuses other content types with 415', async () => {
    for (const type of [null, 'text/plain', 'application/jsonx', 'text/html; application/json', 'application/+json', 'multipart/form-data']) {
      expect(await readJsonObject(post('{"a":1}', type), LIMIT), String(type)).toEqual(refused('Send the request body as JSON (Content-Type: application/json).', 415));
    }
  });

  it('reassembles a body sent in chunks, and accepts exactly the limit', async () => {
    expect(await readJsonObject(post(chunked('{"a":', '"bc', 'd"}')), LIMIT)).toEqual({ ok: true, value: { a: 'bcd' } });
    const exact = `{"a":"${'x'.repeat(LIMIT - 8)}"}`;
    expect(exact.length).toBe(LIMIT);
    expect(await readJsonObject(post(chunked(exact.slice(0, 10), exact.slice(10))), LIMIT)).toEqual({ ok: true, value: { a: 'x'.repeat(LIMIT - 8) } });
    expect(await readJsonObject(post(chunked(exact.slice(0, 10), `${exact.slice(10)} `)), LIMIT)).toEqual(refused(`The request body is larger than ${LIMIT} bytes.`));
  });

  it('refuses a declared length over the limit before reading, and takes one at the limit', async () => {
    expect(await readJsonObject(post('{}', 'application/json', { 'content-length': String(LIMIT + 1) }), LIMIT)).toEqual(refused(`The request body is larger than ${LIMIT} bytes.`));
    expect(await readJsonObject(post('{}', 'text/plain', { 'content-length': String(LIMIT + 1) }), LIMIT)).toEqual(refused(`The request body is larger than ${LIMIT} bytes.`));
  });

  it('refuses bytes that are not UTF-8, bodies that are not JSON, and JSON that is not an object', async () => {
    expect(await readJsonObject(post(chunked(new Uint8Array([0x7b, 0xff, 0x7d]))), LIMIT)).toEqual(refused('The request body could not be read as UTF-8 text.'));
    expect(await readJsonObject(post('{"a":'), LIMIT)).toEqual(refused('The request body is not valid JSON.'));
    for (const body of ['[]', 'null', '1', '"x"', 'true']) {
      expect(await readJsonObject(post(body), LIMIT), body).toEqual(refused('The request body must be a JSON object.'));
    }
  });

  it('reads an empty or blank body as {}', async () => {
    expect(await readJsonObject(post(null), LIMIT)).toEqual({ ok: true, value: {} });
    expect(await readJsonObject(post(' \n\t '), LIMIT)).toEqual({ ok: true, value: {} });
  });
});

describe('validateBody', () => {
  const fields = { email: { type: 'email', required: true, label: 'e-mail address' } } as const;

  it('refuses every field that names a user, before anything else', () => {
    for (const name of ['user_id', 'userId', 'access_token', 'accessToken']) {
      expect(validateBody({ [name]: 'someone-else' }, fields)).toEqual(refused(`Do not send "${name}": the proxy acts for the user of your session.`));
    }
  });

  it('accepts a valid body and refuses an unknown field with the checker message', () => {
    expect(validateBody({ email: 'a@example.com' }, fields)).toEqual({ ok: true, value: { email: 'a@example.com' } });
    const unknown = validateBody({ email: 'a@example.com', other: 1 }, fields);
    expect(unknown.ok).toBe(false);
    expect(unknown).toMatchObject({ status: 400, body: { type: 'invalid_parameter', message: expect.stringContaining('other') } });
  });
});
