import { csvLine, neutralisedCell } from '../core/spreadsheet-cell.js';
import type { AppContext } from './app-context.js';
import { breachItem } from './breach-json.js';
import { audit } from './storage/audit-log.js';
import { type BreachCursor, type BreachListFilter, classBreaches } from './storage/class-breaches.js';

export type ExportFormat = 'csv' | 'json';

const COLUMNS = ['pupil', 'time', 'site', 'category', 'tier', 'state'] as const;

/** A file name from a class id, which may hold any character but NUL. */
const fileSafe = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '_');

/**
 * A class's breaches (the caller has authorised the class) as CSV or JSON: pupil, local time, site,
 * category, tier, state. Every cell is neutralised against spreadsheet formulas and the URL is
 * escaped (no bidi or control character reaches the spreadsheet) but never cut. Audited with the
 * number of rows, once built.
 */
export async function classExport(
  ctx: AppContext,
  viewer: { schoolId: string; staffId: number; email: string },
  cls: { groupId: string; timeZone: string },
  filter: BreachListFilter,
  format: ExportFormat,
): Promise<{ body: string; contentType: string; fileName: string }> {
  const records: Record<(typeof COLUMNS)[number], string>[] = [];
  let after: BreachCursor | undefined;
  do {
    const page = await classBreaches(ctx.db, viewer.schoolId, cls.groupId, cls.timeZone, filter, { after, limit: 500 });
    for (const row of page.rows) {
      const item = breachItem(row, Number.POSITIVE_INFINITY);
      records.push({
        pupil: item.pupil.label,
        time: item.localTime,
        site: item.urlShown,
        category: item.categoryTitle,
        tier: item.tierLabel,
        state: item.state,
      });
    }
    after = page.next ?? undefined;
  } while (after);
  await audit(ctx.db, {
    schoolId: viewer.schoolId,
    actor: viewer,
    action: 'class-breaches.export',
    target: cls.groupId,
    detail: { format, rows: records.length },
  });
  const fileName = `breaches-${fileSafe(cls.groupId)}.${format}`;
  if (format === 'json') {
    const neutral = records.map((record) =>
      Object.fromEntries(Object.entries(record).map(([key, value]) => [key, neutralisedCell(value)])),
    );
    return { body: JSON.stringify(neutral), contentType: 'application/json; charset=utf-8', fileName };
  }
  // A byte-order mark, so spreadsheets read the file as UTF-8.
  const body = `\uFEFF${csvLine(COLUMNS)}${records.map((record) => csvLine(COLUMNS.map((key) => record[key]))).join('')}`;
  return { body, contentType: 'text/csv; charset=utf-8', fileName };
}
