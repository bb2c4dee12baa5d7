import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningServer } from './start-server.js';
import { schoolExists } from './storage/schools.js';

export interface DemoSchool {
  schoolId: string;
  groupId: string;
  enrollmentToken: string;
  logins: { email: string; role: string; password: string }[];
}

const DEMO_ID = 'demo-school';

/**
 * The demo school `npm start` makes on first run. The database keeps only hashes, so the token
 * and passwords are also written to `<dataDir>/demo-school.json` (local, git-ignored) for later
 * runs to print: a convenience for trying SafeScreen out, never used for a real school.
 */
export async function ensureDemoSchool(server: RunningServer, dataDir: string): Promise<DemoSchool> {
  const file = join(dataDir, 'demo-school.json');
  if (await schoolExists(server.db, DEMO_ID)) {
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DemoSchool;
    throw new Error(`the demo school exists but ${file} is gone: delete the data directory to start afresh`);
  }
  const { schoolId, enrollmentToken } = await server.createSchool({ id: DEMO_ID, name: 'Demo Primary School' });
  const password = () => randomBytes(12).toString('base64url');
  const logins = [
    { email: 'technician@demo.school', role: 'technician' as const, password: password() },
    { email: 'dsl@demo.school', role: 'dsl' as const, password: password() },
    { email: 'teacher@demo.school', role: 'teacher' as const, password: password() },
  ];
  for (const login of logins) await server.createStaffUser({ schoolId, ...login, groups: login.role === 'teacher' ? ['Y4-Oak'] : [] });
  const demo: DemoSchool = { schoolId, groupId: 'Y4-Oak', enrollmentToken, logins };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
  return demo;
}
