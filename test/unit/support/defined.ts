/**
 * Returns `value` when it is present, and throws a clear error naming `what` when it is `undefined` or `null`.
 * Tests use it in place of a non-null assertion (`x!`), so a missing value fails loudly where it is first expected.
 */
export function defined<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`Expected ${what} to be defined, but it was ${value}`);
  return value;
}
