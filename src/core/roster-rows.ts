import { MAX_YEAR_GROUP_LENGTH } from './class-fields.js';
import { checkDisplayText, quoted } from './display-text.js';
import { checkGroupId } from './group-id.js';
import { type KeyStage, readKeyStage } from './key-stages.js';
import type { ColumnMapping, ImportField } from './roster-columns.js';
import type { CsvRow, CsvTable, ImportProblem } from './roster-csv.js';

/**
 * The rows of a school's file judged on their own and against each other: each cell checked, one
 * entry per email (a teacher's rows add up to their classes; a pupil's repeats must agree), and the
 * classes the file names with their key stage and year group. What the school already holds is
 * roster-plan.ts's business, apart from the class ids it knows (for capitals and unknown classes).
 */

export type ImportRole = 'pupil' | 'teacher';
export const IMPORT_ROLES: readonly ImportRole[] = ['pupil', 'teacher'];

export interface RowRules {
  /** The role of rows without a role column (or with a blank role cell). */
  defaultRole: ImportRole;
  /** Whether a class the school does not have yet may be named (true) or is refused as unknown (false). */
  allowNewClasses: boolean;
}

/** A pupil as the file gives them; `groupId` null when it names no class. */
export interface PupilRow {
  line: number;
  email: string;
  displayName: string;
  groupId: string | null;
}

const MAX_EMAIL_LENGTH = 254;
// The address shape browsers accept for <input type=email>, lower-cased first.
const EMAIL = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const ROLE_WORDS: Record<string, ImportRole> = {
  pupil: 'pupil',
  student: 'pupil',
  learner: 'pupil',
  teacher: 'teacher',
  staff: 'teacher',
  tutor: 'teacher',
  'form tutor': 'teacher',
  'class teacher': 'teacher',
};

interface PersonRow {
  line: number;
  role: ImportRole;
  email: string;
  displayName: string;
  groupId: string | null;
}

export interface ClassInFile {
  id: string;
  line: number;
  keyStage?: { value: KeyStage; line: number };
  yearGroup?: { value: string; line: number };
}

/** Every row's problems, or what the rows say once merged: the classes named, the teachers and the pupils. */
export function readRosterRows(table: CsvTable, mapping: ColumnMapping, options: RowRules, knownClassIds: readonly string[]) {
  const problems: ImportProblem[] = [];
  const people: PersonRow[] = [];
  const classesInFile = new Map<string, ClassInFile>();
  const knownClasses = new Set(knownClassIds);
  // Ids that differ only in capitals are one class to a person and two to a device: refused.
  const spellings = new Map(knownClassIds.map((id) => [id.toLowerCase(), id]));
  const cell = (row: CsvRow, field: ImportField) => {
    const index = mapping[field];
    return index === undefined ? '' : (row.cells[index] ?? '').trim();
  };

  for (const row of table.rows) {
    const problem = (reason: string) => problems.push({ line: row.line, reason });
    const before = problems.length;

    const rawEmail = cell(row, 'email');
    const email = rawEmail.toLowerCase();
    if (rawEmail === '') problem('no email');
    else if (email.length > MAX_EMAIL_LENGTH || !EMAIL.test(email)) problem(`email ${quoted(rawEmail)} is not an email address`);

    const fullName = cell(row, 'name') || [cell(row, 'firstName'), cell(row, 'lastName')].filter(Boolean).join(' ');
    const name = checkDisplayText(fullName, 'name');
    if (!name.ok) problem(fullName === '' ? 'no name' : `${name.reason}: ${quoted(fullName)}`);

    const roleCell = cell(row, 'role');
    const role = roleCell === '' ? options.defaultRole : ROLE_WORDS[roleCell.toLowerCase().replace(/\s+/g, ' ')];
    if (!role) problem(`role ${quoted(roleCell)} is neither pupil nor teacher`);

    let groupId: string | null = null;
    const classCell = cell(row, 'class');
    if (classCell !== '') {
      const check = checkGroupId(classCell);
      if (!check.ok) problem(`${check.reason}: ${quoted(classCell)}`);
      else {
        groupId = check.groupId;
        const spelt = spellings.get(groupId.toLowerCase());
        if (spelt !== undefined && spelt !== groupId) {
          problem(`class ${quoted(groupId)} differs from the class ${quoted(spelt)} only in capitals: use one spelling`);
        } else if (!knownClasses.has(groupId) && !options.allowNewClasses) {
          problem(`unknown class ${quoted(groupId)}: add it first, or allow the import to create classes`);
        } else {
          spellings.set(groupId.toLowerCase(), groupId);
          const known = classesInFile.get(groupId) ?? { id: groupId, line: row.line };
          classesInFile.set(groupId, known);
          classDetail(row, groupId, known, cell(row, 'keyStage'), cell(row, 'yearGroup'), problem);
        }
      }
    } else if (cell(row, 'keyStage') !== '' || cell(row, 'yearGroup') !== '') {
      problem('a key stage or year group needs a class on the same row');
    }

    if (problems.length === before && name.ok && role) {
      people.push({ line: row.line, role, email, displayName: name.value, groupId });
    }
  }

  const { teachers, pupils } = mergePeople(people, problems);
  return { problems, classesInFile, teachers, pupils };
}

function classDetail(
  row: CsvRow,
  groupId: string,
  known: ClassInFile,
  keyStageCell: string,
  yearGroupCell: string,
  problem: (reason: string) => void,
) {
  if (keyStageCell !== '') {
    const keyStage = readKeyStage(keyStageCell);
    if (!keyStage) problem(`key stage ${quoted(keyStageCell)} is not one of EYFS, KS1, KS2, KS3, KS4, KS5`);
    else if (known.keyStage && known.keyStage.value !== keyStage) {
      problem(`class ${quoted(groupId)} is ${keyStage} here but ${known.keyStage.value} on line ${known.keyStage.line}`);
    } else known.keyStage ??= { value: keyStage, line: row.line };
  }
  if (yearGroupCell !== '') {
    const yearGroup = checkDisplayText(yearGroupCell, 'year group', MAX_YEAR_GROUP_LENGTH);
    if (!yearGroup.ok) problem(`${yearGroup.reason}: ${quoted(yearGroupCell)}`);
    else if (known.yearGroup && known.yearGroup.value !== yearGroup.value) {
      problem(
        `class ${quoted(groupId)} is in ${quoted(yearGroup.value)} here but ${quoted(known.yearGroup.value)} on line ${known.yearGroup.line}`,
      );
    } else known.yearGroup ??= { value: yearGroup.value, line: row.line };
  }
}

export interface MergedTeacher {
  line: number;
  email: string;
  displayName: string;
  classes: Set<string>;
}

/** One entry per email: a teacher's rows add classes; a pupil's repeat must agree with the first. */
function mergePeople(people: PersonRow[], problems: ImportProblem[]) {
  const teachers = new Map<string, MergedTeacher>();
  const pupils = new Map<string, PupilRow>();
  for (const person of people) {
    const problem = (reason: string) => problems.push({ line: person.line, reason });
    const asTeacher = teachers.get(person.email);
    const asPupil = pupils.get(person.email);
    const first = asTeacher ?? asPupil;
    if (first && (asTeacher ? 'teacher' : 'pupil') !== person.role) {
      problem(`${quoted(person.email)} is a ${person.role} here but a ${asTeacher ? 'teacher' : 'pupil'} on line ${first.line}`);
    } else if (first && first.displayName !== person.displayName) {
      problem(`${quoted(person.email)} is named ${quoted(person.displayName)} here but ${quoted(first.displayName)} on line ${first.line}`);
    } else if (person.role === 'teacher') {
      const teacher = asTeacher ?? { line: person.line, email: person.email, displayName: person.displayName, classes: new Set() };
      if (person.groupId) teacher.classes.add(person.groupId);
      teachers.set(person.email, teacher);
    } else if (asPupil && asPupil.groupId !== person.groupId) {
      problem(
        `${quoted(person.email)} is in class ${quoted(person.groupId ?? '(none)')} here but ${quoted(asPupil.groupId ?? '(none)')} on line ${asPupil.line}; a pupil belongs to one class`,
      );
    } else if (!asPupil) {
      pupils.set(person.email, { line: person.line, email: person.email, displayName: person.displayName, groupId: person.groupId });
    }
  }
  return { teachers, pupils };
}
