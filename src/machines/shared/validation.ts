const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** A cheap well-formedness check before a request; the server has the last word. */
export function isWellFormedEmail(email: string): boolean {
  return EMAIL.test(email.trim());
}

/** Whether a submitted code has something in it. */
export function isFilled(value: string): boolean {
  return value.trim() !== '';
}
