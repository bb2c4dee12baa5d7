import type { Queryable } from './database.js';
import { issueEnrolmentToken } from './enrolment-tokens.js';

export interface NewSchool {
  /** The id the managed policy's `schoolId` uses; made up when absent. */
  id?: string;
  name: string;
}

/** Creates a school and returns its enrolment token, which is shown only now (the hash is kept). */
export async function createSchool(db: Queryable, school: NewSchool): Promise<{ schoolId: string; enrollmentToken: string }> {
  const schoolId = school.id ?? `school-${crypto.randomUUID()}`;
  await db.query('INSERT INTO schools (id, name) VALUES ($1, $2)', [schoolId, school.name]);
  const { enrollmentToken } = await issueEnrolmentToken(db, schoolId);
  return { schoolId, enrollmentToken };
}

export async function schoolExists(db: Queryable, schoolId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM schools WHERE id = $1', [schoolId])).length > 0;
}
