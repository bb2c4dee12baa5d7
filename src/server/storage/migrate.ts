import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

/** Held until the end of the transaction that takes it. */
const TAKE_MIGRATION_LOCK = "SELECT pg_advisory_xact_lock(hashtext('safescreen-migrations'))";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** `NNN_name.sql` files in order; the number is the version. */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{3}_[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 3)), name: file.slice(4, -4), sql: readFileSync(`${dir}${file}`, 'utf8') }));
}

/**
 * Applies the migrations not yet applied, each in its own transaction. An advisory lock, taken
 * before anything else (the bookkeeping table too: two processes creating it at once collide on
 * PostgreSQL's catalogue), makes several server processes starting at once take turns, so each
 * migration runs exactly once.
 */
export async function runMigrations(db: Database, migrations = listMigrations()): Promise<number[]> {
  await db.transaction(async (tx) => {
    await tx.query(TAKE_MIGRATION_LOCK);
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
  });
  const applied: number[] = [];
  for (const migration of migrations) {
    const ran = await db.transaction(async (tx) => {
      await tx.query(TAKE_MIGRATION_LOCK);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (done.length > 0) return false;
      // Statements one by one: the extended protocol (used inside a transaction by both drivers)
      // takes one statement per call. Migration files keep one statement per `;`-terminated block.
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return applied;
}

/**
 * Splits on `;` at the end of a line, outside `$$` bodies. Enough for our own migration files,
 * which are reviewed SQL, not arbitrary input.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let inDollarBody = false;
  for (const line of sql.split('\n')) {
    if (/^\s*--/.test(line) && !inDollarBody) continue;
    current += `${line}\n`;
    if ((line.match(/\$\$/g)?.length ?? 0) % 2 === 1) inDollarBody = !inDollarBody;
    if (!inDollarBody && /;\s*$/.test(line)) {
      statements.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}
