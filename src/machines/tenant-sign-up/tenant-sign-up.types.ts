import type { PromiseActorLogic } from 'xstate';
import type { Tenant, UserAvailableTenant } from '../../api/types.js';
import type { FlowError } from '../shared/flow-error.js';
import type { EmptyInput, FlowCancelEvent, FlowRetryEvent } from '../shared/flow.types.js';

/** How an attribute's values are typed: `date` values are `YYYY-MM-DD`. */
export type AttributeType = 'string' | 'number' | 'bool' | 'date';

/** A tenant or user attribute the SaaS defined (`GET /tenant-attributes`, `GET /user-attributes`). */
export interface AttributeDefinition {
  attribute_name: string;
  display_name: string;
  attribute_type: AttributeType;
}

/** Attribute values by attribute name, typed as their definitions say. */
export type AttributeValues = Record<string, string | number | boolean>;

/** What the self sign-up form holds once checked: the tenant's name and the typed values. */
export interface SelfSignUpDetails {
  tenantName: string;
  tenantAttributes: AttributeValues;
  userAttributes: AttributeValues;
}

/** The signed-in user as the flow needs them: the address and the tenants they belong to. */
export interface SignedInUser {
  email: string;
  tenants: UserAvailableTenant[];
}

/** Input of `tenantSignUpMachine`: none needed; the user comes from the session. */
export type TenantSignUpInput = Record<string, never>;

/**
 * Context of `tenantSignUpMachine`: the user's address, the attribute definitions, the checked
 * form, and what has been created so far (so a retry never creates it again). No token.
 */
export interface TenantSignUpContext {
  email: string;
  tenantAttributes: AttributeDefinition[];
  userAttributes: AttributeDefinition[];
  details?: SelfSignUpDetails;
  /** The tenant created by `createTenant`: kept so a retry of a later step reuses it. */
  tenant?: Tenant;
  /** The tenant user created by `createTenantUser`: kept so a retry of the role step reuses it. */
  tenantUserId?: string;
  /** The user's tenants, when they already belong to one. */
  tenants?: UserAvailableTenant[];
  error?: FlowError;
}

/**
 * Submits the self sign-up form. Values may be typed (`42`, `true`) or as a form gives them
 * (`'42'`, `'true'`, `'2026-11-30'`); they are checked against the definitions before any request.
 */
export interface SelfSignUpSubmitEvent {
  type: 'selfSignUp.submit';
  tenantName: string;
  tenantAttributes?: Record<string, unknown>;
  userAttributes?: Record<string, unknown>;
}

/** Goes back to the form after the tenant could not be created. */
export interface DetailsEditEvent {
  type: 'details.edit';
}

/** Events of `tenantSignUpMachine`. */
export type TenantSignUpEvent = SelfSignUpSubmitEvent | DetailsEditEvent | FlowRetryEvent | FlowCancelEvent;

/** Output of `tenantSignUpMachine`. */
export type TenantSignUpOutput =
  | { status: 'signedUp'; tenant: Tenant }
  | { status: 'alreadyMember'; tenants: UserAvailableTenant[] }
  | { status: 'cancelled' };

/**
 * Input of `createTenant`: the checked form and the user's address (the tenant's back-office
 * staff). The whole form, so that an implementation creating everything in one server call
 * (the back-end proxy's self sign-up) has the user's attributes too.
 */
export interface CreateTenantInput {
  email: string;
  details: SelfSignUpDetails;
}

/** Input of `createTenantUser`: the signed-in user (by address) into the new tenant. */
export interface CreateTenantUserInput {
  tenantId: string;
  email: string;
  attributes: AttributeValues;
}

/** Input of `createTenantUserRoles`. */
export interface CreateTenantUserRolesInput {
  tenantId: string;
  userId: string;
  envId: number;
  roleNames: string[];
}

/** What `createTenantUser` reports: the tenant user's id. */
export interface CreatedTenantUser {
  id: string;
}

/** The actors `tenantSignUpMachine` invokes (invoke id = actor name = operation): the contract its services implement. */
export interface TenantSignUpActors {
  /** The signed-in user's address and tenants (`GET /userinfo` with their ID token). */
  getUserInfo: PromiseActorLogic<SignedInUser, EmptyInput>;
  /** The SaaS's tenant attribute definitions. */
  getTenantAttributes: PromiseActorLogic<AttributeDefinition[], EmptyInput>;
  /** The SaaS's user attribute definitions. */
  getUserAttributes: PromiseActorLogic<AttributeDefinition[], EmptyInput>;
  /** Creates the tenant, with the user as its back-office staff. */
  createTenant: PromiseActorLogic<Tenant, CreateTenantInput>;
  /** Adds the signed-in user to the tenant. */
  createTenantUser: PromiseActorLogic<CreatedTenantUser, CreateTenantUserInput>;
  /** Gives the tenant user roles in an env (the flow: `admin` in env 3). */
  createTenantUserRoles: PromiseActorLogic<void, CreateTenantUserRolesInput>;
}
