import { MAX_YEAR_GROUP_LENGTH } from './class-fields.js';
import { checkDisplayText, quoted } from './display-text.js';
import { checkGroupId } from './group-id.js';
import { type KeyStage, readKeyStage } from './key-stages.js';
import { type ColumnMapping, checkMapping, guessMapping, type ImportField, missingColumns } from './roster-columns.js';
import { type CsvRow, type CsvTable, type ImportProblem, readRosterCsv } from './roster-csv.js';

/**
 * From a school's CSV and what the school already holds to the changes an import would make, or
 * every problem with its line. Pure: the server loads the state, and applies the plan in one
 * transaction after computing it again inside that transaction, so a plan never meets a state it
 * was not made for. The file is the MIS's truth for the people it lists; nobody it leaves out is
 * touched, so importing the pupils of one year group leaves the others alone.
 */

export type ImportRole = 'pupil' | 'teacher';
export const IMPORT_ROLES: readonly ImportRole[] = ['pupil', 'teacher'];

export interface ImportOptions {
  /** Column names or indexes per field; absent: guessed from the header. */
  mapping?: Partial<Record<ImportField, string | number>>;
  /** The role of rows without a role column (or with a blank role cell). */
  defaultRole: ImportRole;
  /** Whether a class the school does not have yet is created (true) or refused as unknown (false). */
  allowNewClasses: boolean;
}

/** What the school holds now, as far as an import can change it. */
export interface RosterState {
  classes: { id: string; archived: boolean; keyStage: KeyStage | null; yearGroup: string | null }[];
  /** This school's staff, every role. */
  staff: { email: string; displayName: string; role: string; classes: string[] }[];
  pupils: { email: string; displayName: string; groupId: string | null }[];
  /** Emails of the file that are staff accounts of another school (an email signs in to one school). */
  staffEmailsElsewhere: ReadonlySet<string>;
}

export interface ClassChange {
  id: string;
  /** Set only when the file names one (a blank cell keeps what the class has). */
  keyStage?: KeyStage;
  yearGroup?: string;
}
export interface TeacherChange {
  line: number;
  email: string;
  displayName: string;
  /** The classes they teach from now on; null: the file names none, so their classes stay as they are. */
  classes: string[] | null;
}
export interface PupilChange {
  line: number;
  email: string;
  displayName: string;
  /** null: the file names no class for them (a new pupil has none; a known one keeps theirs). */
  groupId: string | null;
}

export interface RosterPlan {
  rows: number;
  classes: { create: ClassChange[]; update: ClassChange[]; restore: string[] };
  teachers: { create: TeacherChange[]; update: TeacherChange[]; unchanged: number };
  pupils: { create: PupilChange[]; update: PupilChange[]; unchanged: number };
  /** Rows applied with a caveat (a DSL listed as a teacher keeps their role). */
  notes: ImportProblem[];
}

export interface ImportPreview {
  delimiter: string;
  header: string[];
  mapping: ColumnMapping;
  /** The first rows as read, for the preview page. */
  sample: CsvRow[];
}

/** Problems listed at most; the count says how many there were. */
export const MAX_LISTED_PROBLEMS = 200;

export type RosterImportPlan =
  | { ok: true; preview: ImportPreview; plan: RosterPlan }
  | { ok: false; preview: ImportPreview | null; problems: ImportProblem[]; problemCount: number };

const SAMPLE_ROWS = 10;
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

/** The whole import judged: read the file, map its columns, check every row against the rest and the school. */
export function planRosterImport(text: string, options: ImportOptions, state: RosterState): RosterImportPlan {
  const reading = readRosterCsv(text);
  if (!reading.ok) return failed(null, reading.problems);
  const { table } = reading;
  const mappingCheck = options.mapping ? checkMapping(table.header, options.mapping) : guessed(table.header);
  const preview: ImportPreview = {
    delimiter: table.delimiter,
    header: table.header,
    mapping: mappingCheck.ok ? mappingCheck.mapping : options.mapping ? {} : guessMapping(table.header),
    sample: table.rows.slice(0, SAMPLE_ROWS),
  };
  if (!mappingCheck.ok) return failed(preview, mappingCheck.problems);
  const result = judgeRows(table, mappingCheck.mapping, options, state);
  return result.problems.length > 0 ? failed(preview, result.problems) : { ok: true, preview, plan: result.plan };
}

/** The emails a file's rows name (lower-cased, as stored), so the server can ask which are taken elsewhere. */
export function emailsInFile(text: string, mapping: ImportOptions['mapping']): string[] {
  const reading = readRosterCsv(text);
  if (!reading.ok) return [];
  const check = mapping ? checkMapping(reading.table.header, mapping) : guessed(reading.table.header);
  const column = check.ok ? check.mapping.email : undefined;
  if (column === undefined) return [];
  return [...new Set(reading.table.rows.map((row) => (row.cells[column] ?? '').trim().toLowerCase()).filter(Boolean))];
}

function guessed(header: string[]) {
  const mapping = guessMapping(header);
  const problems = missingColumns(header, mapping);
  return problems.length > 0 ? { ok: false as const, problems } : { ok: true as const, mapping };
}

function failed(preview: ImportPreview | null, problems: ImportProblem[]): RosterImportPlan {
  const sorted = [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { ok: false, preview, problems: sorted.slice(0, MAX_LISTED_PROBLEMS), problemCount: problems.length };
}

interface PersonRow {
  line: number;
  role: ImportRole;
  email: string;
  displayName: string;
  groupId: string | null;
}

interface ClassInFile {
  id: string;
  line: number;
  keyStage?: { value: KeyStage; line: number };
  yearGroup?: { value: string; line: number };
}

function judgeRows(table: CsvTable, mapping: ColumnMapping, options: ImportOptions, state: RosterState) {
  const problems: ImportProblem[] = [];
  const people: PersonRow[] = [];
  const classesInFile = new Map<string, ClassInFile>();
  const knownClasses = new Map(state.classes.map((c) => [c.id, c]));
  // Ids that differ only in capitals are one class to a person and two to a device: refused.
  const spellings = new Map(state.classes.map((c) => [c.id.toLowerCase(), c.id]));
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
  checkAgainstSchool(teachers, pupils, state, problems);
  const plan = changes(table.rows.length, classesInFile, teachers, pupils, state, mapping.class !== undefined);
  return { problems, plan };
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

interface MergedTeacher {
  line: number;
  email: string;
  displayName: string;
  classes: Set<string>;
}

/** One entry per email: a teacher's rows add classes; a pupil's repeat must agree with the first. */
function mergePeople(people: PersonRow[], problems: ImportProblem[]) {
  const teachers = new Map<string, MergedTeacher>();
  const pupils = new Map<string, PupilChange>();
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

function checkAgainstSchool(
  teachers: Map<string, MergedTeacher>,
  pupils: Map<string, PupilChange>,
  state: RosterState,
  problems: ImportProblem[],
) {
  const staff = new Map(state.staff.map((s) => [s.email, s]));
  const knownPupils = new Set(state.pupils.map((p) => p.email));
  for (const pupil of pupils.values()) {
    const member = staff.get(pupil.email);
    if (member) problems.push({ line: pupil.line, reason: `${quoted(pupil.email)} is a staff account (${member.role}) here, not a pupil` });
  }
  for (const teacher of teachers.values()) {
    if (state.staffEmailsElsewhere.has(teacher.email)) {
      problems.push({
        line: teacher.line,
        reason: `${quoted(teacher.email)} already signs in to another school: a staff email belongs to one school`,
      });
    } else if (knownPupils.has(teacher.email)) {
      problems.push({ line: teacher.line, reason: `${quoted(teacher.email)} is a pupil here, not a teacher` });
    }
  }
}

function changes(
  rows: number,
  classesInFile: Map<string, ClassInFile>,
  teachers: Map<string, MergedTeacher>,
  pupils: Map<string, PupilChange>,
  state: RosterState,
  classColumn: boolean,
): RosterPlan {
  const plan: RosterPlan = {
    rows,
    classes: { create: [], update: [], restore: [] },
    teachers: { create: [], update: [], unchanged: 0 },
    pupils: { create: [], update: [], unchanged: 0 },
    notes: [],
  };
  const knownClasses = new Map(state.classes.map((c) => [c.id, c]));
  for (const found of classesInFile.values()) {
    const change: ClassChange = { id: found.id };
    if (found.keyStage) change.keyStage = found.keyStage.value;
    if (found.yearGroup) change.yearGroup = found.yearGroup.value;
    const known = knownClasses.get(found.id);
    if (!known) plan.classes.create.push(change);
    else {
      if (known.archived) plan.classes.restore.push(found.id);
      const differs = (change.keyStage && change.keyStage !== known.keyStage) || (change.yearGroup && change.yearGroup !== known.yearGroup);
      if (differs) plan.classes.update.push(change);
    }
  }

  const staff = new Map(state.staff.map((s) => [s.email, s]));
  for (const teacher of teachers.values()) {
    const classes = classColumn && teacher.classes.size > 0 ? [...teacher.classes].sort() : null;
    const change: TeacherChange = { line: teacher.line, email: teacher.email, displayName: teacher.displayName, classes };
    const member = staff.get(teacher.email);
    if (!member) plan.teachers.create.push(change);
    else if (member.role !== 'teacher') {
      plan.notes.push({ line: teacher.line, reason: `${quoted(teacher.email)} stays ${member.role}: the import changes teachers only` });
    } else {
      const sameClasses = classes === null || sameSet(classes, member.classes);
      if (member.displayName === teacher.displayName && sameClasses) plan.teachers.unchanged++;
      else plan.teachers.update.push(change);
    }
  }

  const knownPupils = new Map(state.pupils.map((p) => [p.email, p]));
  for (const pupil of pupils.values()) {
    const known = knownPupils.get(pupil.email);
    if (!known) plan.pupils.create.push(pupil);
    else if (known.displayName === pupil.displayName && (pupil.groupId === null || pupil.groupId === known.groupId))
      plan.pupils.unchanged++;
    else plan.pupils.update.push(pupil);
  }
  return plan;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === new Set(b).size && a.every((x) => b.includes(x));
