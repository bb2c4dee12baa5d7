/**
 * What a chosen staff password must be, after the NCSC's advice: long rather than complicated
 * (three random words make a good one), not the email, and within what the server will hash.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

/** Why a new password will not do, in words for the person choosing it; null when it will. */
export function passwordProblem(password: string, confirmation: string, email: string): string | null {
  if (password !== confirmation) return 'The two passwords are not the same.';
  if ([...password].length < PASSWORD_MIN_LENGTH)
    return `Choose a password of at least ${PASSWORD_MIN_LENGTH} characters: three random words make a good one.`;
  if ([...password].length > PASSWORD_MAX_LENGTH) return `Choose a password of at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) return 'Your password cannot be your email address.';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(password)) return 'A password cannot contain control characters.';
  return null;
}
