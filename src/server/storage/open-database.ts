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
}

/** Opens the chosen database and brings its schema up to date (the same migrations for both). */
export async function openDatabase(choice: DatabaseChoice): Promise<Database> {
  const db = choice.databaseUrl
    ? await openPostgresDatabase(choice.databaseUrl, choice.poolSize ?? 10)
    : await openPgliteDatabase(choice.dataDir);
  try {
    await runMigrations(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
