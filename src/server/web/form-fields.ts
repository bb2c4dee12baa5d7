/**
 * Reading posted form fields, which are whatever the sender typed: a field is one string within
 * its length, with no NUL (PostgreSQL refuses it in text); anything else — missing, repeated,
 * too long — reads as null, and the page says what it wanted.
 */
export function formField(body: unknown, name: string, maxLength = 1000): string | null {
  if (typeof body !== 'object' || body === null || !Object.hasOwn(body, name)) return null;
  const value = (body as Record<string, unknown>)[name];
  if (typeof value !== 'string' || value.length > maxLength || value.includes('\u0000')) return null;
  return value;
}

/** A positive whole number from a URL or form field ("12"), else null: ids are re-checked against the database. */
export function idField(value: unknown): number | null {
  if (typeof value !== 'string' || !/^[1-9]\d{0,15}$/.test(value)) return null;
  const id = Number(value);
  return Number.isSafeInteger(id) ? id : null;
}
