import { quoted } from './display-text.js';
import type { ImportProblem } from './roster-csv.js';

/**
 * Which column of the school's file holds what. MIS exports name their columns differently ("Legal
 * Surname", "Reg Group", "E-mail Address"), so the mapping is guessed from the header and the
 * technician corrects it on the preview page; the import reads only mapped columns.
 */
export const IMPORT_FIELDS = ['name', 'firstName', 'lastName', 'email', 'class', 'role', 'keyStage', 'yearGroup'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Column index (0-based) per field; a field left out is not read. */
export type ColumnMapping = Partial<Record<ImportField, number>>;

/** What each field means, for the preview page and the API description. */
export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  name: 'Full name',
  firstName: 'First name (joined with the last name when there is no full name)',
  lastName: 'Last name',
  email: 'Email (required): the Google or Microsoft account the pupil or teacher signs in with',
  class: 'Class or year group id, as the managed policy’s groupId names it (e.g. Y4-Oak)',
  role: 'Role: pupil or teacher (without it, every row is the role chosen for the file)',
  keyStage: 'Key stage of the class: EYFS, KS1 … KS5',
  yearGroup: 'Year group of the class (e.g. Year 4)',
};

// Header names seen in real exports, compared without case, spaces or punctuation.
const HEADER_NAMES: Record<ImportField, string[]> = {
  name: ['name', 'fullname', 'displayname', 'pupilname', 'studentname', 'teachername', 'staffname', 'preferredname', 'pupil', 'student'],
  firstName: ['firstname', 'forename', 'preferredforename', 'legalforename', 'givenname', 'forenames', 'first'],
  lastName: ['lastname', 'surname', 'preferredsurname', 'legalsurname', 'familyname', 'last'],
  email: [
    'email',
    'emailaddress',
    'mail',
    'pupilemail',
    'studentemail',
    'staffemail',
    'teacheremail',
    'schoolemail',
    'workemail',
    'login',
    'username',
  ],
  class: [
    'class',
    'classid',
    'group',
    'groupid',
    'form',
    'formgroup',
    'reggroup',
    'registrationgroup',
    'tutorgroup',
    'regform',
    'classname',
  ],
  role: ['role', 'type', 'usertype', 'persontype', 'staffpupil'],
  keyStage: ['keystage', 'ks'],
  yearGroup: ['year', 'yeargroup', 'ncyear', 'yearofeducation', 'curriculumyear', 'yeartaughtin'],
};

const compact = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The mapping the header suggests: each field takes the first column whose name it knows. */
export function guessMapping(header: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const taken = new Set<number>();
  for (const field of IMPORT_FIELDS) {
    const index = header.findIndex((name, i) => !taken.has(i) && HEADER_NAMES[field].includes(compact(name)));
    if (index !== -1) {
      mapping[field] = index;
      taken.add(index);
    }
  }
  return mapping;
}

export type MappingCheck = { ok: true; mapping: ColumnMapping } | { ok: false; problems: ImportProblem[] };

/**
 * A mapping given by column names (the API) or indexes (the preview form), checked against the
 * header: every column exists, no column feeds two fields, and the fields the import needs are there.
 */
export function checkMapping(header: readonly string[], given: Partial<Record<ImportField, string | number>>): MappingCheck {
  const problems: ImportProblem[] = [];
  const mapping: ColumnMapping = {};
  const usedBy = new Map<number, ImportField>();
  for (const field of IMPORT_FIELDS) {
    const column = given[field];
    if (column === undefined || column === '') continue;
    const index = typeof column === 'number' ? column : header.indexOf(column);
    if (!Number.isInteger(index) || index < 0 || index >= header.length) {
      problems.push({ reason: `${field}: the file has no column ${typeof column === 'number' ? `number ${column + 1}` : quoted(column)}` });
      continue;
    }
    const other = usedBy.get(index);
    if (other) problems.push({ reason: `${field}: column ${quoted(header[index] ?? '')} is already mapped to ${other}` });
    usedBy.set(index, field);
    mapping[field] = index;
  }
  // A field given a column that is not there is reported above, not again as missing.
  const tried = Object.fromEntries(Object.keys(given).map((field) => [field, -1]));
  problems.push(...missingColumns(header, { ...tried, ...mapping }));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, mapping };
}

/** The required columns a mapping lacks: an email, and a name (full, or first and last). */
export function missingColumns(header: readonly string[], mapping: ColumnMapping): ImportProblem[] {
  const columns = header.map((name) => quoted(name)).join(', ');
  const problems: ImportProblem[] = [];
  if (mapping.email === undefined) problems.push({ line: 1, reason: `the file has no email column (its columns: ${columns})` });
  if (mapping.name === undefined && mapping.firstName === undefined && mapping.lastName === undefined) {
    problems.push({ line: 1, reason: `the file has no name column, nor first and last name columns (its columns: ${columns})` });
  }
  return problems;
}
