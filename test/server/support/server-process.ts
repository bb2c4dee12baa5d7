import { parseServerConfig } from '../../../src/server/config.js';
import { startServer } from '../../../src/server/start-server.js';
import { enrolDevice } from '../../../src/server/storage/devices.js';

/**
 * A reporting server in its own process, for the crash, multi-process and soak tests and the ingest
 * benchmark. With SERVER_SETUP=load-generator (the default) it makes a school and LOAD_GENERATOR_DEVICES
 * devices (default 1, of group Y4-Oak) free of limits and prints `{ url, credential, credentials }`; with SERVER_SETUP=none it only serves, with
 * the limits the SAFESCREEN_* variables set, and prints `{ url }`. One line when ready, then serves until killed.
 */
const loadGenerator = (process.env.SERVER_SETUP ?? 'load-generator') === 'load-generator';
const server = await startServer({
  ...(loadGenerator
    ? {
        // The load generator is one device: no rate limit or daily quota may stop it.
        deviceBatchesPerMinute: 1_000_000,
        recordsPerDevicePerDay: 1_000_000_000,
        bytesPerSchoolPerDay: Number.MAX_SAFE_INTEGER,
      }
    : parseServerConfig(process.env)),
  port: 0,
  host: '127.0.0.1',
  dataDir: process.env.SERVER_DATA_DIR,
  databaseUrl: process.env.SERVER_DATABASE_URL,
  embeddedFsync: process.env.SERVER_EMBEDDED_FSYNC !== 'off',
  retentionJob: false,
  logLevel: 'error',
});
if (loadGenerator) {
  const { schoolId } = await server.createSchool({ name: 'Child process school' });
  // Enrolled for the group of the test records (support/breaches.ts), which they may then write.
  // A device sends one batch at a time, so a load of several connections is several devices.
  const devices = Number(process.env.LOAD_GENERATOR_DEVICES ?? 1);
  const credentials: string[] = [];
  for (let n = 0; n < devices; n++) credentials.push((await enrolDevice(server.db, schoolId, `load-generator-${n}`, 'Y4-Oak')).credential);
  process.stdout.write(`${JSON.stringify({ url: server.url, credential: credentials[0], credentials })}\n`);
} else {
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
}
