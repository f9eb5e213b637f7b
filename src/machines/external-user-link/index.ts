export { externalUserLinkMachine } from './external-user-link.machine.js';
export type {
  ExternalUserLinkInput,
  ExternalUserLinkContext,
  ExternalUserLinkEvent,
  ExternalUserLinkOutput,
  LinkStartEvent,
  LinkRemoveEvent,
} from './external-user-link.types.js';
