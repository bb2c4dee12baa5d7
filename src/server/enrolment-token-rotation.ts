import { audit } from './storage/audit-log.js';
import type { Database } from './storage/database.js';
import { issueEnrolmentToken } from './storage/enrolment-tokens.js';
import { schoolExists } from './storage/schools.js';

export interface Rotation {
  enrollmentToken: string;
  expiresAt: string;
  /** The managed policy keys to change (the rest of the policy stays as it is). */
  policy: { schoolId: string; enrollmentToken: string };
}

/**
 * A new enrolment token for the school, the old one refused from now on, and an audit entry, in one
 * transaction. Shared by the technician's API route and `npm run school:rotate-token`.
 */
export async function rotateEnrolmentToken(
  db: Database,
  schoolId: string,
  who: { actor: { staffId: number; email: string } | null; via: string },
  days?: number,
): Promise<Rotation | null> {
  return db.transaction(async (tx) => {
    if (!(await schoolExists(tx, schoolId))) return null;
    const { enrollmentToken, expiresAt } = await issueEnrolmentToken(tx, schoolId, days);
    await audit(tx, {
      schoolId,
      actor: who.actor,
      action: 'enrolment-token.rotate',
      detail: { via: who.via, expiresAt: expiresAt.toISOString() },
    });
    return { enrollmentToken, expiresAt: expiresAt.toISOString(), policy: { schoolId, enrollmentToken } };
  });
}
