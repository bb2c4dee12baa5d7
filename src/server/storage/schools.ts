import { hashSecret, newSecret } from '../secrets.js';
import type { Queryable } from './database.js';

export interface NewSchool {
  /** The id the managed policy's `schoolId` uses; made up when absent. */
  id?: string;
  name: string;
}

/** Creates a school and returns its enrolment token, which is shown only now (the hash is kept). */
export async function createSchool(db: Queryable, school: NewSchool): Promise<{ schoolId: string; enrollmentToken: string }> {
  const schoolId = school.id ?? `school-${crypto.randomUUID()}`;
  const enrollmentToken = newSecret('enrolment');
  await db.query('INSERT INTO schools (id, name, enrolment_token_hash) VALUES ($1, $2, $3)', [
    schoolId,
    school.name,
    hashSecret(enrollmentToken),
  ]);
  return { schoolId, enrollmentToken };
}

/** A new token for the school; devices already enrolled keep their credentials. */
export async function rotateEnrolmentToken(db: Queryable, schoolId: string): Promise<string | null> {
  const enrollmentToken = newSecret('enrolment');
  const rows = await db.query('UPDATE schools SET enrolment_token_hash = $2 WHERE id = $1 RETURNING id', [
    schoolId,
    hashSecret(enrollmentToken),
  ]);
  return rows.length > 0 ? enrollmentToken : null;
}

export async function schoolForEnrolmentToken(db: Queryable, token: string): Promise<string | null> {
  const rows = await db.query<{ id: string }>('SELECT id FROM schools WHERE enrolment_token_hash = $1', [hashSecret(token)]);
  return rows[0]?.id ?? null;
}

export async function schoolExists(db: Queryable, schoolId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM schools WHERE id = $1', [schoolId])).length > 0;
}
