import type { Credentials, UserInfo } from '../../src/api/index.js';
import { signedInUser, type Fixture } from './support.js';

/** A user who signed up, set a password and holds credentials. */
export interface Member {
  id: string;
  email: string;
  credentials: Credentials;
}

/** Signs `email` up through the client and completes the first sign-in; returns the credentials. */
export async function signedUp(f: Fixture, email: string): Promise<Member> {
  const { user, credentials } = await signedInUser(f, email);
  return { id: user.id, email, credentials };
}

/**
 * `GET /v1/auth/userinfo?token=` through the client. This branch's emulator reads the access
 * token there; with the change of `/userinfo` to SaaSus's ID token, pass `credentials.id_token`.
 */
export function userInfoOf(f: Fixture, member: Member): Promise<UserInfo> {
  return f.api.getUserInfo(member.credentials.id_token);
}

/** The definitions SaaSus's sample apps expect: a number and a date tenant attribute, a string user attribute. */
export function seedSampleDefinitions(f: Fixture): void {
  f.emulator.control.seedDefinitions({
    tenantAttributes: [
      { attribute_name: 'seats', display_name: 'Seats', attribute_type: 'number' },
      { attribute_name: 'started_on', display_name: 'Start date', attribute_type: 'date' },
      { attribute_name: 'trial', display_name: 'Trial', attribute_type: 'bool' },
    ],
    userAttributes: [{ attribute_name: 'nickname', display_name: 'Nickname', attribute_type: 'string' }],
    roles: [{ role_name: 'member', display_name: '一般' }],
  });
}
