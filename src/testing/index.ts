// Model: the real machine's graph, its paths and properties.
export { flowGraph, stateName, eventName } from './flow-graph.js';
export type { FlowGraph, FlowGraphOptions, FlowEdge, FlowEvent, FlowSnapshot, ActorOutcomeEvent, DelayEvent } from './flow-graph.js';
export { flowPaths } from './flow-paths.js';
export type { FlowPath, FlowStep, FlowPathOptions, FlowPathStrategy } from './flow-paths.js';
export { unreachableStates, deadEndStates } from './graph-properties.js';
export type { OneOrMany } from './graph-properties.js';
export { transitionCoverage } from './transition-coverage.js';
export type { TransitionCoverage, TransitionCoverageRow, StateCoverageRow } from './transition-coverage.js';
export { declaredTransitions, firedTransitions, startTransitions } from './declared-transitions.js';
export type { DeclaredTransition } from './declared-transitions.js';

// Running paths for real.
export { runFlowPath, isActorOutcome } from './path-runner.js';
export type { FlowScenario, RunFlowPathOptions } from './path-runner.js';
export { emulatorScenario, outcomeOperation } from './emulator-scenario.js';
export type { EmulatorScenarioOptions } from './emulator-scenario.js';
export { codeEntry, codeEntryOutcomes, otherCode } from './code-entry.js';
export type { CodeEntryOptions, CodeEntryOutcomesOptions } from './code-entry.js';
export { serverError } from './server-error.js';

// The world a flow runs in: emulator, clock, mail, phone.
export { createEmulatorWorld } from './emulator-world.js';
export type { EmulatorWorld, EmulatorWorldOptions } from './emulator-world.js';
export { createFlowClock } from './flow-clock.js';
export type { FlowClock, MovableClock } from './flow-clock.js';
export { createInbox, latestTemporaryPassword, latestCode } from './emulator-inbox.js';
export type { EmulatorInbox, OutboxSource } from './emulator-inbox.js';
export { emulatorSignIn, emulatorSession, emulatorConfirmSignUp } from './emulator-sign-in.js';
export type { EmulatorSignInOptions, EmulatorSession, SignInSource, EmulatorConfirmSignUpOptions } from './emulator-sign-in.js';
export { createAuthenticator } from './authenticator.js';
export type { AuthenticatorOptions, VirtualAuthenticator } from './authenticator.js';
