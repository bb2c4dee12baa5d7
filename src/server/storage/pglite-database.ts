import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { lockDataDirectory } from './data-directory-lock.js';
import type { Database, Queryable } from './database.js';
import { DURABLE_START_PARAMS, DurableNodeFS } from './durable-node-fs.js';

export interface PgliteChoice {
  /** Data directory on disk; undefined means in memory (tests that do not need persistence). */
  dataDir: string | undefined;
  /**
   * Flush each commit to the disk (fsync) before it is acknowledged, so a power cut loses nothing
   * acknowledged. Off, a killed process still loses nothing (the writes are in the operating
   * system's cache), but a power cut may lose recent commits or leave the cluster unreadable.
   */
  fsync: boolean;
}

/**
 * The embedded database: PostgreSQL in WebAssembly with its data directory on disk, nothing to
 * install. One connection; PGlite queues queries and holds other work back during a transaction.
 * One process per data directory: a second one is refused (see data-directory-lock.ts).
 */
export async function openPgliteDatabase({ dataDir, fsync }: PgliteChoice): Promise<Database> {
  let unlock = () => {};
  let db: PGlite;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDirectory(dataDir);
  }
  try {
    db =
      dataDir && fsync
        ? await PGlite.create({ fs: new DurableNodeFS(dataDir), startParams: DURABLE_START_PARAMS })
        : await PGlite.create(dataDir ?? 'memory://');
  } catch (error) {
    unlock();
    throw error;
  }
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
    async close() {
      try {
        await db.close();
      } finally {
        unlock();
      }
    },
  };
}
