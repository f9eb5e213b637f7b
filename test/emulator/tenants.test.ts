import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectApiError, signedRequest, startFixture, statusAndType, transports, type Fixture } from './support.js';
import { seedSampleDefinitions, signedUp, userInfoOf } from './tenants-support.js';

const PROD = { id: 3, name: 'prod', display_name: '本番環境' };
const ADMIN = { role_name: 'admin', display_name: '管理者' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe.each(transports)('emulator tenant operations (%s)', (transport) => {
  let f: Fixture;
  beforeEach(async () => {
    f = await startFixture(transport);
    seedSampleDefinitions(f);
  });
  afterEach(() => f.close());

  const props = { name: 'Acme', attributes: { seats: 5, started_on: '2026-11-30', trial: false }, back_office_staff_email: 'staff@example.com' };

  it('runs the sample back end self sign-up and /userinfo shows the membership with admin in env 3', async () => {
    const ann = await signedUp(f, 'ann@example.com');
    expect((await userInfoOf(f, ann)).tenants).toEqual([]);

    // As SaaSus's JS sample: read the definitions, convert the number-typed values, create, add, grant.
    const tenantAttributes = (await f.api.getTenantAttributes()).tenant_attributes;
    const form: Record<string, string> = { seats: '12', started_on: '2026-12-01', trial: '' };
    const attributes = Object.fromEntries(
      tenantAttributes.filter((a) => a.attribute_type !== 'bool').map((a) => [a.attribute_name, a.attribute_type === 'number' ? Number.parseInt(form[a.attribute_name] ?? '', 10) : form[a.attribute_name]]),
    );
    const tenant = await f.api.createTenant({ name: 'Ann Co', attributes, back_office_staff_email: ann.email });
    expect(tenant).toEqual({ id: expect.stringMatching(UUID), name: 'Ann Co', attributes: { seats: 12, started_on: '2026-12-01' }, back_office_staff_email: ann.email, plan_histories: [] });
    expect((await f.api.getUserAttributes()).user_attributes.map((a) => a.attribute_name)).toEqual(['nickname']);
    const tenantUser = await f.api.createTenantUser(tenant.id, { email: ann.email, attributes: { nickname: 'Ann' } });
    expect(tenantUser).toEqual({ id: ann.id, tenant_id: tenant.id, tenant_name: 'Ann Co', email: ann.email, attributes: { nickname: 'Ann' }, envs: [] });
    await expect(f.api.createTenantUserRoles(tenant.id, tenantUser.id, 3, { role_names: ['admin'] })).resolves.toBeUndefined();

    const info = await userInfoOf(f, ann);
    expect(info.tenants).toEqual([
      {
        id: tenant.id, name: 'Ann Co', completed_sign_up: true, envs: [{ ...PROD, roles: [ADMIN] }],
        user_attribute: { nickname: 'Ann' }, back_office_staff_email: ann.email,
      },
    ]);
    expect(f.emulator.control.userInfo(ann.credentials.id_token).tenants).toEqual(info.tenants);
    expect(await f.api.getTenantUser(tenant.id, ann.id)).toEqual({ ...tenantUser, envs: [{ ...PROD, roles: [ADMIN] }] });
  });

  it('lists, gets, updates and deletes tenants; unknown ids answer 404 tenant_not_found', async () => {
    expect(await f.api.getTenants()).toEqual({ tenants: [] });
    const a = await f.api.createTenant(props);
    const b = await f.api.createTenant({ ...props, name: 'Beta', attributes: {} });
    expect((await f.api.getTenants()).tenants.map((t) => t.name)).toEqual(['Acme', 'Beta']);
    expect(await f.api.getTenant(a.id)).toEqual(a);
    await f.api.updateTenant(a.id, { name: 'Acme 2', attributes: { seats: 6 }, back_office_staff_email: 'boss@example.com' });
    expect(await f.api.getTenant(a.id)).toMatchObject({ name: 'Acme 2', attributes: { seats: 6 }, back_office_staff_email: 'boss@example.com' });
    await f.api.deleteTenant(b.id);
    expect((await f.api.getTenants()).tenants.map((t) => t.id)).toEqual([a.id]);
    const missing = '00000000-0000-4000-8000-000000000000';
    await expectApiError(f.api.getTenant(missing), 404, 'tenant_not_found');
    await expectApiError(f.api.updateTenant(missing, props), 404, 'tenant_not_found');
    await expectApiError(f.api.deleteTenant(b.id), 404, 'tenant_not_found');
    await expectApiError(f.api.getTenantUsers(missing), 404, 'tenant_not_found');
  });

  it('checks attribute values against their definitions and changes nothing on a refusal', async () => {
    const refused: Record<string, unknown>[] = [
      { unknown: 1 },
      { seats: '5' },
      { trial: 'yes' },
      { started_on: '2026-02-30' },
      { started_on: '30/11/2026' },
      { started_on: 20261130 },
    ];
    for (const attributes of refused) {
      const error = await expectApiError(f.api.createTenant({ ...props, attributes }), 400, 'invalid_parameter');
      expect(error.message).toMatch(/attribute/);
    }
    expect(await f.api.createTenant({ ...props, attributes: { seats: null, started_on: '2024-02-29' } })).toMatchObject({ attributes: { started_on: '2024-02-29' } });
    const tenant = await f.api.createTenant(props);
    await expectApiError(f.api.updateTenant(tenant.id, { ...props, attributes: { seats: true } }), 400, 'invalid_parameter');
    expect((await f.api.getTenant(tenant.id)).attributes).toEqual(props.attributes);
    const ann = await signedUp(f, 'ann@example.com');
    await expectApiError(f.api.createTenantUser(tenant.id, { email: ann.email, attributes: { nickname: 3 } }), 400, 'invalid_parameter');
    await expectApiError(f.api.createTenantUser(tenant.id, { email: ann.email, attributes: { seats: 3 } }), 400, 'invalid_parameter');
    expect(await f.api.getTenantUsers(tenant.id)).toEqual({ users: [] });
  });

  it('refuses bodies that break the operation table with 400 invalid_parameter', async () => {
    const loose = f.api as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const call = (name: string, ...args: unknown[]) => expectApiError(loose[name]!(...args), 400, 'invalid_parameter');
    await call('createTenant', { name: 'A', attributes: {} });
    await call('createTenant', { ...props, back_office_staff_email: 'not-an-address' });
    await call('createTenant', { ...props, attributes: [] });
    await call('createTenant', { ...props, plan_id: 'p' });
    await call('createRole', { role_name: ' ', display_name: 'x' });
    await call('createUserAttribute', { attribute_name: 'a', display_name: 'A', attribute_type: 'text' });
    const tenant = await f.api.createTenant(props);
    const ann = await signedUp(f, 'ann@example.com');
    await f.api.createTenantUser(tenant.id, { email: ann.email, attributes: {} });
    await call('createTenantUserRoles', tenant.id, ann.id, 3, { role_names: [] });
    await call('createTenantUserRoles', tenant.id, ann.id, 3, { role_names: 'admin' });
    await call('createTenantUserRoles', tenant.id, ann.id, 3, { role_names: ['nope'] });
    await call('createTenantInvitation', tenant.id, { email: 'b@example.com', access_token: 't', envs: [{ id: 3.5, role_names: ['admin'] }] });
    await call('createTenantInvitation', tenant.id, { email: 'b@example.com', access_token: 't', envs: [{ id: 3, role_names: ['admin'], x: 1 }] });
  });

  it('adds only existing SaaS users, once; gets, updates and removes them', async () => {
    const tenant = await f.api.createTenant(props);
    await expectApiError(f.api.createTenantUser(tenant.id, { email: 'nobody@example.com', attributes: {} }), 404, 'user_not_found');
    const ann = await signedUp(f, 'ann@example.com');
    const bob = await signedUp(f, 'bob@example.com');
    await f.api.createTenantUser(tenant.id, { email: 'ANN@example.com', attributes: { nickname: 'A' } });
    await expectApiError(f.api.createTenantUser(tenant.id, { email: ann.email, attributes: {} }), 400, 'already_exists');
    await f.api.createTenantUser(tenant.id, { email: bob.email, attributes: {} });
    expect((await f.api.getTenantUsers(tenant.id)).users.map((u) => u.email)).toEqual([ann.email, bob.email]);

    await f.api.updateTenantUser(tenant.id, ann.id, { attributes: { nickname: 'Annie' } });
    expect((await f.api.getTenantUser(tenant.id, ann.id)).attributes).toEqual({ nickname: 'Annie' });
    await f.api.updateTenantUser(tenant.id, ann.id, { attributes: { nickname: null } });
    expect((await f.api.getTenantUser(tenant.id, ann.id)).attributes).toEqual({});
    await expectApiError(f.api.updateTenantUser(tenant.id, ann.id, { attributes: { age: 3 } }), 400, 'invalid_parameter');

    await f.api.deleteTenantUser(tenant.id, bob.id);
    await expectApiError(f.api.getTenantUser(tenant.id, bob.id), 404, 'user_not_found');
    await expectApiError(f.api.deleteTenantUser(tenant.id, bob.id), 404, 'user_not_found');
    await expectApiError(f.api.updateTenantUser(tenant.id, bob.id, { attributes: {} }), 404, 'user_not_found');
    expect((await f.api.getSaasUser(bob.id)).email).toBe(bob.email); // the SaaS user stays
    expect((await userInfoOf(f, bob)).tenants).toEqual([]);

    // Deleting the SaaS user removes their membership; deleting the tenant removes it from /userinfo.
    await f.api.deleteSaasUser(bob.id);
    await f.api.deleteTenant(tenant.id);
    expect((await userInfoOf(f, ann)).tenants).toEqual([]);
  });

  it('grants and removes roles per env; unknown envs, roles and members are refused', async () => {
    const tenant = await f.api.createTenant(props);
    const ann = await signedUp(f, 'ann@example.com');
    await f.api.createTenantUser(tenant.id, { email: ann.email, attributes: {} });
    await f.api.createTenantUserRoles(tenant.id, ann.id, 1, { role_names: ['member'] });
    await f.api.createTenantUserRoles(tenant.id, ann.id, 3, { role_names: ['admin', 'member', 'admin'] });
    await f.api.createTenantUserRoles(tenant.id, ann.id, 3, { role_names: ['admin'] });
    expect((await f.api.getTenantUser(tenant.id, ann.id)).envs).toEqual([
      { id: 1, name: 'dev', display_name: '開発環境', roles: [{ role_name: 'member', display_name: '一般' }] },
      { ...PROD, roles: [ADMIN, { role_name: 'member', display_name: '一般' }] },
    ]);
    await f.api.deleteTenantUserRole(tenant.id, ann.id, 3, 'member');
    await f.api.deleteTenantUserRole(tenant.id, ann.id, 1, 'member');
    expect((await userInfoOf(f, ann)).tenants[0]?.envs).toEqual([{ ...PROD, roles: [ADMIN] }]);
    await expectApiError(f.api.deleteTenantUserRole(tenant.id, ann.id, 1, 'member'), 404, 'role_not_found');
    await expectApiError(f.api.createTenantUserRoles(tenant.id, ann.id, 4, { role_names: ['admin'] }), 404, 'env_not_found');
    await expectApiError(f.api.deleteTenantUserRole(tenant.id, ann.id, 9, 'admin'), 404, 'env_not_found');
    await expectApiError(f.api.createTenantUserRoles(tenant.id, 'no-such-user', 3, { role_names: ['admin'] }), 404, 'user_not_found');
    await expectApiError(f.api.createTenantUserRoles('no-such-tenant', ann.id, 3, { role_names: ['admin'] }), 404, 'tenant_not_found');
  });

  it('lists and creates roles, attribute definitions and the three envs', async () => {
    expect(await f.api.getEnvs()).toEqual({
      envs: [{ id: 1, name: 'dev', display_name: '開発環境' }, { id: 2, name: 'stg', display_name: 'ステージング環境' }, PROD],
    });
    expect(await f.api.getRoles()).toEqual({ roles: [ADMIN, { role_name: 'member', display_name: '一般' }] });
    expect(await f.api.createRole({ role_name: 'viewer', display_name: '閲覧' })).toEqual({ role_name: 'viewer', display_name: '閲覧' });
    await expectApiError(f.api.createRole({ role_name: 'admin', display_name: 'x' }), 400, 'already_exists');
    const birthday = { attribute_name: 'birthday', display_name: 'Birthday', attribute_type: 'date' } as const;
    expect(await f.api.createUserAttribute(birthday)).toEqual(birthday);
    await expectApiError(f.api.createUserAttribute(birthday), 400, 'already_exists');
    expect((await f.api.getUserAttributes()).user_attributes).toContainEqual(birthday);
    const plan = { attribute_name: 'plan', display_name: 'Plan', attribute_type: 'string' } as const;
    expect(await f.api.createTenantAttribute(plan)).toEqual(plan);
    await expectApiError(f.api.createTenantAttribute(plan), 400, 'already_exists');
    expect((await f.api.getTenantAttributes()).tenant_attributes.map((a) => a.attribute_name)).toEqual(['seats', 'started_on', 'trial', 'plan']);
    expect(await f.api.createTenant({ ...props, attributes: { plan: 'gold' } })).toMatchObject({ attributes: { plan: 'gold' } });
  });

  it('deletes a user attribute definition: its values stop being returned and do not come back when it is defined again', async () => {
    const tenant = await f.api.createTenant(props);
    const ann = await signedUp(f, 'ann@example.com');
    await f.api.createTenantUser(tenant.id, { email: ann.email, attributes: { nickname: 'Ann' } });
    const age = { attribute_name: 'age', display_name: 'Age', attribute_type: 'number' } as const;
    await f.api.createUserAttribute(age);
    await f.api.updateTenantUser(tenant.id, ann.id, { attributes: { age: 30 } });

    await expect(f.api.deleteUserAttribute('nickname')).resolves.toBeUndefined();
    expect((await f.api.getUserAttributes()).user_attributes).toEqual([age]);
    expect((await f.api.getTenantUser(tenant.id, ann.id)).attributes).toEqual({ age: 30 });
    expect((await f.api.getTenantUsers(tenant.id)).users.map((u) => u.attributes)).toEqual([{ age: 30 }]);
    expect((await userInfoOf(f, ann)).tenants[0]?.user_attribute).toEqual({ age: 30 });
    // A value of the deleted attribute is now refused like any undefined one.
    await expectApiError(f.api.updateTenantUser(tenant.id, ann.id, { attributes: { nickname: 'A' } }), 400, 'invalid_parameter');
    await expectApiError(f.api.deleteUserAttribute('nickname'), 404, 'attribute_not_found');
    await expectApiError(f.api.deleteUserAttribute('seats'), 404, 'attribute_not_found'); // a tenant attribute's name
    await f.api.createUserAttribute({ attribute_name: 'nickname', display_name: 'Nickname', attribute_type: 'string' });
    expect((await f.api.getTenantUser(tenant.id, ann.id)).attributes).toEqual({ age: 30 });
    // Tenant attribute values are untouched.
    expect((await f.api.getTenant(tenant.id)).attributes).toEqual(props.attributes);
  });

  it('deletes a tenant attribute definition: its values leave every tenant; unknown names answer 404 attribute_not_found', async () => {
    const a = await f.api.createTenant(props);
    const b = await f.api.createTenant({ ...props, name: 'Beta', attributes: { seats: 2 } });
    const ann = await signedUp(f, 'ann@example.com');
    await f.api.createTenantUser(a.id, { email: ann.email, attributes: { nickname: 'Ann' } });

    await expect(f.api.deleteTenantAttribute('seats')).resolves.toBeUndefined();
    expect((await f.api.getTenantAttributes()).tenant_attributes.map((d) => d.attribute_name)).toEqual(['started_on', 'trial']);
    expect((await f.api.getTenant(a.id)).attributes).toEqual({ started_on: '2026-11-30', trial: false });
    expect((await f.api.getTenant(b.id)).attributes).toEqual({});
    expect((await f.api.getTenants()).tenants.map((t) => t.attributes)).toEqual([{ started_on: '2026-11-30', trial: false }, {}]);
    await expectApiError(f.api.createTenant({ ...props, attributes: { seats: 1 } }), 400, 'invalid_parameter');
    await expectApiError(f.api.deleteTenantAttribute('seats'), 404, 'attribute_not_found');
    await expectApiError(f.api.deleteTenantAttribute('nickname'), 404, 'attribute_not_found'); // a user attribute's name
    expect((await f.api.getTenantUser(a.id, ann.id)).attributes).toEqual({ nickname: 'Ann' });
    // Names with characters that need encoding reach the handler decoded.
    await f.api.createTenantAttribute({ attribute_name: 'plan/tier ä', display_name: 'Plan', attribute_type: 'string' });
    await f.api.deleteTenantAttribute('plan/tier ä');
    // Decoded once: a name holding a percent sign is not decoded a second time.
    await f.api.createTenantAttribute({ attribute_name: '100%25', display_name: 'Odd', attribute_type: 'string' });
    await expectApiError(f.api.deleteTenantAttribute('100%'), 404, 'attribute_not_found');
    await f.api.deleteTenantAttribute('100%25');
    expect((await f.api.getTenantAttributes()).tenant_attributes.map((d) => d.attribute_name)).toEqual(['started_on', 'trial']);
    // A segment that is not percent-encoding is bad input, not a server error.
    expect(await statusAndType(await signedRequest(f, 'DELETE', '/v1/auth/tenant-attributes/%E0%A4%A'))).toEqual([400, 'invalid_parameter']);
  });

  it('keeps the declared 404 of an attribute deletion under statuses: documented, and answers its faults', async () => {
    const documented = await startFixture(transport, { statuses: 'documented' });
    try {
      await expectApiError(documented.api.deleteUserAttribute('nope'), 404, 'attribute_not_found');
      await expectApiError(documented.api.deleteTenantAttribute('nope'), 404, 'attribute_not_found');
    } finally {
      await documented.close();
    }
    f.emulator.control.injectFault('deleteTenantAttribute', { status: 503, type: 'service_unavailable' });
    await expectApiError(f.api.deleteTenantAttribute('seats'), 503, 'service_unavailable');
    expect((await f.api.getTenantAttributes()).tenant_attributes.map((d) => d.attribute_name)).toContain('seats');
  });

  it('answers faults injected into each new operation', async () => {
    const tenant = await f.api.createTenant(props);
    f.emulator.control.injectFault('createTenantUser', { status: 503, type: 'service_unavailable' });
    f.emulator.control.injectFault('getTenants', { status: 500 });
    await expectApiError(f.api.createTenantUser(tenant.id, { email: 'a@example.com', attributes: {} }), 503, 'service_unavailable');
    await expectApiError(f.api.getTenants(), 500, 'injected_fault');
    expect((await f.api.getTenants()).tenants).toHaveLength(1);
  });
});
