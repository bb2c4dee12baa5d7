import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, parseServerConfig } from '../src/server/config.js';
import { ensureDemoSchool, wantsDemoSchool } from '../src/server/demo-school.js';
import { startServer } from '../src/server/start-server.js';
import { DataDirectoryInUseError } from '../src/server/storage/data-directory-lock.js';
import { chromiumExtensionId, GECKO_ID } from './extension-manifest.js';

/**
 * `npm start` (after the build): the reporting server on 127.0.0.1:8787 with the embedded database
 * in .data/ (or as the SAFESCREEN_* / DATABASE_URL variables say), a demo school on first run (see
 * wantsDemoSchool), and how to point the built extension at it.
 */
let config: ReturnType<typeof parseServerConfig>;
try {
  config = parseServerConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
let server: Awaited<ReturnType<typeof startServer>>;
try {
  server = await startServer({ ...config, dataDir: config.databaseUrl ? undefined : config.dataDir });
} catch (error) {
  if (error instanceof DataDirectoryInUseError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
const url = config.host === '0.0.0.0' || config.host === '::' ? `http://127.0.0.1:${new URL(server.url).port}` : server.url;
console.log(`
SafeScreen reporting server: ${server.url}   (${config.databaseUrl ? 'PostgreSQL' : `embedded database in ${resolve(config.dataDir)}`})
  Dashboard: ${url}/   (staff sign in at ${url}/signin; a new school: npm run school:create)
  API:      ${url}/api/v1   (OpenAPI document: ${url}/api/v1/openapi.json)`);

const demo = wantsDemoSchool(config, process.env.NODE_ENV) ? await ensureDemoSchool(server, config.dataDir) : undefined;
if (demo) {
  const id = chromiumExtensionId(JSON.parse(readFileSync('manifest.json', 'utf8')).key);
  const policy = {
    reportingUrl: url,
    enrollmentToken: demo.enrollmentToken,
    schoolId: demo.schoolId,
    groupId: demo.groupId,
    profile: 'primary',
    blockedDomains: ['example-blocked.test'],
  };
  const logins =
    demo.logins.length > 0
      ? `  Demo staff logins (sign in at ${url}/signin, or POST ${url}/api/v1/staff/login; shown this once, write them down):
${demo.logins.map((login) => `    ${login.role.padEnd(10)} ${login.email}  ${login.password}`).join('\n')}`
      : `  Demo staff logins: shown once, on the start that made the demo school; to get new ones, stop the server
    and delete ${resolve(config.dataDir)} (a fresh demo school is made on the next start).`;
  console.log(`  Demo school "${demo.schoolId}", enrolment token: ${demo.enrollmentToken}
${logins}

The extension is built:
  Chromium: ${resolve('dist/chromium')}   (extension id ${id})
  Firefox:  ${resolve('dist/firefox')}    (add-on id ${GECKO_ID})

Point it at this server with a managed policy (as root), then load it:
  mkdir -p /etc/chromium/policies/managed
  echo '${JSON.stringify({ '3rdparty': { extensions: { [id]: policy } } })}' > /etc/chromium/policies/managed/safescreen.json
  chromium --load-extension=${resolve('dist/chromium')}
Firefox reads /etc/firefox/policies/policies.json at start-up:
  {"policies":{"3rdparty":{"Extensions":{"${GECKO_ID}":${JSON.stringify(policy)}}}}}
and loads the build from about:debugging → "Load Temporary Add-on…" → dist/firefox/manifest.json.`);
} else if (wantsDemoSchool(config, process.env.NODE_ENV)) {
  console.log('  The demo school exists in this database but was made on another machine: its token is not known here.');
}
console.log('\nBlocked pages are reported to this server. Ctrl+C stops it.\n');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
