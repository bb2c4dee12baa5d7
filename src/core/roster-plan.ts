import { quoted } from './display-text.js';
import type { KeyStage } from './key-stages.js';
import { type ColumnMapping, checkMapping, guessMapping, type ImportField, missingColumns } from './roster-columns.js';
import { type CsvRow, type CsvTable, type ImportProblem, readRosterCsv } from './roster-csv.js';
import { type ClassInFile, type MergedTeacher, type PupilRow, type RowRules, readRosterRows } from './roster-rows.js';

/**
 * From a school's CSV and what the school already holds to the changes an import would make, or
 * every problem with its line. Pure: the server loads the state, and applies the plan in one
 * transaction after computing it again inside that transaction, so a plan never meets a state it
 * was not made for. The file is the MIS's truth for the people it lists; nobody it leaves out is
 * touched, so importing the pupils of one year group leaves the others alone.
 */

export interface ImportOptions extends RowRules {
  /** Column names or indexes per field; absent: guessed from the header. */
  mapping?: Partial<Record<ImportField, string | number>>;
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
/** groupId null: the file names no class for them (a new pupil has none; a known one keeps theirs). */
export type PupilChange = PupilRow;

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

/** The whole import judged: read the file, map its columns, check every row against the rest and the school. */
export function planRosterImport(text: string, options: ImportOptions, state: RosterState): RosterImportPlan {
  const reading = readRosterCsv(text);
  if (!reading.ok) return failed(null, reading.problems);
  const { table } = reading;
  const mappingCheck = options.mapping ? checkMapping(table.header, options.mapping) : guessed(table.header);
  const preview: ImportPreview = {
    delimiter: table.delimiter,
    header: table.header,
    // A mapping with problems still shows the columns it did find, so the page keeps the technician's choices.
    mapping: mappingCheck.ok ? mappingCheck.mapping : resolvableColumns(table.header, options.mapping ?? guessMapping(table.header)),
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

function resolvableColumns(header: readonly string[], given: Partial<Record<ImportField, string | number>>): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const [field, column] of Object.entries(given) as [ImportField, string | number][]) {
    const index = typeof column === 'number' ? column : header.indexOf(column);
    if (index >= 0 && index < header.length) mapping[field] = index;
  }
  return mapping;
}

function guessed(header: string[]) {
  const mapping = guessMapping(header);
  const problems = missingColumns(header, mapping);
  return problems.length > 0 ? { ok: false as const, problems } : { ok: true as const, mapping };
}

function judgeRows(table: CsvTable, mapping: ColumnMapping, options: ImportOptions, state: RosterState) {
  const rows = readRosterRows(
    table,
    mapping,
    options,
    state.classes.map((c) => c.id),
  );
  const { problems, classesInFile, teachers, pupils } = rows;
  checkAgainstSchool(teachers, pupils, state, problems);
  const plan = changes(table.rows.length, classesInFile, teachers, pupils, state, mapping.class !== undefined);
  return { problems, plan };
}

function failed(preview: ImportPreview | null, problems: ImportProblem[]): RosterImportPlan {
  const sorted = [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { ok: false, preview, problems: sorted.slice(0, MAX_LISTED_PROBLEMS), problemCount: problems.length };
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
