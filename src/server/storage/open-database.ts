import type { Database } from './database.js';
import { runMigrations } from './migrate.js';
import { openPgliteDatabase } from './pglite-database.js';
import { openPostgresDatabase } from './postgres-database.js';

export interface DatabaseChoice {
  /** PostgreSQL connection string; when set, the embedded database is not used. */
  databaseUrl?: string;
  /** Embedded database directory; undefined (and no databaseUrl) means in memory. */
  dataDir?: string;
  poolSize?: number;
  /** Embedded database only: flush each commit to the disk (default true; see pglite-database.ts). */
  embeddedFsync?: boolean;
}

/** Opens the chosen database and brings its schema up to date (the same migrations for both). */
export async function openDatabase(choice: DatabaseChoice): Promise<Database> {
  const db = choice.databaseUrl
    ? await openPostgresDatabase(choice.databaseUrl, choice.poolSize ?? 10)
    : await openPgliteDatabase({ dataDir: choice.dataDir, fsync: choice.embeddedFsync ?? true });
  try {
    await runMigrations(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
