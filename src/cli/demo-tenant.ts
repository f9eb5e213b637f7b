import type { EventFromLogic, SnapshotFrom } from 'xstate';
import type { Tenant } from '../api/types.js';
import { checkSelfSignUp } from '../api/validation.js';
import type { AttributeDefinition, tenantSignUpMachine } from '../machines/index.js';
import { DEMO_STEPS, DemoFailure, reportError, runFlow, type DemoContext } from './demo-flow.js';

type TenantSnapshot = SnapshotFrom<typeof tenantSignUpMachine>;
type TenantEvent = EventFromLogic<typeof tenantSignUpMachine>;

/**
 * The attribute definitions the SaaSus sample apps expect a SaaS to have: a number and a date
 * tenant attribute and a string user attribute. The demo seeds them in its in-process emulator.
 */
export const DEMO_DEFINITIONS = {
  tenantAttributes: [
    { attribute_name: 'seats', display_name: 'Seats', attribute_type: 'number' },
    { attribute_name: 'started_on', display_name: 'Start date', attribute_type: 'date' },
  ],
  userAttributes: [{ attribute_name: 'nickname', display_name: 'Nickname', attribute_type: 'string' }],
} as const satisfies { tenantAttributes: AttributeDefinition[]; userAttributes: AttributeDefinition[] };

/** The name suggested for the tenant: `<local part>'s company`. */
export const suggestedTenantName = (email: string): string => `${email.split('@')[0] ?? email}'s company`;

/** A value auto mode fills in (and the prompt suggests) for an attribute, by its type. */
function suggestedValue(definition: AttributeDefinition, email: string, today: string): string {
  switch (definition.attribute_type) {
    case 'number':
      return '10';
    case 'date':
      return today;
    case 'bool':
      return 'false';
    case 'string':
      return email.split('@')[0] ?? email;
  }
}

/** One attribute's check, the machine's own: a sentence to show, or `undefined` when the value fits. */
function checkValue(definition: AttributeDefinition, value: string): string | undefined {
  const checked = checkSelfSignUp({ tenantAttributes: [definition], userAttributes: [] }, { tenantName: '-', tenantAttributes: { [definition.attribute_name]: value } });
  return checked.ok ? undefined : checked.message;
}

const TYPE_HINT: Record<AttributeDefinition['attribute_type'], string> = { number: 'a number', date: 'YYYY-MM-DD', bool: 'yes/no', string: 'text' };

/**
 * Runs `tenantSignUpMachine` right after the first sign-in: reads the user's tenants and the
 * SaaS's attribute definitions, asks for the tenant name and the attribute values (auto mode
 * fills them in), then creates the tenant, the tenant user and the admin role. Resolves to the
 * tenant created, or the one the user already belonged to; `undefined` when the user cancelled
 * at the terminal (auto mode fails instead).
 */
export async function tenantStep(ctx: DemoContext, machine: typeof tenantSignUpMachine, today: string): Promise<{ id: string; name: string } | undefined> {
  async function values(definitions: readonly AttributeDefinition[], email: string, signal: AbortSignal): Promise<Record<string, string>> {
    const result: Record<string, string> = {};
    for (const definition of definitions) {
      const suggested = suggestedValue(definition, email, today);
      if (ctx.prompt === undefined) result[definition.attribute_name] = suggested;
      else if (definition.attribute_type === 'bool') {
        result[definition.attribute_name] = await ctx.prompt.choose(
          definition.display_name,
          [
            { value: 'true', label: 'Yes' },
            { value: 'false', label: 'No' },
          ],
          { signal, initial: 'false' },
        );
      } else {
        result[definition.attribute_name] = await ctx.prompt.ask(`${definition.display_name} (${TYPE_HINT[definition.attribute_type]})`, {
          default: suggested,
          validate: (v) => checkValue(definition, v),
          signal,
        });
      }
    }
    return result;
  }

  async function enteringDetails(snapshot: TenantSnapshot, signal: AbortSignal): Promise<TenantEvent> {
    const { context } = snapshot;
    if (snapshot.hasTag('error')) reportError(ctx, context.error, 'The tenant form');
    const suggested = context.details?.tenantName ?? suggestedTenantName(context.email);
    const tenantName = ctx.prompt === undefined ? suggested : await ctx.prompt.ask('Tenant name', { default: suggested, signal });
    const tenantAttributes = await values(context.tenantAttributes, context.email, signal);
    const userAttributes = await values(context.userAttributes, context.email, signal);
    if (ctx.prompt === undefined) {
      const shown = Object.entries({ ...tenantAttributes, ...userAttributes }).map(([name, value]) => `${name} = ${value}`);
      ctx.ui.info(`Tenant name: ${tenantName}${shown.length === 0 ? '' : `; ${shown.join(', ')}`}`);
    }
    return { type: 'selfSignUp.submit', tenantName, tenantAttributes, userAttributes };
  }

  /** A failed step: shows the error; with someone at the terminal, retry that step (or edit the form / cancel). */
  async function failed(snapshot: TenantSnapshot, what: string, signal: AbortSignal, canEdit: boolean): Promise<TenantEvent> {
    const { error } = snapshot.context;
    reportError(ctx, error, what);
    const prompt = ctx.prompt;
    if (prompt === undefined) throw new DemoFailure(`${what} failed.`);
    const choice = await prompt.choose(
      error?.retryable === false ? 'What now?' : 'Try again?',
      [
        { value: 'retry', label: 'Retry' },
        ...(canEdit ? [{ value: 'edit' as const, label: 'Edit the tenant form' }] : []),
        { value: 'cancel', label: 'Cancel' },
      ],
      { signal },
    );
    return choice === 'retry' ? { type: 'flow.retry' } : choice === 'edit' ? { type: 'details.edit' } : { type: 'flow.cancel' };
  }

  ctx.ui.step(DEMO_STEPS.tenant, DEMO_STEPS.total, 'Create your tenant');
  const output = await runFlow(ctx, 'tenantSignUp', machine, {}, async (snapshot, signal) => {
    if (snapshot.matches('enteringDetails')) return enteringDetails(snapshot, signal);
    if (snapshot.matches('loadingFailed')) return failed(snapshot, 'Reading your account and the form', signal, false);
    if (snapshot.matches('tenantCreationFailed')) return failed(snapshot, 'Creating the tenant', signal, true);
    if (snapshot.matches('tenantUserCreationFailed')) return failed(snapshot, 'Adding you to the tenant', signal, false);
    if (snapshot.matches('roleAssignmentFailed')) return failed(snapshot, 'Making you its admin', signal, false);
    throw new DemoFailure(`tenantSignUp waits in an unexpected state: ${JSON.stringify(snapshot.value)}.`);
  });
  if (output.status === 'signedUp') {
    const tenant: Tenant = output.tenant;
    ctx.ui.ok(`Tenant "${tenant.name}" created (${tenant.id}); you are its admin.`);
    return { id: tenant.id, name: tenant.name };
  }
  if (output.status === 'alreadyMember') {
    const first = output.tenants[0];
    if (first === undefined) throw new DemoFailure('The user belongs to no tenant.');
    ctx.ui.ok(`You already belong to "${first.name}" (${first.id}).`);
    return { id: first.id, name: first.name };
  }
  if (ctx.prompt === undefined) throw new DemoFailure('Creating the tenant was cancelled.');
  ctx.ui.info('No tenant created: the app cannot serve you until you belong to one.');
  return undefined;
}
