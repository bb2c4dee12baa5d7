import { parseIsoInstant } from '../core/iso-instant.js';
import { parsePupilKey } from '../core/pupil-label.js';
import type { BreachCursor, BreachListFilter } from './storage/class-breaches.js';

/** The breach list's filters and page positions as a query string carries them (the API and the pages alike). */
export type Filters = { pupil?: string; category?: string; from?: string; to?: string };

/** The list's filters from the query, or the reason they are not ones. */
export function readFilters(query: Filters): { ok: true; filter: BreachListFilter } | { ok: false; reason: string } {
  const filter: BreachListFilter = { category: query.category };
  if (query.pupil !== undefined) {
    const pupil = parsePupilKey(query.pupil);
    if (!pupil) return { ok: false, reason: 'pupil must be an email or device:<id>' };
    filter.pupil = pupil;
  }
  for (const name of ['from', 'to'] as const) {
    const value = query[name];
    if (value === undefined) continue;
    // The pattern has the shape; the calendar has the date (no 30 February).
    if (Number.isNaN(parseIsoInstant(`${value}T00:00:00Z`))) return { ok: false, reason: `${name} is not a date` };
    filter[name] = value;
  }
  if (filter.from && filter.to && filter.from > filter.to) return { ok: false, reason: 'from is after to' };
  return { ok: true, filter };
}

const CURSOR = /^(\d{1,15})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
export const encodeCursor = (cursor: BreachCursor) => `${Date.parse(cursor.occurredAt)}_${cursor.id}`;
export function decodeCursor(text: string): BreachCursor | null {
  const match = CURSOR.exec(text);
  return match ? { occurredAt: new Date(Number(match[1])).toISOString(), id: match[2] } : null;
}
