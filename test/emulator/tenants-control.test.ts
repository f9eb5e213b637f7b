import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSaasUserApi } from '../../src/api/index.js';
import { createEmulator } from '../../src/emulator/index.js';
import { expectApiError, signedRequest, startFixture, statusAndType, type Fixture } from './support.js';
import { seedSampleDefinitions, signedUp } from './tenants-support.js';

describe('emulator tenant control: seeding, export/import, persistence, signatures', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await startFixture('over HTTP');
  });
  afterEach(() => f.close());

  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${f.baseURL}/_emulator${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json()) as unknown };
  };

  it('seeds roles and attribute definitions in-process and over /_emulator/definitions, replacing by name', async () => {
    seedSampleDefinitions(f);
    const seeded = await control('POST', '/definitions', {
      roles: [{ role_name: 'member', display_name: 'Member' }],
      userAttributes: [{ attribute_name: 'age', display_name: 'Age', attribute_type: 'number' }],
    });
    expect(seeded.status).toBe(201);
    expect(seeded.json).toMatchObject({
      roles: [{ role_name: 'admin', display_name: '管理者' }, { role_name: 'member', display_name: 'Member' }],
      user_attributes: [{ attribute_name: 'nickname' }, { attribute_name: 'age', attribute_type: 'number' }],
      tenant_attributes: [{ attribute_name: 'seats' }, { attribute_name: 'started_on' }, { attribute_name: 'trial' }],
    });
    expect((await f.api.getRoles()).roles).toHaveLength(2);
    for (const bad of [
      { roles: 'admin' },
      { roles: [{ role_name: '', display_name: 'x' }] },
      { userAttributes: [{ attribute_name: 'a', display_name: 'A', attribute_type: 'json' }] },
      { tenantAttributes: [{ attribute_name: 'a', display_name: 'A', attribute_type: 'string', extra: 1 }] },
      { plans: [] },
    ]) {
      expect(await control('POST', '/definitions', bad), JSON.stringify(bad)).toMatchObject({ status: 400, json: { type: 'invalid_parameter' } });
    }
    expect(() => f.emulator.control.seedDefinitions({ roles: Array.from({ length: 101 }, (_, i) => ({ role_name: `r${i}`, display_name: 'R' })) })).toThrow(/at most 100/);
    expect((await f.api.getRoles()).roles).toHaveLength(2);
  });

  it('exports and imports tenants, memberships, definitions and invitations; refuses malformed ones', async () => {
    seedSampleDefinitions(f);
    const ann = await signedUp(f, 'ann@example.com');
    const tenant = await f.api.createTenant({ name: 'Acme', attributes: { seats: 2 }, back_office_staff_email: ann.email });
    await f.api.createTenantUser(tenant.id, { email: ann.email, attributes: { nickname: 'A' } });
    await f.api.createTenantUserRoles(tenant.id, ann.id, 3, { role_names: ['admin'] });
    await f.api.createTenantInvitation(tenant.id, { email: 'b@example.com', access_token: ann.credentials.access_token, envs: [{ id: 2, role_names: ['member'] }] });
    const state = f.emulator.control.exportState();
    f.emulator.control.reset();
    expect((await f.api.getRoles()).roles).toEqual([{ role_name: 'admin', display_name: '管理者' }]);
    f.emulator.control.importState(state);
    expect(f.emulator.control.exportState()).toEqual(state);
    expect((await f.api.getTenantUser(tenant.id, ann.id)).attributes).toEqual({ nickname: 'A' });

    const tenantOf = (s: typeof state) => s.tenants[tenant.id]!;
    const broken = [
      (s: typeof state) => void (tenantOf(s).tenantUsers[ann.id]!.envs['3'] = 'admin' as unknown as string[]),
      (s: typeof state) => void (tenantOf(s).tenantUsers['stranger'] = { attributes: {}, envs: {}, createdAt: 0 }),
      (s: typeof state) => void (tenantOf(s).members.push('ghost')),
      (s: typeof state) => void (s.userAttributes[0]!.attribute_type = 'json' as 'string'),
      (s: typeof state) => void (Object.values(s.invitations)[0]!.id = 'other'),
    ];
    for (const breakIt of broken) {
      const copy = structuredClone(state);
      breakIt(copy);
      expect(() => f.emulator.control.importState(copy)).toThrow(/Invalid emulator state/);
    }
    expect(f.emulator.control.exportState()).toEqual(state);
  });

  it('imports a state written before the tenant part: defaults, and members as admins in production', async () => {
    const ann = await signedUp(f, 'ann@example.com');
    const seeded = f.emulator.control.createTenant({ name: 'Old', userId: ann.id });
    const old = structuredClone(f.emulator.control.exportState()) as unknown as Record<string, unknown>;
    for (const key of ['roles', 'userAttributes', 'tenantAttributes', 'invitations']) delete old[key];
    for (const t of Object.values(old.tenants as Record<string, Record<string, unknown>>)) delete t.tenantUsers;
    f.emulator.control.importState(old);
    expect((await f.api.getRoles()).roles).toEqual([{ role_name: 'admin', display_name: '管理者' }]);
    expect((await f.api.getTenantUser(seeded.id, ann.id)).envs).toEqual([
      { id: 3, name: 'prod', display_name: '本番環境', roles: [{ role_name: 'admin', display_name: '管理者' }] },
    ]);
  });

  it('refuses unsigned or wrongly signed tenant requests with 401 permission_denied', async () => {
    const unsigned = await fetch(`${f.baseURL}/v1/auth/tenants`);
    expect(await statusAndType(unsigned)).toEqual([401, 'permission_denied']);
    const wrong = createSaasUserApi({ baseURL: f.baseURL, saasId: f.emulator.credentials.saasId, apiKey: f.emulator.credentials.apiKey, secretKey: 'wrong', retry: false });
    await expectApiError(wrong.createTenant({ name: 'A', attributes: {}, back_office_staff_email: 'a@example.com' }), 401, 'permission_denied');
    expect((await f.api.getTenants()).tenants).toEqual([]);
  });

  it('refuses bodies that are not JSON, too deep or too large', async () => {
    const headers = { 'content-type': 'application/json' };
    expect(await statusAndType(await signedRequest(f, 'POST', '/v1/auth/tenants', { body: '{', headers }))).toEqual([400, 'invalid_parameter']);
    expect(await statusAndType(await signedRequest(f, 'POST', '/v1/auth/roles', { body: '{"role_name":"a","display_name":"b"}' }))).toEqual([415, 'unsupported_media_type']);
    const deep = `{"name":"A","back_office_staff_email":"a@example.com","attributes":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`;
    expect(await statusAndType(await signedRequest(f, 'POST', '/v1/auth/tenants', { body: deep, headers }))).toEqual([400, 'invalid_parameter']);
    const huge = JSON.stringify({ name: 'A', back_office_staff_email: 'a@example.com', attributes: { x: 'y'.repeat(70_000) } });
    expect(await statusAndType(await signedRequest(f, 'POST', '/v1/auth/tenants', { body: huge, headers }))).toEqual([413, 'payload_too_large']);
    expect(await statusAndType(await signedRequest(f, 'PUT', '/v1/auth/tenants'))).toEqual([405, 'method_not_allowed']);
  });
});

describe('emulator tenant persistence', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tenants-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps tenants, roles per env and definitions across a restart with a data file', async () => {
    const dataFile = join(dir, 'state.json');
    const first = createEmulator({ dataFile });
    const api = createSaasUserApi({ baseURL: 'http://saasus.test', ...first.credentials, fetch: first.fetch, retry: false });
    first.control.seedDefinitions({ tenantAttributes: [{ attribute_name: 'seats', display_name: 'Seats', attribute_type: 'number' }] });
    const user = await api.createSaasUser({ email: 'p@example.com', password: 'Passw0rd-1' });
    const tenant = await api.createTenant({ name: 'Kept', attributes: { seats: 3 }, back_office_staff_email: 'p@example.com' });
    await api.createTenantUser(tenant.id, { email: 'p@example.com', attributes: {} });
    await api.createTenantUserRoles(tenant.id, user.id, 3, { role_names: ['admin'] });
    await first.close();

    const second = createEmulator({ dataFile });
    const again = createSaasUserApi({ baseURL: 'http://saasus.test', ...second.credentials, fetch: second.fetch, retry: false });
    expect(await again.getTenant(tenant.id)).toMatchObject({ name: 'Kept', attributes: { seats: 3 } });
    expect((await again.getTenantUser(tenant.id, user.id)).envs.map((e) => e.id)).toEqual([3]);
    expect((await again.getTenantAttributes()).tenant_attributes.map((a) => a.attribute_name)).toEqual(['seats']);
    await second.close();
  });
});
