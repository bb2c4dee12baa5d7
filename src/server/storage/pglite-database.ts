import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable } from './database.js';

/**
 * The embedded database: PostgreSQL in WebAssembly with its data directory on disk, nothing to
 * install. One connection; PGlite queues queries and holds other work back during a transaction.
 * `dataDir` undefined means in memory (tests that do not need persistence).
 */
export async function openPgliteDatabase(dataDir: string | undefined): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // relaxedDurability stays off: a query's promise resolves only after its writes reached the files,
  // so a breach batch acknowledged to a device survives the process being killed.
  const db = await PGlite.create(dataDir ?? 'memory://', { relaxedDurability: false });
  const wrap = (q: Pick<PGlite, 'query'>): Queryable => ({
    async query<Row>(sql: string, params?: unknown[]) {
      return (await q.query<Row>(sql, params)).rows;
    },
  });
  return {
    kind: 'pglite',
    ...wrap(db),
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    exec: async (sql) => void (await db.exec(sql)),
    close: () => db.close(),
  };
}
