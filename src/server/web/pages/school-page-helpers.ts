import { KEY_STAGE_LABELS, KEY_STAGES } from '../../../core/key-stages.js';

/** What the school-structure templates share: links to a class (its id may hold "/" or spaces) and the key stages. */
export const schoolViewHelpers = {
  classHref: (id: string) => `/school/classes/${encodeURIComponent(id)}`,
  keyStages: KEY_STAGES.map((value) => ({ value, label: KEY_STAGE_LABELS[value] })),
  keyStageLabel: (value: string | null) => (value ? ((KEY_STAGE_LABELS as Record<string, string>)[value] ?? value) : '–'),
};

/** Every value a form sent under `name` (checkboxes repeat it), strings only, at most `max` of them. */
export function formFieldList(body: unknown, name: string, max = 500): string[] {
  if (typeof body !== 'object' || body === null || !Object.hasOwn(body, name)) return [];
  const value = (body as Record<string, unknown>)[name];
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v): v is string => typeof v === 'string' && v.length <= 100).slice(0, max);
}

/** A notice chosen by a key in the query string (never the query's own text on the page). */
export function noticeFrom(query: unknown, notices: Record<string, string>): string | undefined {
  const key = (query as Record<string, unknown> | undefined)?.notice;
  return typeof key === 'string' && Object.hasOwn(notices, key) ? notices[key] : undefined;
}
