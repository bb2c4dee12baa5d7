import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { auditTrail } from '../../src/server/storage/audit-log.js';
import { DashboardClient, redirectedTo } from './support/dashboard-client.js';
import { BACKENDS, databaseFor } from './support/databases.js';

const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'kettle orchard lantern';

/** The one-time link a page shows, as the path and query the server answers (the host is the request's). */
const linkOn = (page: string): string => {
  const url = /<code id="one-time-link">([^<]+)<\/code>/.exec(page)?.[1];
  if (!url) throw new Error('no one-time link on the page');
  const parsed = new URL(url.replaceAll('&amp;', '&'));
  return `${parsed.pathname}${parsed.search}`;
};

// Both back ends: the one-time links, the row locks that guard the last technician and the session ends are SQL of their own.
describe.each(BACKENDS)('the technician manages their school’s staff on %s', (backend) => {
  let server: RunningServer;
  let oak: string;
  let birch: string;
  let tech: DashboardClient;
  let techId: number;
  const inOak = (email: string, role: 'technician' | 'teacher' | 'dsl', displayName = email) =>
    server.createStaffUser({ schoolId: oak, email, role, password: PASSWORD, displayName });
  const signedIn = async (email: string, password = PASSWORD) => {
    const browser = new DashboardClient(server.app);
    expect((await browser.signIn(email, password)).statusCode, `${email} signs in`).toBe(303);
    return browser;
  };
  const staffIdOf = async (email: string) =>
    (await server.db.query<{ id: number }>('SELECT id::int AS id FROM staff_users WHERE email = $1', [email]))[0].id;
  /** Invites through the form; the page that shows the link. */
  const invite = async (fields: Record<string, string>) => {
    await tech.get('/staff/invite');
    return tech.post('/staff/invite', fields);
  };
  /** Opens a one-time link in a fresh browser and chooses a password with it. */
  const choosePassword = async (link: string, password = NEW_PASSWORD) => {
    const person = new DashboardClient(server.app);
    const page = await person.get(link);
    expect(page.statusCode).toBe(200);
    const token = new URLSearchParams(link.split('?')[1]).get('token') ?? '';
    return person.post('/choose-password', { token, newPassword: password, confirmPassword: password });
  };

  beforeAll(async () => {
    server = await startServer({ port: 0, retentionJob: false, signInsPerMinute: 1000, ...(await databaseFor(backend)) });
    oak = (await server.createSchool({ id: 'oak-primary', name: 'Oak Primary' })).schoolId;
    birch = (await server.createSchool({ id: 'birch-academy', name: 'Birch Academy' })).schoolId;
    techId = await inOak('tech@oak.test', 'technician', 'Sam Technician');
    await server.createStaffUser({ schoolId: birch, email: 'tech@birch.test', role: 'technician', password: PASSWORD });
    tech = await signedIn('tech@oak.test');
  });
  afterAll(() => server?.close());

  test('the staff list shows each person’s name, email, role, state and last sign-in, escaped', async () => {
    await inOak('odd@oak.test', 'teacher', '<img src=x onerror=alert(1)> Odd');
    const page = (await tech.get('/staff')).body;
    expect(page).toContain('Sam Technician');
    expect(page).toContain('tech@oak.test');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; Odd');
    expect(page).not.toContain('<img src=x');
    // Never signed in, then signed in: the date is the school's.
    expect(page).toMatch(/Never/);
    expect(page).toMatch(/\d{1,2} December 2026 at \d\d:\d\d/);
    // Another school's staff are not listed.
    expect(page).not.toContain('tech@birch.test');
  });

  test('an invitation shows a one-time link once; it opens "choose your password", and works only once', async () => {
    const answer = await invite({ displayName: 'Ada Patel', email: ' Ada.Patel@Oak.test ', role: 'teacher' });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.body).toContain('does not send emails yet');
    const link = linkOn(answer.body);
    expect(link).toMatch(/^\/choose-password\?token=ssl_/);
    const list = (await tech.get('/staff')).body;
    expect(list).toContain('ada.patel@oak.test');
    expect(list).toContain('Invited: has not chosen a password yet');
    // Invited, not yet able to sign in with anything.
    expect((await new DashboardClient(server.app).signIn('ada.patel@oak.test', '')).statusCode).toBe(400);

    const chosen = await choosePassword(link);
    expect(redirectedTo(chosen)).toBe('/signin?notice=password-set');
    await signedIn('ada.patel@oak.test', NEW_PASSWORD);
    // The same link again: refused, whether opened or posted.
    const again = new DashboardClient(server.app);
    const opened = await again.get(link);
    expect(opened.statusCode).toBe(410);
    expect(opened.body).toContain('already been used');
    const token = new URLSearchParams(link.split('?')[1]).get('token') ?? '';
    await again.get('/signin');
    const reposted = await again.post('/choose-password', {
      token,
      newPassword: 'another long password',
      confirmPassword: 'another long password',
    });
    expect(reposted.statusCode).toBe(410);
    await signedIn('ada.patel@oak.test', NEW_PASSWORD);
    const actions = (await auditTrail(server.db, oak)).map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(['staff.invite', 'password.set-by-link']));
  });

  test('an invitation with a bad field is refused with each reason and creates nothing', async () => {
    const bad = await invite({ displayName: 'Eve\u202Egnp.exe', email: 'not-an-email', role: 'headteacher' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('text-direction marks');
    expect(bad.body).toContain('Enter an email address like name@school.org.uk.');
    expect(bad.body).toContain('Choose a role from the list.');
    const taken = await invite({ displayName: 'Someone', email: 'tech@birch.test', role: 'teacher' });
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('already has a SafeScreen account');
    expect(await server.db.query("SELECT 1 FROM staff_users WHERE email IN ('not-an-email') OR display_name LIKE 'Eve%'")).toEqual([]);
  });

  test('a made-up link is refused without saying whose it might be', async () => {
    const stranger = new DashboardClient(server.app);
    expect((await stranger.get(`/choose-password?token=ssl_${'A'.repeat(43)}`)).statusCode).toBe(404);
    expect((await stranger.get('/choose-password?token=<script>')).statusCode).toBe(404);
    expect((await stranger.get('/choose-password')).statusCode).toBe(404);
  });

  test('changing a role is audited and applies at once', async () => {
    const staffId = await inOak('promoted@oak.test', 'teacher');
    const person = await signedIn('promoted@oak.test');
    expect((await person.get('/staff')).statusCode).toBe(403);
    await tech.get(`/staff/${staffId}`);
    expect(redirectedTo(await tech.post(`/staff/${staffId}/role`, { role: 'dsl' }))).toBe(`/staff/${staffId}?notice=role-changed`);
    expect((await tech.get(`/staff/${staffId}?notice=role-changed`)).body).toContain('Designated Safeguarding Lead');
    expect((await person.get('/account')).body).toContain('(Designated Safeguarding Lead)');
    expect((await tech.post(`/staff/${staffId}/role`, { role: 'pupil' })).statusCode).toBe(400);
    const entry = (await auditTrail(server.db, oak)).find((row) => row.action === 'staff.role-change');
    expect(entry).toMatchObject({ actor: 'tech@oak.test', target: `staff:${staffId}`, detail: { from: 'teacher', to: 'dsl' } });
  });

  test('disabling ends every session at once; enabling lets the password work again', async () => {
    const staffId = await inOak('leaver@oak.test', 'teacher');
    const laptop = await signedIn('leaver@oak.test');
    const { token } = (
      await server.app.inject({ method: 'POST', url: '/api/v1/staff/login', payload: { email: 'leaver@oak.test', password: PASSWORD } })
    ).json() as { token: string };
    await tech.get(`/staff/${staffId}`);
    expect(redirectedTo(await tech.post(`/staff/${staffId}/disable`, {}))).toBe(`/staff/${staffId}?notice=disabled`);
    expect((await laptop.get('/account')).statusCode).toBe(303);
    const summary = await server.app.inject({
      method: 'GET',
      url: '/api/v1/groups/Y4-Oak/summary',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(summary.statusCode).toBe(401);
    expect((await new DashboardClient(server.app).signIn('leaver@oak.test', PASSWORD)).statusCode).toBe(401);
    expect((await tech.get('/staff')).body).toContain('Disabled');

    expect(redirectedTo(await tech.post(`/staff/${staffId}/enable`, {}))).toBe(`/staff/${staffId}?notice=enabled`);
    await signedIn('leaver@oak.test');
    const actions = (await auditTrail(server.db, oak)).filter((row) => row.target === `staff:${staffId}`).map((row) => row.action);
    expect(actions).toEqual(['staff.disable', 'sign-in.failed', 'staff.enable']);
    const failed = (await auditTrail(server.db, oak)).find((row) => row.action === 'sign-in.failed' && row.target === `staff:${staffId}`);
    expect(failed?.detail.reason).toBe('account disabled');
  });

  test('a password reset stops the old password, ends the sessions and gives a new one-time link', async () => {
    const staffId = await inOak('forgetful@oak.test', 'dsl');
    const laptop = await signedIn('forgetful@oak.test');
    await tech.get(`/staff/${staffId}`);
    const answer = await tech.post(`/staff/${staffId}/reset`, {});
    expect(answer.statusCode).toBe(200);
    const link = linkOn(answer.body);
    expect((await laptop.get('/account')).statusCode).toBe(303);
    expect((await new DashboardClient(server.app).signIn('forgetful@oak.test', PASSWORD)).statusCode).toBe(401);
    expect(redirectedTo(await choosePassword(link))).toBe('/signin?notice=password-set');
    await signedIn('forgetful@oak.test', NEW_PASSWORD);
  });

  test('the last active technician cannot be disabled, demoted or reset, by themselves or anyone', async () => {
    for (const [action, fields] of [
      ['disable', {}],
      ['role', { role: 'teacher' }],
      ['reset', {}],
    ] as const) {
      await tech.get(`/staff/${techId}`);
      const refused = await tech.post(`/staff/${techId}/${action}`, fields);
      expect(refused.statusCode, action).toBe(409);
      expect(refused.body).toContain('only active technician');
    }
    // An invited technician who has not chosen a password does not count yet.
    const invited = await invite({ displayName: 'New Technician', email: 'new.tech@oak.test', role: 'technician' });
    await tech.get(`/staff/${techId}`);
    expect((await tech.post(`/staff/${techId}/disable`, {})).statusCode).toBe(409);
    // Once they have, either may step down, but not both.
    await choosePassword(linkOn(invited.body));
    const second = await signedIn('new.tech@oak.test', NEW_PASSWORD);
    await second.get(`/staff/${techId}`);
    expect(redirectedTo(await second.post(`/staff/${techId}/role`, { role: 'dsl' }))).toBe(`/staff/${techId}?notice=role-changed`);
    const newTechId = await staffIdOf('new.tech@oak.test');
    await second.get(`/staff/${newTechId}`);
    expect((await second.post(`/staff/${newTechId}/disable`, {})).statusCode).toBe(409);
    // Put things back for the other tests.
    expect((await second.post(`/staff/${techId}/role`, { role: 'technician' })).statusCode).toBe(303);
    expect((await tech.get('/staff')).statusCode).toBe(200);
  });

  test('a technician of another school cannot see or change this school’s staff by editing an id', async () => {
    const victim = await inOak('victim@oak.test', 'teacher');
    const intruder = await signedIn('tech@birch.test');
    expect((await intruder.get(`/staff/${victim}`)).statusCode).toBe(404);
    for (const [action, fields] of [
      ['disable', {}],
      ['enable', {}],
      ['role', { role: 'technician' }],
      ['reset', {}],
    ] as const) {
      await intruder.get('/staff');
      const answer = await intruder.post(`/staff/${victim}/${action}`, fields);
      expect(answer.statusCode, action).toBe(404);
      expect(answer.body).not.toContain('victim@oak.test');
    }
    for (const id of ['0', '-1', '1e3', 'abc', '99999999999999999999']) {
      expect((await intruder.get(`/staff/${id}`)).statusCode, id).toBe(404);
    }
    const [victimRow] = await server.db.query<{ role: string; disabled: boolean; hasPassword: boolean }>(
      'SELECT role, disabled_at IS NOT NULL AS disabled, password_hash IS NOT NULL AS "hasPassword" FROM staff_users WHERE id = $1',
      [victim],
    );
    expect(victimRow).toEqual({ role: 'teacher', disabled: false, hasPassword: true });
    await signedIn('victim@oak.test');
  });

  test('staff pages are for technicians only: others get the 403 page, and the refusal is audited', async () => {
    await inOak('teacher@oak.test', 'teacher');
    const teacher = await signedIn('teacher@oak.test');
    for (const path of ['/staff', '/staff/invite', `/staff/${techId}`]) {
      const answer = await teacher.get(path);
      expect(answer.statusCode, path).toBe(403);
      expect(answer.body).toContain('Not available to you');
    }
    await teacher.get('/account');
    expect((await teacher.post(`/staff/${techId}/disable`, {})).statusCode).toBe(403);
    const refused = (await auditTrail(server.db, oak)).filter((row) => row.action === 'access.refused' && row.actor === 'teacher@oak.test');
    expect(refused.map((row) => row.target)).toEqual(['/staff', '/staff/invite', `/staff/${techId}`, `/staff/${techId}/disable`]);
    // The teacher's menu has no Staff link.
    expect((await teacher.get('/account')).body).not.toContain('href="/staff"');
  });
});
