import type { BreachAction, BreachActionKind } from '../../core/breach-action.js';
import { audit } from './audit-log.js';
import type { Database, Queryable } from './database.js';

export interface StoredBreachAction {
  id: number;
  at: Date;
  actor: string;
  kind: BreachActionKind;
  payload: Record<string, unknown>;
}

/** A breach's actions, oldest first. */
export async function breachActions(db: Queryable, schoolId: string, breachId: string): Promise<StoredBreachAction[]> {
  return db.query<StoredBreachAction>(
    `SELECT id::int AS id, at, actor, kind, payload FROM breach_actions WHERE school_id = $1 AND breach_id = $2::uuid ORDER BY id`,
    [schoolId, breachId],
  );
}

/**
 * Appends an action (the caller has authorised it) and its audit entry in one transaction: no
 * action without its audit, no audit of an action that was not stored.
 */
export async function appendBreachAction(
  db: Database,
  entry: { schoolId: string; breachId: string; actor: { staffId: number; email: string }; action: BreachAction },
): Promise<StoredBreachAction> {
  return db.transaction(async (tx) => {
    const [stored] = await tx.query<StoredBreachAction>(
      `INSERT INTO breach_actions (school_id, breach_id, actor_staff_id, actor, kind, payload) VALUES ($1, $2::uuid, $3, $4, $5, $6::jsonb)
       RETURNING id::int AS id, at, actor, kind, payload`,
      [entry.schoolId, entry.breachId, entry.actor.staffId, entry.actor.email, entry.action.kind, JSON.stringify(entry.action.payload)],
    );
    // The kind only: the note's words and the parent's name stay in breach_actions, not in the audit detail.
    await audit(tx, {
      schoolId: entry.schoolId,
      actor: entry.actor,
      action: `breach.${entry.action.kind}`,
      target: entry.breachId,
      detail: { actionId: stored.id },
    });
    return stored;
  });
}
