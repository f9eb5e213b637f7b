import type { CallOptions } from '../api/client.types.js';
import type { UserSession } from '../api/flows-api.js';
import type { ErrorBody, Tenant } from '../api/types.js';
import { checkSelfSignUp } from '../api/validation.js';
import type { SelfSignUpForm, SelfSignUpResult, TenantSignUpApi } from '../api/flows-api.js';
import type { FieldRule } from '../api/validation.js';

/** The proxy path of the self sign-up (`GET`: the form; `POST`: create the tenant). */
export const SELF_SIGN_UP_PATH = 'self-sign-up';

/** What the browser may send: the form, nothing about the user (taken from the session). */
export const SELF_SIGN_UP_FIELDS: Readonly<Record<string, FieldRule>> = {
  tenant_name: { type: 'text', required: true, label: 'tenant name' },
  tenant_attributes: { type: 'object', required: false, label: 'tenant attributes' },
  user_attributes: { type: 'object', required: false, label: 'user attributes' },
};

/** An answer of the self sign-up route: the status and the JSON body. */
export interface SelfSignUpAnswer {
  status: number;
  body: SelfSignUpForm | SelfSignUpResult | ErrorBody;
}

/** What a user's unfinished self sign-up created so far, to resume from on the next call. */
interface Progress {
  tenant: Tenant;
  tenantUserId?: string;
}

/** The env the admin role is given in: the production env (id 3) every new SaaS has. */
const ADMIN_ENV_ID = 3;

/**
 * The self sign-up of the signed-in user, run on the server over the SaaSus tenant operations:
 * the form (`form`) and the creation (`run`: tenant with the user as back-office staff, tenant
 * user, `admin` in env 3). Calls of one user run one at a time, and each re-reads the user's
 * tenants first: a user who already has one is refused (409), so two concurrent calls create
 * one tenant. When a step fails, what was created is remembered (in this process) and the next
 * call resumes from the failed step instead of creating a second tenant. The writes do not take
 * the browser's abort signal: once started, the sequence finishes or stops at a failure.
 */
export function createSelfSignUp(api: TenantSignUpApi) {
  const queues = new Map<string, Promise<unknown>>();
  const progress = new Map<string, Progress>();

  /** Runs `task` after the user's earlier calls have settled. */
  function serialised<T>(userId: string, task: () => Promise<T>): Promise<T> {
    const previous = queues.get(userId) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => undefined);
    queues.set(userId, tail);
    void tail.then(() => {
      if (queues.get(userId) === tail) queues.delete(userId);
    });
    return next;
  }

  async function definitions(call: CallOptions) {
    const [tenant, user] = await Promise.all([api.getTenantAttributes(call), api.getUserAttributes(call)]);
    return { tenantAttributes: tenant.tenant_attributes, userAttributes: user.user_attributes };
  }

  return {
    async form(session: UserSession & { idToken: string }, call: CallOptions): Promise<SelfSignUpAnswer> {
      const info = await api.getUserInfo(session.idToken, call);
      const defined = await definitions(call);
      return { status: 200, body: { email: info.email, tenants: info.tenants, tenant_attributes: defined.tenantAttributes, user_attributes: defined.userAttributes } };
    },

    run(session: UserSession & { idToken: string }, body: Record<string, unknown>, call: CallOptions): Promise<SelfSignUpAnswer> {
      const { userId, idToken } = session;
      return serialised(userId, async () => {
        const info = await api.getUserInfo(idToken, call);
        const resumed = progress.get(userId);
        if (resumed === undefined && info.tenants.length > 0) {
          const tenants = info.tenants.map(({ id, name }) => ({ id, name }));
          return { status: 409, body: { type: 'already_member', message: 'You already belong to a tenant.', data: { tenants } } };
        }
        const checked = checkSelfSignUp(await definitions(call), {
          tenantName: body['tenant_name'],
          tenantAttributes: body['tenant_attributes'],
          userAttributes: body['user_attributes'],
        });
        if (!checked.ok) return { status: 400, body: { type: 'invalid_parameter', message: checked.message } };
        const { tenantName, tenantAttributes, userAttributes } = checked.value;
        const writes: CallOptions = { ...call, signal: undefined };
        const tenant = resumed?.tenant ?? (await api.createTenant({ name: tenantName, attributes: tenantAttributes, back_office_staff_email: info.email }, writes));
        progress.set(userId, { tenant });
        const tenantUserId = resumed?.tenantUserId ?? (await api.createTenantUser(tenant.id, { email: info.email, attributes: userAttributes }, writes)).id;
        progress.set(userId, { tenant, tenantUserId });
        await api.createTenantUserRoles(tenant.id, tenantUserId, ADMIN_ENV_ID, { role_names: ['admin'] }, writes);
        progress.delete(userId);
        return { status: 201, body: { tenant, tenant_user: { id: tenantUserId } } };
      });
    },
  };
}

/** Whether `api` has the SaaSus tenant operations the self sign-up runs on. */
export function hasTenantOperations(api: Partial<TenantSignUpApi>): api is TenantSignUpApi {
  return (['getUserInfo', 'getTenantAttributes', 'getUserAttributes', 'createTenant', 'createTenantUser', 'createTenantUserRoles'] as const).every(
    (method) => typeof api[method] === 'function',
  );
}
