import pg from 'pg';
import type { Database, Queryable } from './database.js';

/** A real PostgreSQL server through a pool of `pg` connections, for trusts running several processes. */
export async function openPostgresDatabase(connectionString: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // An idle connection dropped by the server must not crash the process: the pool replaces it.
  pool.on('error', () => {});
  // Fail at start-up, with the server's own message, rather than at the first request.
  (await pool.connect()).release();
  const wrap = (q: Pick<pg.Pool | pg.PoolClient, 'query'>): Queryable => ({
    async query<Row>(sql: string, params?: unknown[]) {
      return (await q.query(sql, params)).rows as Row[];
    },
  });
  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    exec: async (sql) => void (await pool.query(sql)),
    close: () => pool.end(),
  };
}
