import { setup } from 'xstate';
import type { CodeInput, CodeSent } from '../../services/flow.types.js';
import type { EmailInput } from '../../services/sign-up.types.js';
import { initialCodeContext } from '../shared/code-context.js';
import { codeEntryDelays, mailedCodeStates } from '../shared/code-entry.states.js';
import { codeEntryActions, emailEntryActions } from '../shared/flow.actions.js';
import { canRetry, isCodeDead, isCodeFilled, isEmailWellFormed, isResendQueued } from '../shared/flow.guards.js';
import { flowTypes } from '../shared/flow.setup.js';
import { emailEntryState, inFlight } from '../shared/flow.states.js';
import { emailInput, sentCode } from '../shared/mappers.js';
import { missingActor } from '../shared/missing-actor.js';
import type { EmailUpdateContext, EmailUpdateEvent, EmailUpdateInput, EmailUpdateOutput } from './email-update.types.js';

const ID = 'emailUpdate';

/**
 * The signed-in user changes their address (spec §5b): new address -> `requestEmailUpdate`
 * (code mailed, valid 24 h) -> code entry (resend with cooldown; a wrong code keeps the user
 * here with the attempts left) -> `confirmEmailUpdate` -> updated. An expired or exhausted code
 * leads to `codeExpired`, where `code.resend` requests a new one.
 */
export const emailUpdateMachine = setup({
  types: flowTypes<EmailUpdateContext, EmailUpdateEvent, EmailUpdateInput | undefined, EmailUpdateOutput>(),
  actors: {
    requestEmailUpdate: missingActor<CodeSent, EmailInput>(),
    confirmEmailUpdate: missingActor<void, CodeInput>(),
  },
  guards: { isEmailWellFormed, isCodeFilled, isCodeDead, canRetry, isResendQueued },
  actions: { ...codeEntryActions<EmailUpdateContext, EmailUpdateEvent>(), ...emailEntryActions<EmailUpdateContext, EmailUpdateEvent>() },
  delays: codeEntryDelays,
}).createMachine({
  id: ID,
  context: ({ input }) => ({ ...initialCodeContext(input), email: input?.email?.trim() ?? '' }),
  initial: 'enteringEmail',
  on: { 'flow.cancel': '.cancelled' },
  output: ({ event }) => event.output as EmailUpdateOutput,
  states: {
    enteringEmail: emailEntryState(ID, 'requestingEmailUpdate'),
    requestingEmailUpdate: {
      ...inFlight('enteringEmail'),
      invoke: {
        id: 'requestEmailUpdate',
        src: 'requestEmailUpdate',
        input: emailInput,
        onDone: { target: 'enteringCode', actions: { type: 'assignCodeSent', params: sentCode } },
        onError: { target: 'enteringEmail.failed', actions: 'assignError' },
      },
    },
    ...mailedCodeStates({
      machine: ID,
      request: 'requestingEmailUpdate',
      resend: { src: 'requestEmailUpdate', input: emailInput },
      confirming: 'confirmingEmailUpdate',
      confirm: 'confirmEmailUpdate',
      done: 'updated',
      changeEmail: true,
    }),
    updated: { type: 'final', output: ({ context }) => ({ status: 'updated' as const, email: context.email }) },
    cancelled: { type: 'final', output: { status: 'cancelled' as const } },
  },
});
