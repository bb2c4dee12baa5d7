import type { Queryable } from './database.js';

export interface AuditEntry {
  schoolId: string | null;
  /**
   * The staff member, or null for the server itself (retention); staffId null for someone who is
   * not a known account (a failed sign-in with an email that names nobody).
   */
  actor: { staffId: number | null; email: string } | null;
  action: string;
  target?: string;
  detail?: Record<string, unknown>;
}

export async function audit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(
    'INSERT INTO audit_log (school_id, actor_staff_id, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5, $6::jsonb)',
    [
      entry.schoolId,
      entry.actor?.staffId ?? null,
      entry.actor?.email ?? 'system',
      entry.action,
      entry.target ?? null,
      JSON.stringify(entry.detail ?? {}),
    ],
  );
}

export interface AuditRow {
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
}

export async function auditTrail(db: Queryable, schoolId: string): Promise<AuditRow[]> {
  return db.query<AuditRow>('SELECT at, actor, action, target, detail FROM audit_log WHERE school_id = $1 ORDER BY id', [schoolId]);
}
