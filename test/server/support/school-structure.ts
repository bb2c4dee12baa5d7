import type { RunningServer } from '../../../src/server/start-server.js';
import { startSession } from '../../../src/server/storage/staff-sessions.js';

const PASSWORD = 'correct horse battery';

/** Two schools with a technician, a DSL and a teacher each, and their bearer sessions. */
export async function twoSchools(server: RunningServer) {
  const tokens: Record<string, string> = {};
  const staffIds: Record<string, number> = {};
  for (const schoolId of ['oak', 'elm']) {
    await server.createSchool({ id: schoolId, name: `${schoolId} Primary` });
    for (const role of ['technician', 'dsl', 'teacher'] as const) {
      const email = `${role}@${schoolId}.test`;
      staffIds[email] = await server.createStaffUser({ schoolId, email, role, password: PASSWORD, displayName: `${role} of ${schoolId}` });
      // A bearer session as POST /api/v1/staff/login makes, without its per-address sign-in budget.
      const session = await startSession(server.db, {
        staffId: staffIds[email],
        kind: 'bearer',
        userAgent: 'school-structure test',
        now: new Date(),
        rules: { idleMinutes: 60, lifetimeHours: 12 },
      });
      tokens[email] = session.token;
    }
  }
  return { tokens, staffIds };
}

export interface Answer<T> {
  status: number;
  json: T;
}

/** One request through the app (no socket), as the staff member whose token is given. */
export async function call<T = Record<string, unknown>>(
  server: RunningServer,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  url: string,
  token: string | undefined,
  body?: unknown,
): Promise<Answer<T>> {
  const response = await server.app.inject({
    method,
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(body === undefined ? {} : { payload: body as object }),
  });
  return { status: response.statusCode, json: response.json() as T };
}
