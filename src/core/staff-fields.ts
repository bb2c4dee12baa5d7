import { STAFF_ROLE_IDS, type StaffRoleId } from './staff-roles.js';

/**
 * What a technician (or the set-up command) may type for a member of staff, each answer in words
 * for the person typing. Names are shown on every page: control characters and bidirectional
 * overrides are refused, so a name cannot break a line or make text read backwards.
 */
export type FieldCheck<T> = { ok: true; value: T } | { ok: false; problem: string };

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$/;

export function checkEmail(input: string | null): FieldCheck<string> {
  const email = (input ?? '').trim().toLowerCase();
  if (!email) return { ok: false, problem: 'Enter an email address.' };
  if (email.length > 254 || !EMAIL.test(email) || UNSAFE_TEXT.test(email))
    return { ok: false, problem: 'Enter an email address like name@school.org.uk.' };
  return { ok: true, value: email };
}

export function checkDisplayName(input: string | null): FieldCheck<string> {
  const name = (input ?? '').trim().replace(/\s+/g, ' ');
  if (!name) return { ok: false, problem: 'Enter the person’s name, as colleagues know them.' };
  if ([...name].length > 100) return { ok: false, problem: 'Enter a name of at most 100 characters.' };
  if (UNSAFE_TEXT.test(name)) return { ok: false, problem: 'A name cannot contain control characters or text-direction marks.' };
  return { ok: true, value: name };
}

export function checkRole(input: string | null): FieldCheck<StaffRoleId> {
  return STAFF_ROLE_IDS.includes(input as StaffRoleId)
    ? { ok: true, value: input as StaffRoleId }
    : { ok: false, problem: 'Choose a role from the list.' };
}

/** A school's id as the managed policy's `schoolId` names it (the pattern of schools.id). */
export function checkSchoolId(input: string): FieldCheck<string> {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(input)
    ? { ok: true, value: input }
    : { ok: false, problem: 'a school id is 1 to 128 letters, digits, dots, dashes or underscores, starting with a letter or digit' };
}

/** "Oak Primary School" → "oak-primary-school": the id a school gets when none is given. */
export function schoolIdFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return slug || 'school';
}
