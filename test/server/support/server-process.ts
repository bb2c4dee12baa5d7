import { startServer } from '../../../src/server/start-server.js';
import { enrolDevice } from '../../../src/server/storage/devices.js';

/**
 * A reporting server in its own process, for the crash test and the ingest benchmark: makes a
 * school and a device, prints `{ url, credential }` on one line when ready, then serves until killed.
 */
const server = await startServer({
  port: 0,
  dataDir: process.env.SERVER_DATA_DIR,
  databaseUrl: process.env.SERVER_DATABASE_URL,
  embeddedFsync: process.env.SERVER_EMBEDDED_FSYNC !== 'off',
  deviceBatchesPerMinute: 1_000_000,
  retentionJob: false,
  logLevel: 'error',
});
const { schoolId } = await server.createSchool({ name: 'Child process school' });
const { credential } = await enrolDevice(server.db, schoolId, 'load-generator');
process.stdout.write(`${JSON.stringify({ url: server.url, credential })}\n`);
