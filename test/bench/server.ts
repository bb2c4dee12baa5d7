import type { BenchRow } from './report.js';
import { serverIngestBench } from './server-ingest.js';
import { serverQueryBench } from './server-query.js';

/** The reporting server's benchmarks: ingest throughput (PGlite, PostgreSQL) and dashboard query latency. */
export async function serverBench(): Promise<BenchRow[]> {
  return [...(await serverIngestBench()), ...(await serverQueryBench())];
}
