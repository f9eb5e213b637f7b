import { assign, setup } from 'xstate';
import type { Tenant } from '../../api/types.js';
import { invalidInputError } from '../shared/flow-error.js';
import { flowActions } from '../shared/flow.actions.js';
import type { FlowTypes } from '../shared/flow.types.js';
import { missingActor } from '../shared/missing-actor.js';
import { checkSelfSignUp, TENANT_NAME_MESSAGE, type DetailsCheck } from '../../api/validation.js';
import type {
  CreateTenantInput,
  CreateTenantUserInput,
  CreateTenantUserRolesInput,
  SelfSignUpDetails,
  TenantSignUpActors,
  TenantSignUpContext,
  TenantSignUpEvent,
  TenantSignUpInput,
  TenantSignUpOutput,
} from './tenant-sign-up.types.js';

/** The env the admin role is given in: the production env (id 3) every new SaaS has. */
const ADMIN_ENV_ID = 3;

function submitted({ context, event }: { context: TenantSignUpContext; event: TenantSignUpEvent }): DetailsCheck {
  if (event.type !== 'selfSignUp.submit') return { ok: false, message: TENANT_NAME_MESSAGE };
  return checkSelfSignUp(context, event);
}

/** The checked form; only entered from `creatingTenant` onwards, where it is always set. */
function details(context: TenantSignUpContext): SelfSignUpDetails {
  return context.details ?? { tenantName: '', tenantAttributes: {}, userAttributes: {} };
}

/** The tenant `createTenant` reported; `signedUp` is reached only through it. */
function createdTenant(context: TenantSignUpContext): Tenant {
  if (context.tenant === undefined) throw new TypeError('saasus-flows: tenantSignUp finished without a tenant');
  return context.tenant;
}

/**
 * Self sign-up into a new tenant, right after the first sign-in: `getUserInfo` -> a user who
 * already belongs to a tenant ends `alreadyMember` at once; otherwise `getTenantAttributes`,
 * `getUserAttributes` -> the form (tenant name and the attribute values, checked against the
 * definitions before any request) -> `createTenant` (the user as back-office staff) ->
 * `createTenantUser` -> `createTenantUserRoles` (`admin` in env 3) -> `signedUp`.
 *
 * Each creating step that fails waits in its own failed state, and `flow.retry` sends that step
 * again: the tenant and tenant user already created are kept in context, so a retry never
 * creates a second tenant. A snapshot taken while a request is in flight is saved as that
 * step's failed state (the request may or may not have reached SaaSus), ready for `flow.retry`.
 */
export const tenantSignUpMachine = setup({
  types: {} as FlowTypes<TenantSignUpContext, TenantSignUpEvent, TenantSignUpInput | undefined, TenantSignUpOutput>,
  actors: {
    getUserInfo: missingActor(),
    getTenantAttributes: missingActor(),
    getUserAttributes: missingActor(),
    createTenant: missingActor(),
    createTenantUser: missingActor(),
    createTenantUserRoles: missingActor(),
  } satisfies TenantSignUpActors,
  guards: {
    isMember: ({ event }) => 'output' in event && ((event.output as { tenants?: unknown[] } | undefined)?.tenants?.length ?? 0) > 0,
    isDetailsValid: (args) => submitted(args).ok,
  },
  actions: {
    ...flowActions<TenantSignUpContext, TenantSignUpEvent>(),
    assignDetails: assign(({ context, event }) => {
      const checked = submitted({ context, event });
      return checked.ok ? { details: checked.value, error: undefined } : { error: invalidInputError(checked.message) };
    }),
  },
}).createMachine({
  id: 'tenantSignUp',
  context: { email: '', tenantAttributes: [], userAttributes: [] },
  initial: 'loadingUserInfo',
  on: { 'flow.cancel': '.cancelled' },
  output: ({ event }) => event.output as TenantSignUpOutput,
  states: {
    // Reads: restoring a snapshot taken here simply reads again.
    loadingUserInfo: {
      tags: ['busy'],
      entry: 'clearError',
      invoke: {
        id: 'getUserInfo',
        src: 'getUserInfo',
        input: {},
        onDone: [
          { guard: 'isMember', target: 'alreadyMember', actions: assign({ tenants: ({ event }) => event.output.tenants }) },
          { target: 'loadingTenantAttributes', actions: assign({ email: ({ event }) => event.output.email }) },
        ],
        onError: { target: 'loadingFailed', actions: 'assignError' },
      },
    },
    loadingTenantAttributes: {
      tags: ['busy'],
      invoke: {
        id: 'getTenantAttributes',
        src: 'getTenantAttributes',
        input: {},
        onDone: { target: 'loadingUserAttributes', actions: assign({ tenantAttributes: ({ event }) => event.output }) },
        onError: { target: 'loadingFailed', actions: 'assignError' },
      },
    },
    loadingUserAttributes: {
      tags: ['busy'],
      invoke: {
        id: 'getUserAttributes',
        src: 'getUserAttributes',
        input: {},
        onDone: { target: 'enteringDetails', actions: assign({ userAttributes: ({ event }) => event.output }) },
        onError: { target: 'loadingFailed', actions: 'assignError' },
      },
    },
    loadingFailed: {
      tags: ['error'],
      // Reads may always be tried again; membership is read again too, as it may have changed.
      on: { 'flow.retry': 'loadingUserInfo' },
    },
    enteringDetails: {
      initial: 'editing',
      states: {
        editing: {},
        invalid: { tags: ['error'] },
      },
      on: {
        'selfSignUp.submit': [
          { guard: 'isDetailsValid', target: 'creatingTenant', actions: 'assignDetails' },
          { target: '.invalid', actions: 'assignDetails' },
        ],
      },
    },
    creatingTenant: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'tenantCreationFailed', reset: { error: { code: 'aborted', message: 'The request was interrupted.', retryable: true } } } },
      invoke: {
        id: 'createTenant',
        src: 'createTenant',
        input: ({ context }): CreateTenantInput => ({ email: context.email, details: details(context) }),
        onDone: { target: 'creatingTenantUser', actions: assign({ tenant: ({ event }) => event.output }) },
        onError: { target: 'tenantCreationFailed', actions: 'assignError' },
      },
    },
    tenantCreationFailed: {
      tags: ['error'],
      on: { 'flow.retry': 'creatingTenant', 'details.edit': 'enteringDetails' },
    },
    creatingTenantUser: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'tenantUserCreationFailed', reset: { error: { code: 'aborted', message: 'The request was interrupted.', retryable: true } } } },
      invoke: {
        id: 'createTenantUser',
        src: 'createTenantUser',
        input: ({ context }): CreateTenantUserInput => ({ tenantId: context.tenant?.id ?? '', email: context.email, attributes: details(context).userAttributes }),
        onDone: { target: 'addingAdminRole', actions: assign({ tenantUserId: ({ event }) => event.output.id }) },
        onError: { target: 'tenantUserCreationFailed', actions: 'assignError' },
      },
    },
    // The tenant exists: a retry adds the user to it, never creates another.
    tenantUserCreationFailed: {
      tags: ['error'],
      on: { 'flow.retry': 'creatingTenantUser' },
    },
    addingAdminRole: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'roleAssignmentFailed', reset: { error: { code: 'aborted', message: 'The request was interrupted.', retryable: true } } } },
      invoke: {
        id: 'createTenantUserRoles',
        src: 'createTenantUserRoles',
        input: ({ context }): CreateTenantUserRolesInput => ({
          tenantId: context.tenant?.id ?? '',
          userId: context.tenantUserId ?? '',
          envId: ADMIN_ENV_ID,
          roleNames: ['admin'],
        }),
        onDone: { target: 'signedUp' },
        onError: { target: 'roleAssignmentFailed', actions: 'assignError' },
      },
    },
    roleAssignmentFailed: {
      tags: ['error'],
      on: { 'flow.retry': 'addingAdminRole' },
    },
    signedUp: { type: 'final', output: ({ context }) => ({ status: 'signedUp' as const, tenant: createdTenant(context) }) },
    alreadyMember: { type: 'final', output: ({ context }) => ({ status: 'alreadyMember' as const, tenants: context.tenants ?? [] }) },
    cancelled: { type: 'final', output: { status: 'cancelled' as const } },
  },
});
