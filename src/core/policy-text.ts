/**
 * How the managed policy judges its one-line text keys (`schoolId`, `groupId`, tokens): trimmed,
 * not empty, not too long, no control characters. The policy reader and the dashboard's class ids
 * both ask this function, so a class id the dashboard accepts is one the extension reads unchanged.
 */
export type PolicyTextCheck = { ok: true; value: string } | { ok: false; reason: string };

export function checkPolicyText(value: unknown, maxLength: number): PolicyTextCheck {
  if (typeof value !== 'string') return { ok: false, reason: 'must be a string' };
  const trimmed = value.trim();
  if (trimmed === '') return { ok: false, reason: 'is empty' };
  if (trimmed.length > maxLength) return { ok: false, reason: `is longer than ${maxLength} characters` };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this check's job
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) return { ok: false, reason: 'contains control characters' };
  return { ok: true, value: trimmed };
}
