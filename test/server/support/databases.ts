import { inject } from 'vitest';
import { createDatabase } from './postgres-cluster.js';

/** The two back ends every storage test runs against. */
export const BACKENDS = ['pglite', 'postgres'] as const;
export type Backend = (typeof BACKENDS)[number];

/** Options for openDatabase/startServer: PGlite in memory, or a fresh database in the test cluster. */
export async function databaseFor(backend: Backend): Promise<{ databaseUrl?: string }> {
  return backend === 'postgres' ? { databaseUrl: await createDatabase(inject('postgresUrl')) } : {};
}
