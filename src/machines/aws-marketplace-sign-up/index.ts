export { awsMarketplaceSignUpMachine } from './aws-marketplace-sign-up.machine.js';
export type {
  AwsMarketplaceSignUpInput,
  AwsMarketplaceSignUpContext,
  AwsMarketplaceSignUpEvent,
  AwsMarketplaceSignUpOutput,
  TenantChoice,
  TenantSubmitEvent,
  TenantChooseEvent,
} from './aws-marketplace-sign-up.types.js';
