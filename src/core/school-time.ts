/**
 * Dates on staff pages, in the school's time zone and British English: "2 December 2026 at 07:35".
 * Intl knows the zones, so this runs in the server and any page alike.
 */
export function formatSchoolDateTime(date: Date | string | number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone }).format(new Date(date));
}

/** Whether `timeZone` is an IANA zone name Intl knows (Europe/London), so a school's setting can be checked. */
export function isKnownTimeZone(timeZone: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}
