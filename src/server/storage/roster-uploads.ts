import type { ImportOptions } from '../../core/roster-plan.js';
import type { Queryable } from './database.js';

/** Uploads older than this are deleted by the retention job: they hold pupils' names. */
const UPLOAD_HOURS = 24;

export interface RosterUpload {
  id: string;
  fileName: string;
  csv: string;
  options: ImportOptions;
  createdAt: Date;
}

/** Deletes every school's uploads older than a day (the hourly retention job); how many went. */
export async function forgetStaleRosterUploads(db: Queryable, now: Date): Promise<number> {
  const rows = await db.query('DELETE FROM roster_uploads WHERE created_at < $1::timestamptz - make_interval(hours => $2) RETURNING id', [
    now,
    UPLOAD_HOURS,
  ]);
  return rows.length;
}

/** Keeps an uploaded file for its preview (and only until it is imported, or a day old). */
export async function saveRosterUpload(
  db: Queryable,
  upload: { schoolId: string; staffId: number; fileName: string; csv: string; options: ImportOptions; now: Date },
): Promise<string> {
  const id = crypto.randomUUID();
  await db.query(
    'INSERT INTO roster_uploads (id, school_id, staff_id, file_name, csv, options, created_at) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)',
    [id, upload.schoolId, upload.staffId, upload.fileName, upload.csv, JSON.stringify(upload.options), upload.now],
  );
  return id;
}

/** The upload, only for the technician of the school who made it (another's id reads as missing). */
export async function findRosterUpload(db: Queryable, schoolId: string, staffId: number, id: string): Promise<RosterUpload | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return null;
  const [row] = await db.query<RosterUpload>(
    `SELECT id, file_name AS "fileName", csv, options, created_at AS "createdAt" FROM roster_uploads
     WHERE id = $1 AND school_id = $2 AND staff_id = $3`,
    [id, schoolId, staffId],
  );
  return row ?? null;
}

export async function updateRosterUploadOptions(db: Queryable, schoolId: string, id: string, options: ImportOptions): Promise<void> {
  await db.query('UPDATE roster_uploads SET options = $3::jsonb WHERE id = $1 AND school_id = $2', [id, schoolId, JSON.stringify(options)]);
}

export async function deleteRosterUpload(db: Queryable, schoolId: string, id: string): Promise<void> {
  await db.query('DELETE FROM roster_uploads WHERE id = $1 AND school_id = $2', [id, schoolId]);
}
