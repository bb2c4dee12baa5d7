import { checkDisplayText } from './display-text.js';
import { checkGroupId } from './group-id.js';
import { KEY_STAGES, type KeyStage } from './key-stages.js';

/** The longest year group label ("Year 4", "Reception", "Upper Sixth"). */
export const MAX_YEAR_GROUP_LENGTH = 64;

/** A class's fields as a form or an API call gives them; `null` clears a key stage or a year group. */
export interface ClassFieldsInput {
  id?: unknown;
  name?: unknown;
  keyStage?: unknown;
  yearGroup?: unknown;
}

export interface ClassFields {
  id?: string;
  name?: string;
  keyStage?: KeyStage | null;
  yearGroup?: string | null;
}

export type ClassFieldsCheck = { ok: true; fields: ClassFields } | { ok: false; reason: string };

/**
 * Checks the fields present, the same way for the JSON API and the dashboard's forms. An empty
 * string clears a key stage or a year group (a form's "none"), as `null` does.
 */
export function checkClassFields(input: ClassFieldsInput): ClassFieldsCheck {
  const fields: ClassFields = {};
  if (input.id !== undefined) {
    const id = checkGroupId(input.id);
    if (!id.ok) return { ok: false, reason: id.reason };
    fields.id = id.groupId;
  }
  if (input.name !== undefined) {
    const name = typeof input.name === 'string' ? checkDisplayText(input.name, 'class name') : null;
    if (!name?.ok) return { ok: false, reason: name?.reason ?? 'class name must be text' };
    fields.name = name.value;
  }
  if (input.keyStage !== undefined) {
    if (input.keyStage === null || input.keyStage === '') fields.keyStage = null;
    else if ((KEY_STAGES as readonly unknown[]).includes(input.keyStage)) fields.keyStage = input.keyStage as KeyStage;
    else return { ok: false, reason: `key stage must be one of ${KEY_STAGES.join(', ')}` };
  }
  if (input.yearGroup !== undefined) {
    if (input.yearGroup === null || input.yearGroup === '') fields.yearGroup = null;
    else {
      const year = typeof input.yearGroup === 'string' ? checkDisplayText(input.yearGroup, 'year group', MAX_YEAR_GROUP_LENGTH) : null;
      if (!year?.ok) return { ok: false, reason: year?.reason ?? 'year group must be text' };
      fields.yearGroup = year.value;
    }
  }
  return { ok: true, fields };
}
