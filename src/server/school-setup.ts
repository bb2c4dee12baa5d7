import { isKnownTimeZone } from '../core/school-time.js';
import { checkDisplayName, checkEmail, checkSchoolId, schoolIdFromName } from '../core/staff-fields.js';
import { audit } from './storage/audit-log.js';
import type { Database } from './storage/database.js';
import { issueEnrolmentToken } from './storage/enrolment-tokens.js';
import { issueSignInLink } from './storage/sign-in-links.js';

export interface NewSchoolRequest {
  name?: string;
  id?: string;
  timeZone?: string;
  technicianEmail?: string;
  technicianName?: string;
}

export interface CreatedSchool {
  schoolId: string;
  name: string;
  timeZone: string;
  enrollmentToken: string;
  tokenExpiresAt: Date;
  technician: { staffId: number; email: string; displayName: string };
  link: { token: string; expiresAt: Date };
}

export type SchoolSetup = { ok: true; school: CreatedSchool } | { ok: false; problems: string[] };

/** Every problem with the request at once, each saying what was expected; the values when there are none. */
function checkRequest(request: NewSchoolRequest): { ok: true; value: Required<NewSchoolRequest> } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const name = checkDisplayName(request.name ?? null);
  if (!name.ok) problems.push(request.name ? `--name: ${name.problem}` : '--name is required (the school’s name, e.g. "Oak Primary")');
  const id = checkSchoolId(request.id ?? (name.ok ? schoolIdFromName(name.value) : 'school'));
  if (!id.ok) problems.push(`--id: ${id.problem}`);
  const timeZone = request.timeZone ?? 'Europe/London';
  if (!isKnownTimeZone(timeZone)) problems.push(`--time-zone: "${timeZone}" is not a time zone name such as Europe/London`);
  const email = checkEmail(request.technicianEmail ?? null);
  if (!email.ok) problems.push(request.technicianEmail ? `--technician-email: ${email.problem}` : '--technician-email is required');
  const technicianName = checkDisplayName(request.technicianName ?? null);
  if (!technicianName.ok)
    problems.push(request.technicianName ? `--technician-name: ${technicianName.problem}` : '--technician-name is required');
  if (!name.ok || !id.ok || !email.ok || !technicianName.ok || problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: { name: name.value, id: id.value, timeZone, technicianEmail: email.value, technicianName: technicianName.value },
  };
}

/**
 * A new school with its enrolment token and its first technician, who has no password yet but a
 * one-time link to choose one: all in one transaction, so a refused request (a taken id or email)
 * leaves nothing behind. The token and the link are returned only now; the database keeps hashes.
 */
export async function setUpSchool(db: Database, request: NewSchoolRequest, now: Date, via: string): Promise<SchoolSetup> {
  const checked = checkRequest(request);
  if (!checked.ok) return checked;
  const { name, id, timeZone, technicianEmail, technicianName } = checked.value;
  return db.transaction(async (tx): Promise<SchoolSetup> => {
    const problems: string[] = [];
    if ((await tx.query('SELECT 1 FROM schools WHERE id = $1', [id])).length > 0)
      problems.push(`--id: a school with the id "${id}" already exists (choose another with --id)`);
    if ((await tx.query('SELECT 1 FROM staff_users WHERE email = $1', [technicianEmail])).length > 0)
      problems.push(`--technician-email: ${technicianEmail} already has a SafeScreen account`);
    if (problems.length > 0) return { ok: false, problems };
    await tx.query('INSERT INTO schools (id, name, time_zone) VALUES ($1, $2, $3)', [id, name, timeZone]);
    const { enrollmentToken, expiresAt: tokenExpiresAt } = await issueEnrolmentToken(tx, id);
    const [{ staffId }] = await tx.query<{ staffId: number }>(
      'INSERT INTO staff_users (school_id, email, display_name, role, password_hash) VALUES ($1, $2, $3, \'technician\', NULL) RETURNING id::int AS "staffId"',
      [id, technicianEmail, technicianName],
    );
    const link = await issueSignInLink(tx, staffId, 'invite', now);
    await audit(tx, { schoolId: id, actor: null, action: 'school.create', target: `school:${id}`, detail: { via, timeZone } });
    await audit(tx, { schoolId: id, actor: null, action: 'staff.invite', target: `staff:${staffId}`, detail: { via, role: 'technician' } });
    return {
      ok: true,
      school: {
        schoolId: id,
        name,
        timeZone,
        enrollmentToken,
        tokenExpiresAt,
        technician: { staffId, email: technicianEmail, displayName: technicianName },
        link,
      },
    };
  });
}
