import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { setUpSchool } from '../../src/server/school-setup.js';
import { startServer } from '../../src/server/start-server.js';
import { auditTrail } from '../../src/server/storage/audit-log.js';
import { checkEnrolmentToken } from '../../src/server/storage/enrolment-tokens.js';
import { openDatabase } from '../../src/server/storage/open-database.js';
import { DashboardClient, redirectedTo } from './support/dashboard-client.js';

/** `npm run school:create -- …`, run as npm runs it, against the embedded database in `dataDir`. */
function createSchoolCommand(dataDir: string, args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/create-school.ts', ...args], {
    env: { ...process.env, SAFESCREEN_DATA_DIR: dataDir, SAFESCREEN_EMBEDDED_FSYNC: 'off' },
    encoding: 'utf8',
  });
}

describe('npm run school:create', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'safescreen-school-create-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test('creates the school, its token and its technician, and prints a one-time link that works once', async () => {
    const run = createSchoolCommand(dataDir, [
      '--name',
      'Oak Primary',
      '--technician-email',
      'Sam.Jones@Oak.test',
      '--technician-name',
      'Sam Jones',
      '--time-zone',
      'Europe/London',
      '--base-url',
      'https://safescreen.oak.test',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('School "Oak Primary" created (id oak-primary, time zone Europe/London)');
    const link = /^\s+(https:\/\/safescreen\.oak\.test\/choose-password\?token=ssl_\S+)$/m.exec(run.stdout)?.[1] ?? '';
    const enrollmentToken = /^\s+(sse_\S+)$/m.exec(run.stdout)?.[1] ?? '';
    expect(link).not.toBe('');
    expect(run.stdout).toContain(JSON.stringify({ schoolId: 'oak-primary', enrollmentToken }));

    // The same id or the same email again: refused with the reason, nothing made.
    const again = createSchoolCommand(dataDir, [
      '--name',
      'Oak Primary',
      '--technician-email',
      'other@oak.test',
      '--technician-name',
      'Other',
    ]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('a school with the id "oak-primary" already exists');

    const server = await startServer({ port: 0, retentionJob: false, dataDir, embeddedFsync: false });
    try {
      expect(await checkEnrolmentToken(server.db, enrollmentToken)).toEqual({ ok: true, schoolId: 'oak-primary' });
      const [school] = await server.db.query('SELECT name, time_zone FROM schools');
      expect(school).toEqual({ name: 'Oak Primary', time_zone: 'Europe/London' });
      const path = new URL(link).pathname + new URL(link).search;
      const token = new URL(link).searchParams.get('token') ?? '';
      const technician = new DashboardClient(server.app);
      expect((await technician.get(path)).body).toContain('Sam Jones');
      const chosen = await technician.post('/choose-password', {
        token,
        newPassword: 'kettle orchard lantern',
        confirmPassword: 'kettle orchard lantern',
      });
      expect(redirectedTo(chosen)).toBe('/signin?notice=password-set');
      expect(redirectedTo(await technician.signIn('sam.jones@oak.test', 'kettle orchard lantern'))).toBe('/school');

      const thief = new DashboardClient(server.app);
      expect((await thief.get(path)).statusCode).toBe(410);
      await thief.get('/signin');
      const reused = await thief.post('/choose-password', {
        token,
        newPassword: 'stolen but long enough',
        confirmPassword: 'stolen but long enough',
      });
      expect(reused.statusCode).toBe(410);
      expect((await new DashboardClient(server.app).signIn('sam.jones@oak.test', 'stolen but long enough')).statusCode).toBe(401);
      const actions = (await auditTrail(server.db, 'oak-primary')).map((row) => row.action);
      expect(actions.slice(0, 3)).toEqual(['school.create', 'staff.invite', 'password.set-by-link']);
    } finally {
      await server.close();
    }
  });

  test('missing flags and a bad time zone are all reported at once, with the usage', () => {
    const run = createSchoolCommand(dataDir, ['--time-zone', 'Europe/Atlantis', '--technician-email', 'no-at-sign']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    for (const problem of [
      '--name is required',
      '--technician-name is required',
      '--technician-email: Enter an email address like name@school.org.uk.',
      '--time-zone: "Europe/Atlantis" is not a time zone name',
      'usage: npm run school:create',
    ]) {
      expect(run.stderr).toContain(problem);
    }
  });
});

describe('setting a school up', () => {
  test('a taken technician email leaves no school behind, and a bad id is refused', async () => {
    const db = await openDatabase({});
    try {
      const now = new Date();
      const first = await setUpSchool(db, { name: 'Ash Primary', technicianEmail: 'it@ash.test', technicianName: 'Ash IT' }, now, 'test');
      expect(first).toMatchObject({ ok: true, school: { schoolId: 'ash-primary', timeZone: 'Europe/London' } });
      const clash = await setUpSchool(db, { name: 'Elm Primary', technicianEmail: 'IT@ash.test', technicianName: 'Elm IT' }, now, 'test');
      expect(clash).toEqual({ ok: false, problems: ['--technician-email: it@ash.test already has a SafeScreen account'] });
      expect(await db.query("SELECT id FROM schools WHERE id = 'elm-primary'")).toEqual([]);
      const badId = await setUpSchool(
        db,
        { name: 'Elm Primary', id: '../elm', technicianEmail: 'it@elm.test', technicianName: 'Elm IT' },
        now,
        'test',
      );
      expect(badId.ok).toBe(false);
      expect(JSON.stringify(badId)).toContain('--id: a school id is 1 to 128 letters');
      const hostile = await setUpSchool(
        db,
        { name: 'Elm\u202E Primary', technicianEmail: 'it@elm.test', technicianName: 'Elm IT' },
        now,
        'test',
      );
      expect(JSON.stringify(hostile)).toContain('text-direction marks');
    } finally {
      await db.close();
    }
  });
});
