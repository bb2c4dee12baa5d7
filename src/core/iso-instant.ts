const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * Milliseconds since the epoch of an ISO 8601 instant with a zone (`Z` or `±hh:mm`), or NaN. Exact:
 * Date.parse moves `2026-02-30` to 2 March and `T24:00` to the next day, so every field is checked
 * against the calendar here (no leap seconds, no hour 24) and the date must exist as written.
 */
export function parseIsoInstant(text: string): number {
  const match = ISO_INSTANT.exec(text);
  if (!match) return Number.NaN;
  const [, year, month, day, hour, minute, second = '0', fraction = '', sign, offsetHours = '0', offsetMinutes = '0'] = match;
  const [y, mo, d, h, mi, sec, oh, om] = [year, month, day, hour, minute, second, offsetHours, offsetMinutes].map(Number);
  if (h > 23 || mi > 59 || sec > 59 || oh > 23 || om > 59) return Number.NaN;
  const local = Date.UTC(y, mo - 1, d, h, mi, sec, Number(fraction.padEnd(3, '0').slice(0, 3)));
  const date = new Date(local);
  // Date.UTC rolls 30 February (or month 13) over into the next month: no longer the date written.
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return Number.NaN;
  const offset = (sign === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  return local - offset;
}
