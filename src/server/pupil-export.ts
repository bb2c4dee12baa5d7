import { Readable } from 'node:stream';
import type { Queryable } from './storage/database.js';
import { pupilBreachPages, pupilRosterEntry, pupilUnblockRequestPages } from './storage/subject-access.js';

/** Records handed to the connection so far (counted as each page goes), for the audit entry. */
export interface ExportProgress {
  breaches: number;
  unblockRequests: number;
}

/**
 * A subject access export as NDJSON (one JSON object a line), streamed page by page so memory stays
 * flat however many records a pupil has: `{"type":"export",…}` first, then `{"type":"pupil",…}` (name and
 * class, when the school's MIS import listed them), then one `breach` or
 * `unblockRequest` line per record, and last `{"type":"end","breaches":n,"unblockRequests":m}`.
 * A file without the end line is incomplete (the connection or the database failed mid-way).
 */
export function pupilExport(db: Queryable, schoolId: string, user: string, now: Date): { body: Readable; progress: ExportProgress } {
  const progress: ExportProgress = { breaches: 0, unblockRequests: 0 };
  async function* lines(): AsyncGenerator<string> {
    yield `${JSON.stringify({ type: 'export', user: user.toLowerCase(), schoolId, exportedAt: now.toISOString() })}\n`;
    const listed = await pupilRosterEntry(db, schoolId, user);
    if (listed) yield `${JSON.stringify({ type: 'pupil', ...listed })}\n`;
    for await (const page of pupilBreachPages(db, schoolId, user)) {
      progress.breaches += page.length;
      yield page.map((row) => `${JSON.stringify({ type: 'breach', ...row })}\n`).join('');
    }
    for await (const page of pupilUnblockRequestPages(db, schoolId, user)) {
      progress.unblockRequests += page.length;
      yield page.map((row) => `${JSON.stringify({ type: 'unblockRequest', ...row })}\n`).join('');
    }
    yield `${JSON.stringify({ type: 'end', ...progress })}\n`;
  }
  // Bytes, not objects: the stream asks for the next page only when the client has read the last.
  return { body: Readable.from(lines(), { objectMode: false }), progress };
}
