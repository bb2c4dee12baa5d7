import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, type StartServerOptions, startServer } from '../../../src/server/start-server.js';

/** A fresh embedded-database directory (the school:create command can run against it before the server starts). */
export const freshDataDir = (): string => mkdtempSync(join(tmpdir(), 'safescreen-dashboard-'));

export interface DashboardServer {
  server: RunningServer;
  url: string;
  dataDir: string;
  /** Stops the server and removes its data directory. */
  close(): Promise<void>;
}

/**
 * The reporting server on loopback (a free port) with an embedded database in `dataDir` (a fresh one
 * unless given), for the dashboard's browser tests. fsync is off: a test's data need not outlive a
 * power cut.
 */
export async function startDashboardServer(options: StartServerOptions & { dataDir?: string } = {}): Promise<DashboardServer> {
  const dataDir = options.dataDir ?? freshDataDir();
  const server = await startServer({ port: 0, host: '127.0.0.1', retentionJob: false, embeddedFsync: false, ...options, dataDir });
  return {
    server,
    url: server.url,
    dataDir,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
