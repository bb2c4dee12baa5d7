import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { ConfigError, parseServerConfig } from '../src/server/config.js';
import { rotateEnrolmentToken } from '../src/server/enrolment-token-rotation.js';
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from '../src/server/storage/enrolment-tokens.js';
import { openDatabase } from '../src/server/storage/open-database.js';
import { chromiumExtensionId, GECKO_ID } from './extension-manifest.js';

/**
 * `npm run school:rotate-token -- --school <id> [--expires-in-days N]`: a new enrolment token for
 * the school, printed once with the policy keys to paste. The old token is refused from now on;
 * enrolled devices keep their credentials. Uses the server's database settings (DATABASE_URL or
 * SAFESCREEN_DATA_DIR), as `npm start` does.
 */
const usage = `usage: npm run school:rotate-token -- --school <id> [--expires-in-days 1-${MAX_TOKEN_DAYS}, default ${DEFAULT_TOKEN_DAYS}]`;
const fail = (message: string): never => {
  console.error(message);
  process.exit(1);
};

let options: { school?: string; 'expires-in-days'?: string };
try {
  options = parseArgs({ options: { school: { type: 'string' }, 'expires-in-days': { type: 'string' } } }).values;
} catch (error) {
  options = fail(`${(error as Error).message}\n${usage}`);
}
const schoolId = options.school ?? fail(usage);
const daysText = options['expires-in-days'] ?? String(DEFAULT_TOKEN_DAYS);
const days = /^\d+$/.test(daysText) && Number(daysText) >= 1 && Number(daysText) <= MAX_TOKEN_DAYS ? Number(daysText) : fail(usage);

let config: ReturnType<typeof parseServerConfig>;
try {
  config = parseServerConfig(process.env);
} catch (error) {
  config = error instanceof ConfigError ? fail(error.message) : fail(String(error));
}
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir, poolSize: 1 });
let rotation: Awaited<ReturnType<typeof rotateEnrolmentToken>>;
try {
  rotation = await rotateEnrolmentToken(db, schoolId, { actor: null, via: `command line (${userInfo().username})` }, days);
} finally {
  await db.close();
}
if (!rotation) fail(`no school "${schoolId}" in this database`);
else {
  const id = chromiumExtensionId(JSON.parse(readFileSync('manifest.json', 'utf8')).key);
  console.log(`New enrolment token for "${schoolId}" (shown only now; valid until ${rotation.expiresAt}):
  ${rotation.enrollmentToken}

The old token is refused from now on. Devices already enrolled keep working; new devices enrol once
the policy has the new token. Change these keys in the managed policy (Chromium extension ${id};
Firefox policies.json "3rdparty" → "Extensions" → "${GECKO_ID}"):
  ${JSON.stringify(rotation.policy)}`);
}
