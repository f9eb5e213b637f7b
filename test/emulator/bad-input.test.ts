import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signRequest } from '../../src/api/signing.js';
import { signedRequest, startFixture, statusAndType, transports, type Fixture } from './support.js';

const JSON_TYPE = { 'content-type': 'application/json' };

describe.each(transports)('emulator bad input (%s)', (transport) => {
  let f: Fixture;
  beforeEach(async () => {
    f = await startFixture(transport, { maxBodyBytes: 1024 });
  });
  afterEach(async () => {
    await f.close();
  });

  const expectUnchanged = () => expect(f.emulator.control.exportState().users).toEqual({});

  it.each([
    ['malformed JSON', '{"email":', JSON_TYPE, 400, 'invalid_parameter'],
    ['an empty body', '', JSON_TYPE, 400, 'invalid_parameter'],
    ['a JSON array', '[{"email":"a@example.com"}]', JSON_TYPE, 400, 'invalid_parameter'],
    ['a missing field', '{}', JSON_TYPE, 400, 'invalid_parameter'],
    ['an extra field', '{"email":"a@example.com","admin":true}', JSON_TYPE, 400, 'invalid_parameter'],
    ['a mistyped field', '{"email":5}', JSON_TYPE, 400, 'invalid_parameter'],
    ['a null required field', '{"email":null}', JSON_TYPE, 400, 'invalid_parameter'],
    ['text/plain', '{"email":"a@example.com"}', { 'content-type': 'text/plain' }, 415, 'unsupported_media_type'],
    ['form encoding', 'email=a%40example.com', { 'content-type': 'application/x-www-form-urlencoded' }, 415, 'unsupported_media_type'],
  ] as const)('answers %s on signUp with %i %s and creates nobody', async (_name, body, headers, status, type) => {
    expect(await statusAndType(await signedRequest(f, 'POST', '/v1/auth/sign-up', { body, headers }))).toEqual([status, type]);
    expectUnchanged();
  });

  it('answers invalid UTF-8 with 400 invalid_parameter', async () => {
    const body = new Uint8Array([0x7b, 0x22, 0x65, 0xff, 0xfe, 0x22, 0x7d]);
    expect(await statusAndType(await signedRequest(f, 'POST', '/v1/auth/sign-up', { body, headers: JSON_TYPE }))).toEqual([400, 'invalid_parameter']);
  });

  it('answers a body over maxBodyBytes with 413 payload_too_large', async () => {
    const body = JSON.stringify({ email: `${'a'.repeat(2000)}@example.com` });
    expect(await statusAndType(await signedRequest(f, 'POST', '/v1/auth/sign-up', { body, headers: JSON_TYPE }))).toEqual([413, 'payload_too_large']);
    expectUnchanged();
  });

  it('answers a streamed body without Content-Length that grows past the limit with 413', async () => {
    const url = `${f.baseURL}/v1/auth/sign-up`;
    const authorization = await signRequest(f.emulator.credentials, { method: 'POST', url, body: '' });
    const chunk = new TextEncoder().encode('x'.repeat(600));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(chunk);
      },
    });
    const response = await f.fetch(url, { method: 'POST', headers: { authorization, ...JSON_TYPE }, body: stream, duplex: 'half' } as RequestInit);
    expect(await statusAndType(response)).toEqual([413, 'payload_too_large']);
  });

  it.each([
    ['GET', '/v1/auth/unknown', 404, 'not_found'],
    ['GET', '/v1/auth/users/abc/unknown', 404, 'not_found'],
    ['GET', '/', 404, 'not_found'],
    ['GET', '/_emulator/unknown', 404, 'not_found'],
    ['PUT', '/v1/auth/users', 405, 'method_not_allowed'],
    ['POST', '/v1/auth/users/abc', 405, 'method_not_allowed'],
    ['GET', '/v1/auth/sign-up', 405, 'method_not_allowed'],
    ['GET', '/_emulator/sign-in', 405, 'method_not_allowed'],
    ['GET', '/v1/auth/users/%ZZ', 400, 'invalid_parameter'],
  ] as const)('answers %s %s with %i %s', async (method, path, status, type) => {
    const response = await signedRequest(f, method, path);
    if (status === 405) expect(response.headers.get('allow')).toBeTruthy();
    expect(await statusAndType(response)).toEqual([status, type]);
  });

  it('answers bad control input with 4xx SaaSus bodies', async () => {
    const post = (path: string, body: string, headers: Record<string, string> = JSON_TYPE) =>
      f.fetch(`${f.baseURL}/_emulator${path}`, { method: 'POST', headers, body }).then(statusAndType);
    expect(await post('/sign-in', '{"email":')).toEqual([400, 'invalid_parameter']);
    expect(await post('/sign-in', '{"email":1,"password":2}')).toEqual([400, 'invalid_parameter']);
    expect(await post('/sign-in', 'x', { 'content-type': 'text/plain' })).toEqual([415, 'unsupported_media_type']);
    expect(await post('/clock', '{"advanceMs":"soon"}')).toEqual([400, 'invalid_parameter']);
    expect(await post('/faults', '{"operation":"nope","status":500}')).toEqual([400, 'invalid_parameter']);
    expect(await post('/faults', '{"operation":"signUp","status":200}')).toEqual([400, 'invalid_parameter']);
    expect(await post('/tenants', '{"name":""}')).toEqual([400, 'invalid_parameter']);
    const put = await f.fetch(`${f.baseURL}/_emulator/state`, { method: 'PUT', headers: JSON_TYPE, body: '{"version":1}' });
    expect(await statusAndType(put)).toEqual([400, 'invalid_parameter']);
  });
});
