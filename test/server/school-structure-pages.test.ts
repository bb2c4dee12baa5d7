import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { auditTrail } from '../../src/server/storage/audit-log.js';
import { saveRosterUpload } from '../../src/server/storage/roster-uploads.js';
import { navFor } from '../../src/server/web/navigation.js';
import { DashboardClient, redirectedTo } from './support/dashboard-client.js';

const PASSWORD = 'correct horse battery';

/** Posts a file as a browser's multipart form does, with the client's cookies and CSRF token. */
async function upload(server: RunningServer, client: DashboardClient, csv: string | Buffer, fields: Record<string, string> = {}) {
  const boundary = '----safescreen-test-boundary';
  const parts = Object.entries({ _csrf: client.csrfToken, defaultRole: 'pupil', allowNewClasses: 'yes', ...fields }).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const payload = Buffer.concat([
    Buffer.from(parts.join('')),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="pupils.csv"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.isBuffer(csv) ? csv : Buffer.from(csv),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  return server.app.inject({
    method: 'POST',
    url: '/school/import',
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

const BAD = 'Name,Email,Class\r\nAnn Smith,ann@oak.test,Y4-Oak\r\n"<img src=x onerror=alert(1)>",bob@,Y4-Oak\r\n';
const GOOD = 'Name,Email,Class\r\nAnn Smith,ann@oak.test,Y4-Oak\r\n"<img src=x onerror=alert(1)>",bob@oak.test,Y4-Oak\r\n';

describe('the school-structure pages', () => {
  let server: RunningServer;
  let tech: DashboardClient;
  let teacherId: number;
  let elmTeacherId: number;

  beforeAll(async () => {
    server = await startServer({ port: 0, retentionJob: false });
    for (const schoolId of ['oak', 'elm']) {
      await server.createSchool({ id: schoolId, name: `${schoolId} Primary` });
      await server.createStaffUser({ schoolId, email: `tech@${schoolId}.test`, role: 'technician', password: PASSWORD });
    }
    teacherId = await server.createStaffUser({
      schoolId: 'oak',
      email: 'teacher@oak.test',
      role: 'teacher',
      password: PASSWORD,
      displayName: 'Ms Oak',
    });
    elmTeacherId = await server.createStaffUser({ schoolId: 'elm', email: 'teacher@elm.test', role: 'teacher', password: PASSWORD });
    tech = new DashboardClient(server.app);
    expect(redirectedTo(await tech.signIn('tech@oak.test', PASSWORD))).toBe('/school');
  });
  afterAll(() => server?.close());

  test("the school page shows the school's figures and the token's dates, and is the technician's alone", async () => {
    const page = await tech.get('/school');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Your school');
    expect(page.body).toMatch(/The current token was made on .* and\s+expires on/);
    expect(page.body).not.toMatch(/sse_/);
    const teacher = new DashboardClient(server.app);
    await teacher.signIn('teacher@oak.test', PASSWORD);
    for (const path of ['/school', '/school/classes', '/school/import']) expect((await teacher.get(path)).statusCode).toBe(403);
    expect(redirectedTo(await new DashboardClient(server.app).get('/school/classes'))).toBe('/signin?next=%2Fschool%2Fclasses');
  });

  test('a new enrolment token is shown once, in the answer to the form, never stored in a page after it', async () => {
    await tech.get('/school');
    expect((await tech.post('/school/enrolment-token/rotate', { expiresInDays: '30', _csrf: 'forged' })).statusCode).toBe(403);
    const shown = await tech.post('/school/enrolment-token/rotate', { expiresInDays: '30' });
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['cache-control']).toBe('no-store');
    const token = /value="(sse_[^"]+)"/.exec(shown.body)?.[1];
    expect(token).toBeDefined();
    expect((await tech.get('/school')).body).not.toContain(token);
    expect((await tech.post('/school/enrolment-token/rotate', { expiresInDays: '999' })).statusCode).toBe(400);
    expect((await auditTrail(server.db, 'oak')).filter((row) => row.action === 'enrolment-token.rotate')).toHaveLength(1);
  });

  test('a class is added from the form, a bad id is refused with the reason, and a name is shown as text', async () => {
    await tech.get('/school/classes');
    const refused = await tech.post('/school/classes', { id: 'x'.repeat(65), name: '' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Class id is longer than 64 characters.');
    const added = await tech.post('/school/classes', { id: 'Y4/Oak', name: '<b>Oak</b>', keyStage: 'KS2', yearGroup: 'Year 4' });
    expect(added.statusCode).toBe(303);
    expect(redirectedTo(added)).toBe('/school/classes/Y4%2FOak?notice=created');
    const page = await tech.get('/school/classes/Y4%2FOak');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('&lt;b&gt;Oak&lt;/b&gt;');
    expect(page.body).not.toContain('<b>Oak</b>');
  });

  test("teachers are given to a class by ticking them; another school's teacher is refused", async () => {
    await tech.get('/school/classes/Y4%2FOak');
    const refused = await tech.post('/school/classes/Y4%2FOak/teachers', { staffId: String(elmTeacherId) });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(`Not a teacher at your school: staff ${elmTeacherId}.`);
    const saved = await tech.post('/school/classes/Y4%2FOak/teachers', { staffId: String(teacherId) });
    expect(redirectedTo(saved)).toBe('/school/classes/Y4%2FOak?notice=teachers');
    expect((await tech.get('/school')).body).toMatch(/<td>Ms Oak<\/td>/);
    const elm = new DashboardClient(server.app);
    await elm.signIn('tech@elm.test', PASSWORD);
    expect((await elm.get('/school/classes/Y4%2FOak')).statusCode).toBe(404);
  });

  test('an upload with a bad row previews every problem with its line, escaped, and cannot be imported', async () => {
    await tech.get('/school/import');
    expect((await upload(server, tech, BAD, { _csrf: 'forged' })).statusCode).toBe(403);
    expect(await server.db.query('SELECT id FROM roster_uploads')).toEqual([]);
    const uploaded = await upload(server, tech, BAD);
    expect(uploaded.statusCode).toBe(303);
    const preview = await tech.get(redirectedTo(uploaded) as string);
    expect(preview.body).toContain('<strong>Line 3:</strong> email &quot;bob@&quot; is not an email address');
    expect(preview.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(preview.body).not.toContain('<img src=x');
    expect(preview.body).not.toContain('/apply"');
    // Applying anyway imports nothing.
    const forced = await tech.post(`${redirectedTo(uploaded)}/apply`, {});
    expect(forced.statusCode).toBe(409);
    expect(await server.db.query("SELECT email FROM pupils WHERE school_id = 'oak'")).toEqual([]);
  });

  test('the fixed file is previewed, its mapping can be changed, and it imports whole', async () => {
    await tech.get('/school/import');
    const uploaded = await upload(server, tech, Buffer.from(GOOD.replace('Ann Smith', 'Zo\u00eb Smith'), 'latin1'));
    const href = redirectedTo(uploaded) as string;
    const preview = await tech.get(href);
    expect(preview.body).toContain('Pupils: 2 new');
    expect(preview.body).toContain('Zoë Smith');
    // Another technician cannot open this upload, even knowing its address.
    const elm = new DashboardClient(server.app);
    await elm.signIn('tech@elm.test', PASSWORD);
    expect((await elm.get(href)).statusCode).toBe(404);
    // Unmapping the email column shows the problem; mapping it back shows the plan again.
    expect(redirectedTo(await tech.post(`${href}/options`, { 'column-name': '0', 'column-class': '2', allowNewClasses: 'yes' }))).toBe(
      href,
    );
    expect((await tech.get(href)).body).toContain('the file has no email column');
    await tech.post(`${href}/options`, { 'column-name': '0', 'column-email': '1', 'column-class': '2', allowNewClasses: 'yes' });
    await tech.get(href);
    const applied = await tech.post(`${href}/apply`, {});
    expect(redirectedTo(applied)).toBe('/school?notice=imported');
    expect(await server.db.query("SELECT email, display_name, group_id FROM pupils WHERE school_id = 'oak' ORDER BY email")).toEqual([
      { email: 'ann@oak.test', display_name: 'Zoë Smith', group_id: 'Y4-Oak' },
      { email: 'bob@oak.test', display_name: '<img src=x onerror=alert(1)>', group_id: 'Y4-Oak' },
    ]);
    // The upload held pupils' names: it is gone once imported.
    expect(await server.db.query('SELECT id FROM roster_uploads WHERE id = $1', [href.split('/').pop()])).toEqual([]);
    expect((await tech.get(href)).statusCode).toBe(404);
  });

  test('an upload never imported is deleted by the retention job once a day old', async () => {
    const [{ id: staffId }] = await server.db.query<{ id: number }>("SELECT id::int AS id FROM staff_users WHERE email = 'tech@oak.test'");
    const upload = {
      schoolId: 'oak',
      staffId,
      fileName: 'old.csv',
      csv: GOOD,
      options: { defaultRole: 'pupil' as const, allowNewClasses: true },
    };
    const old = await saveRosterUpload(server.db, { ...upload, now: new Date(Date.now() - 25 * 3_600_000) });
    const recent = await saveRosterUpload(server.db, { ...upload, now: new Date(Date.now() - 23 * 3_600_000) });
    await server.enforceRetention();
    const left = (await server.db.query<{ id: string }>('SELECT id FROM roster_uploads')).map((row) => row.id);
    expect(left).toContain(recent);
    expect(left).not.toContain(old);
  });

  test("the menu marks only the section a page is in: a class's page is in Classes, not also in Your school", () => {
    const current = (path: string) =>
      navFor('technician', path)
        .filter((link) => link.current)
        .map((link) => link.label);
    expect(current('/school')).toEqual(['Your school']);
    expect(current('/school/classes/Y4-Oak')).toEqual(['Classes']);
    expect(current('/school/import/2f7d1349-02b5-41cf-adf3-f6344c76edda')).toEqual(['Import']);
    expect(navFor('teacher', '/school').map((link) => link.label)).not.toContain('Your school');
  });

  test('a workbook instead of a CSV is refused at upload with what to do', async () => {
    await tech.get('/school/import');
    const answer: LightMyRequestResponse = await upload(server, tech, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('save it as &quot;CSV UTF-8 (comma delimited)&quot;');
  });
});
