import { startServer } from '../../../src/server/start-server.js';
import { enrolDevice } from '../../../src/server/storage/devices.js';

/**
 * A reporting server in its own process, for the crash test and the ingest benchmark: makes a
 * school and a device (of group Y4-Oak), prints `{ url, credential }` on one line when ready, then serves until killed.
 */
const server = await startServer({
  port: 0,
  dataDir: process.env.SERVER_DATA_DIR,
  databaseUrl: process.env.SERVER_DATABASE_URL,
  embeddedFsync: process.env.SERVER_EMBEDDED_FSYNC !== 'off',
  // The load generator is one device: no rate limit or daily quota may stop it.
  deviceBatchesPerMinute: 1_000_000,
  recordsPerDevicePerDay: 1_000_000_000,
  bytesPerSchoolPerDay: Number.MAX_SAFE_INTEGER,
  retentionJob: false,
  logLevel: 'error',
});
const { schoolId } = await server.createSchool({ name: 'Child process school' });
// Enrolled for the group of the test records (support/breaches.ts), which it may then write.
const { credential } = await enrolDevice(server.db, schoolId, 'load-generator', 'Y4-Oak');
process.stdout.write(`${JSON.stringify({ url: server.url, credential })}\n`);
