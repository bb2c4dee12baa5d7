import { parseIsoInstant } from './iso-instant.js';

/**
 * What staff do about a breach, kept as an append-only list: a correction is a new entry, never an
 * edit. The breach's state follows from the list (breachState), so it cannot disagree with it.
 */
export const BREACH_ACTION_KINDS = ['acknowledge', 'note', 'parents_informed', 'escalate'] as const;
export type BreachActionKind = (typeof BREACH_ACTION_KINDS)[number];

export const PARENT_CONTACT_METHODS = ['telephone', 'email', 'in person', 'letter', 'other'] as const;

export const MAX_NOTE_LENGTH = 2000;
export const MAX_WHO_LENGTH = 200;

export type BreachAction =
  | { kind: 'acknowledge'; payload: Record<never, never> }
  | { kind: 'note'; payload: { text: string } }
  | { kind: 'parents_informed'; payload: { who: string; when: string; how: (typeof PARENT_CONTACT_METHODS)[number] } }
  | { kind: 'escalate'; payload: { reason: string } };

export type CheckedAction = { ok: true; action: BreachAction } | { ok: false; reason: string };

export type BreachState = 'new' | 'acknowledged' | 'escalated';

/** The body of an action, as the API and the pages' forms send it (flat, all strings). */
export const BREACH_ACTION_BODY_SCHEMA = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: BREACH_ACTION_KINDS },
    text: { type: 'string', maxLength: MAX_NOTE_LENGTH, description: 'note: the note' },
    who: { type: 'string', maxLength: MAX_WHO_LENGTH, description: 'parents_informed: who was told' },
    when: { type: 'string', maxLength: 40, description: 'parents_informed: when, an ISO 8601 instant' },
    how: { type: 'string', enum: PARENT_CONTACT_METHODS, description: 'parents_informed: how' },
    reason: { type: 'string', maxLength: MAX_NOTE_LENGTH, description: 'escalate: why the DSL should look at it' },
  },
  required: ['kind'],
  additionalProperties: false,
} as const;

/** A few minutes' clock difference between a teacher's laptop and the server is not the future. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Checks an action's fields: the text a kind needs, trimmed and present, without NUL (PostgreSQL
 * text cannot hold one); parents informed at a real instant, not before the breach nor in the future.
 */
export function checkBreachAction(fields: Record<string, unknown>, breachOccurredAt: Date, now: Date): CheckedAction {
  const text = (name: string, max: number): string | { reason: string } => {
    const value = fields[name];
    if (typeof value !== 'string' || value.trim() === '') return { reason: `${name} is required` };
    if (value.includes('\u0000')) return { reason: `${name} must not contain NUL` };
    if (Array.from(value).length > max) return { reason: `${name} must be at most ${max} characters` };
    return value.trim();
  };
  switch (fields.kind) {
    case 'acknowledge':
      return { ok: true, action: { kind: 'acknowledge', payload: {} } };
    case 'note': {
      const note = text('text', MAX_NOTE_LENGTH);
      return typeof note === 'string' ? { ok: true, action: { kind: 'note', payload: { text: note } } } : { ok: false, ...note };
    }
    case 'escalate': {
      const reason = text('reason', MAX_NOTE_LENGTH);
      return typeof reason === 'string'
        ? { ok: true, action: { kind: 'escalate', payload: { reason } } }
        : { ok: false, reason: reason.reason };
    }
    case 'parents_informed': {
      const who = text('who', MAX_WHO_LENGTH);
      if (typeof who !== 'string') return { ok: false, ...who };
      const how = PARENT_CONTACT_METHODS.find((method) => method === fields.how);
      if (!how) return { ok: false, reason: `how must be one of: ${PARENT_CONTACT_METHODS.join(', ')}` };
      const at = typeof fields.when === 'string' ? parseIsoInstant(fields.when) : Number.NaN;
      if (Number.isNaN(at)) return { ok: false, reason: 'when must be a date and time' };
      if (at > now.getTime() + CLOCK_SKEW_MS) return { ok: false, reason: 'when is in the future' };
      if (at < breachOccurredAt.getTime() - CLOCK_SKEW_MS) return { ok: false, reason: 'when is before the breach happened' };
      return { ok: true, action: { kind: 'parents_informed', payload: { who, when: new Date(at).toISOString(), how } } };
    }
    default:
      return { ok: false, reason: `kind must be one of: ${BREACH_ACTION_KINDS.join(', ')}` };
  }
}

/**
 * New until a member of staff acknowledges it or records that parents were informed (which means
 * they dealt with it); escalated, whatever else, once anyone escalates it. A note alone leaves the
 * state as it was: a note may be a question.
 */
export function breachState(kinds: Iterable<string>): BreachState {
  const seen = new Set(kinds);
  if (seen.has('escalate')) return 'escalated';
  if (seen.has('acknowledge') || seen.has('parents_informed')) return 'acknowledged';
  return 'new';
}
