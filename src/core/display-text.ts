/**
 * Names that staff read on screen (a pupil's, a teacher's, a class's). Control characters could
 * break a line or a CSV cell, and bidirectional controls can make "Bob" read as someone else's name
 * or reorder the text around it, so both are refused rather than silently dropped: the school
 * fixes the record in its MIS and the two agree again.
 */
export const MAX_DISPLAY_NAME_LENGTH = 200;

// C0, DEL and C1 controls; the bidi embeddings, overrides, isolates and marks (U+061C, U+200E/F,
// U+202A-E, U+2066-9).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this check's job
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const BIDI_ALL = new RegExp(BIDI.source, 'g');

export type DisplayTextCheck = { ok: true; value: string } | { ok: false; reason: string };

/** The trimmed name, or why it cannot be shown as one; `what` names it in the reason ("name"). */
export function checkDisplayText(value: string, what: string, maxLength = MAX_DISPLAY_NAME_LENGTH): DisplayTextCheck {
  const trimmed = value.trim();
  if (trimmed === '') return { ok: false, reason: `${what} is empty` };
  if (trimmed.length > maxLength) return { ok: false, reason: `${what} is longer than ${maxLength} characters (${trimmed.length})` };
  if (CONTROL.test(trimmed)) return { ok: false, reason: `${what} contains control characters` };
  if (BIDI.test(trimmed))
    return { ok: false, reason: `${what} contains a text-direction control (bidi override), which can disguise a name` };
  return { ok: true, value: trimmed };
}

/** A value quoted for a message: JSON-escaped, so controls show as \u…, and cut short. */
export function quoted(value: string, maxLength = 60): string {
  const cut = value.length > maxLength ? `${value.slice(0, maxLength)}…` : value;
  return JSON.stringify(cut).replace(BIDI_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
