import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { ConfigError, parseServerConfig } from '../src/server/config.js';
import { setUpSchool } from '../src/server/school-setup.js';
import { DataDirectoryInUseError } from '../src/server/storage/data-directory-lock.js';
import { openDatabase } from '../src/server/storage/open-database.js';
import { SIGN_IN_LINK_HOURS, signInLinkUrl } from '../src/server/storage/sign-in-links.js';
import { chromiumExtensionId, GECKO_ID } from './extension-manifest.js';

/**
 * `npm run school:create -- --name "Oak Primary" --technician-email it@oak.sch.uk --technician-name "Sam Jones"
 *  [--id oak-primary] [--time-zone Europe/London] [--base-url https://safescreen.oak.sch.uk]`:
 * a school, its enrolment token and its first technician, made together or not at all. Prints the
 * token and the technician's one-time sign-in link once (the database keeps only hashes). Uses the
 * server's database settings (DATABASE_URL or SAFESCREEN_DATA_DIR), as `npm start` does; the
 * embedded database is opened by one process at a time, so run it while the server is stopped.
 */
const usage = `usage: npm run school:create -- --name "Oak Primary" --technician-email it@oak.sch.uk --technician-name "Sam Jones"
         [--id oak-primary] [--time-zone Europe/London] [--base-url https://safescreen.oak.sch.uk]`;
const fail = (message: string): never => {
  console.error(message);
  process.exit(1);
};

let options: Record<string, string | undefined>;
try {
  options = parseArgs({
    options: {
      name: { type: 'string' },
      id: { type: 'string' },
      'time-zone': { type: 'string' },
      'technician-email': { type: 'string' },
      'technician-name': { type: 'string' },
      'base-url': { type: 'string' },
    },
  }).values;
} catch (error) {
  options = fail(`${(error as Error).message}\n${usage}`);
}

let config: ReturnType<typeof parseServerConfig>;
try {
  config = parseServerConfig(process.env);
} catch (error) {
  config = error instanceof ConfigError ? fail(error.message) : fail(String(error));
}
const listening = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
const baseUrl = options['base-url'] ?? `http://${listening.includes(':') ? `[${listening}]` : listening}:${config.port}`;
if (!/^https?:\/\/[^/\s]+\/?$/.test(baseUrl))
  fail(`--base-url: expected the dashboard's address, e.g. https://safescreen.oak.sch.uk\n${usage}`);

let db: Awaited<ReturnType<typeof openDatabase>>;
try {
  db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir, poolSize: 1 });
} catch (error) {
  db = error instanceof DataDirectoryInUseError ? fail(error.message) : fail(String(error));
}
let setup: Awaited<ReturnType<typeof setUpSchool>>;
try {
  setup = await setUpSchool(
    db,
    {
      name: options.name,
      id: options.id,
      timeZone: options['time-zone'],
      technicianEmail: options['technician-email'],
      technicianName: options['technician-name'],
    },
    new Date(),
    `command line (${userInfo().username})`,
  );
} finally {
  await db.close();
}
if (!setup.ok) fail(`The school was not created:\n${setup.problems.map((problem) => `  - ${problem}`).join('\n')}\n${usage}`);
else {
  const { school } = setup;
  const id = chromiumExtensionId(JSON.parse(readFileSync('manifest.json', 'utf8')).key);
  console.log(`School "${school.name}" created (id ${school.schoolId}, time zone ${school.timeZone}).

First technician: ${school.technician.displayName} <${school.technician.email}>
  One-time sign-in link (shown only now; works once, for ${SIGN_IN_LINK_HOURS} hours; opens "Choose your password"):
  ${signInLinkUrl(baseUrl, school.link.token)}

Enrolment token (shown only now; valid until ${school.tokenExpiresAt.toISOString()}; rotate it with npm run school:rotate-token):
  ${school.enrollmentToken}
Managed policy keys for the extension (Chromium extension ${id}; Firefox "3rdparty" → "Extensions" → "${GECKO_ID}"):
  ${JSON.stringify({ schoolId: school.schoolId, enrollmentToken: school.enrollmentToken })}`);
}
