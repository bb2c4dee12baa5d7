import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerConfig } from './config.js';
import { addDemoBreaches } from './demo-breaches.js';
import type { RunningServer } from './start-server.js';
import { schoolExists } from './storage/schools.js';

export interface DemoSchool {
  schoolId: string;
  groupId: string;
  enrollmentToken: string;
  /** Only when the school was just made: the passwords are shown once, never stored in clear. */
  logins: { email: string; role: string; password: string }[];
}

const DEMO_ID = 'demo-school';

/**
 * Whether this start makes (or shows) the demo school: when asked (SAFESCREEN_DEMO=1), or by default
 * only on the embedded database outside production. A production start (DATABASE_URL set, or
 * NODE_ENV=production) never creates or prints demo logins unless asked.
 */
export function wantsDemoSchool(config: Pick<ServerConfig, 'demo' | 'databaseUrl'>, nodeEnv: string | undefined): boolean {
  if (config.demo !== 'auto') return config.demo === 'yes';
  return !config.databaseUrl && nodeEnv !== 'production';
}

/**
 * The demo school `npm start` makes on first run. The database keeps only hashes, so the token
 * is also written to `<dataDir>/demo-school.json` (local, git-ignored) for later runs to print the
 * policy; the passwords are returned once, when made, and never written down. A convenience for
 * trying SafeScreen out, never used for a real school. Undefined: the demo school exists but was
 * made elsewhere (another machine on the same PostgreSQL), so its token is not known here.
 */
export async function ensureDemoSchool(server: RunningServer, dataDir: string): Promise<DemoSchool | undefined> {
  const file = join(dataDir, 'demo-school.json');
  if (await schoolExists(server.db, DEMO_ID)) {
    if (!existsSync(file)) return undefined;
    const { logins: _shownWhenMade, ...demo } = JSON.parse(readFileSync(file, 'utf8')) as DemoSchool;
    return { ...demo, logins: [] };
  }
  const { schoolId, enrollmentToken } = await server.createSchool({ id: DEMO_ID, name: 'Demo Primary School' });
  const password = () => randomBytes(12).toString('base64url');
  const logins = [
    { email: 'technician@demo.school', role: 'technician' as const, password: password() },
    { email: 'dsl@demo.school', role: 'dsl' as const, password: password() },
    { email: 'teacher@demo.school', role: 'teacher' as const, password: password() },
  ];
  for (const login of logins) await server.createStaffUser({ schoolId, ...login, groups: login.role === 'teacher' ? ['Y4-Oak'] : [] });
  await addDemoBreaches(server.db, schoolId, new Date());
  const demo: DemoSchool = { schoolId, groupId: 'Y4-Oak', enrollmentToken, logins };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...demo, logins: [] }, null, 2)}\n`, { mode: 0o600 });
  return demo;
}
