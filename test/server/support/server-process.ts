import { startServer } from '../../../src/server/start-server.js';
import { enrolDevice } from '../../../src/server/storage/devices.js';

/**
 * A reporting server in its own process, for the crash test: prints `{ url, credential }` on one
 * line when ready, then serves until killed.
 */
const server = await startServer({
  port: 0,
  dataDir: process.env.CRASH_DATA_DIR,
  databaseUrl: process.env.CRASH_DATABASE_URL,
  deviceBatchesPerMinute: 1_000_000,
  retentionJob: false,
});
const { schoolId } = await server.createSchool({ name: 'Crash' });
const { credential } = await enrolDevice(server.db, schoolId, 'crash-test');
process.stdout.write(`${JSON.stringify({ url: server.url, credential })}\n`);
