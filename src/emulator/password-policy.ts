/**
 * The emulator's password policy: at least 8 characters with a letter and a digit, at most 256.
 * Dependency-free, so the CLI demo checks a password before sending it without loading the emulator.
 */
export function isValidPassword(password: string): boolean {
  return password.length >= 8 && password.length <= 256 && /[A-Za-z]/.test(password) && /\d/.test(password);
}
