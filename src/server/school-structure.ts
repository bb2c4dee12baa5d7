import { type ClassFieldsInput, checkClassFields } from '../core/class-fields.js';
import { quoted } from '../core/display-text.js';
import { emailsInFile, type ImportOptions, planRosterImport, type RosterImportPlan, type RosterPlan } from '../core/roster-plan.js';
import { audit } from './storage/audit-log.js';
import {
  classSpelledOtherwise,
  findClass,
  insertClass,
  replaceClassTeachers,
  type SchoolClass,
  setClassArchived,
  teachersOfSchool,
  updateClassFields,
} from './storage/classes.js';
import type { Database, Queryable } from './storage/database.js';
import { applyRosterPlan, loadRosterState } from './storage/roster.js';

/**
 * The technician's changes to the school's structure, shared by the JSON API and the dashboard's
 * pages: each checked, written in one transaction with its audit entry, and always within the
 * actor's own school.
 */

export interface Actor {
  staffId: number;
  email: string;
  schoolId: string;
}

/** A refusal carries its HTTP status: 404 for a class not in the actor's school (another school's reads the same). */
export type StructureResult<T> = { ok: true; value: T } | { ok: false; status: 400 | 404 | 409; reason: string };

const refused = (status: 400 | 404 | 409, reason: string) => ({ ok: false, status, reason }) as const;
const NO_SUCH_CLASS = 'no such class in your school';

export async function createClass(db: Database, actor: Actor, input: ClassFieldsInput): Promise<StructureResult<SchoolClass>> {
  if (input.id === undefined) return refused(400, 'a class needs an id (the groupId the managed policy names)');
  const check = checkClassFields(input);
  if (!check.ok) return refused(400, check.reason);
  const fields = { ...check.fields, id: check.fields.id as string };
  return db.transaction(async (tx) => {
    const other = await classSpelledOtherwise(tx, actor.schoolId, fields.id);
    if (other) return refused(409, `the school has the class ${quoted(other)}, which differs only in capitals`);
    if (!(await insertClass(tx, actor.schoolId, fields))) return refused(409, `the school already has the class ${quoted(fields.id)}`);
    await audit(tx, { schoolId: actor.schoolId, actor, action: 'class.create', target: fields.id, detail: { ...fields } });
    return { ok: true, value: (await findClass(tx, actor.schoolId, fields.id)) as SchoolClass };
  });
}

export interface ClassUpdate extends Omit<ClassFieldsInput, 'id'> {
  archived?: boolean;
}

export async function updateClass(db: Database, actor: Actor, id: string, input: ClassUpdate): Promise<StructureResult<SchoolClass>> {
  const { archived, ...rest } = input;
  const check = checkClassFields(rest);
  if (!check.ok) return refused(400, check.reason);
  return db.transaction(async (tx) => {
    const before = await findClass(tx, actor.schoolId, id);
    if (!before) return refused(404, NO_SUCH_CLASS);
    await updateClassFields(tx, actor.schoolId, id, check.fields);
    const changed = Object.fromEntries(
      Object.entries(check.fields).filter(([key, value]) => before[key as keyof SchoolClass] !== value),
    ) as Record<string, unknown>;
    if (Object.keys(changed).length > 0)
      await audit(tx, { schoolId: actor.schoolId, actor, action: 'class.update', target: id, detail: changed });
    if (archived !== undefined && archived !== before.archived) {
      await setClassArchived(tx, actor.schoolId, id, archived);
      await audit(tx, { schoolId: actor.schoolId, actor, action: archived ? 'class.archive' : 'class.restore', target: id });
    }
    return { ok: true, value: (await findClass(tx, actor.schoolId, id)) as SchoolClass };
  });
}

/** Makes the class's teachers exactly these staff, every one a teacher of the actor's school. */
export async function setClassTeachers(
  db: Database,
  actor: Actor,
  id: string,
  staffIds: readonly number[],
): Promise<StructureResult<SchoolClass>> {
  const wanted = [...new Set(staffIds)];
  return db.transaction(async (tx) => {
    const before = await findClass(tx, actor.schoolId, id);
    if (!before) return refused(404, NO_SUCH_CLASS);
    const teachers = await teachersOfSchool(tx, actor.schoolId, wanted);
    const unknown = wanted.filter((staffId) => !teachers.some((t) => t.staffId === staffId));
    // Another school's staff id reads exactly like one that does not exist.
    if (unknown.length > 0) return refused(400, `not a teacher at your school: staff ${unknown.join(', ')}`);
    if (before.archived && wanted.length > 0) return refused(409, 'the class is archived: restore it before giving it teachers');
    const { added, removed } = await replaceClassTeachers(tx, actor.schoolId, id, wanted);
    if (added.length > 0 || removed.length > 0) {
      const email = (staffId: number) =>
        teachers.find((t) => t.staffId === staffId)?.email ?? before.teachers.find((t) => t.staffId === staffId)?.email;
      await audit(tx, {
        schoolId: actor.schoolId,
        actor,
        action: 'class.teachers',
        target: id,
        detail: { added: added.map(email), removed: removed.map(email) },
      });
    }
    return { ok: true, value: (await findClass(tx, actor.schoolId, id)) as SchoolClass };
  });
}

/** The import's plan or its problems, changing nothing. */
export async function previewRosterImport(
  db: Queryable,
  schoolId: string,
  text: string,
  options: ImportOptions,
): Promise<RosterImportPlan> {
  const state = await loadRosterState(db, schoolId, emailsInFile(text, options.mapping));
  return planRosterImport(text, options, state);
}

/**
 * Imports the file whole or not at all. The plan is made again inside the transaction, with the
 * school's row locked so two imports take turns: what the technician previewed may have changed
 * since, and a plan is only ever applied to the state it was made from.
 */
export async function applyRosterImport(
  db: Database,
  actor: Actor,
  text: string,
  options: ImportOptions,
  fileName?: string,
  /** More to do in the same transaction once imported (the dashboard deletes the stored upload). */
  onApplied?: (tx: Queryable) => Promise<void>,
): Promise<RosterImportPlan> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT id FROM schools WHERE id = $1 FOR UPDATE', [actor.schoolId]);
    const result = await previewRosterImport(tx, actor.schoolId, text, options);
    if (!result.ok) return result;
    await applyRosterPlan(tx, actor.schoolId, result.plan);
    await audit(tx, { schoolId: actor.schoolId, actor, action: 'roster.import', target: fileName, detail: importAuditDetail(result.plan) });
    await onApplied?.(tx);
    return result;
  });
}

/** What the audit keeps of an import: counts, class ids and teachers' emails; pupils are counted, not named. */
function importAuditDetail(plan: RosterPlan): Record<string, unknown> {
  return {
    rows: plan.rows,
    classesCreated: plan.classes.create.map((c) => c.id),
    classesUpdated: plan.classes.update.map((c) => c.id),
    classesRestored: plan.classes.restore,
    teachersCreated: plan.teachers.create.map((t) => t.email),
    teachersUpdated: plan.teachers.update.map((t) => t.email),
    pupilsCreated: plan.pupils.create.length,
    pupilsUpdated: plan.pupils.update.length,
    unchanged: plan.teachers.unchanged + plan.pupils.unchanged,
  };
}
