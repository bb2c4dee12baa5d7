import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { auditTrail } from '../../src/server/storage/audit-log.js';
import { DashboardClient, redirectedTo } from './support/dashboard-client.js';

const PASSWORD = 'correct horse battery';
const EXACT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
const directives = (header: unknown) =>
  String(header)
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean);

/** A clock the test moves: sessions' idle and absolute expiry are read from ctx.now. */
const clock = { now: new Date('2026-12-02T09:00:00Z') };
const later = (minutes: number) => {
  clock.now = new Date(clock.now.getTime() + minutes * 60_000);
};

describe('dashboard sessions, sign-in and refusals', () => {
  let server: RunningServer;
  let schoolId: string;
  let log = '';
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      log += chunk;
      done();
    },
  });
  const addStaff = async (email: string, role: 'technician' | 'teacher' | 'dsl' = 'teacher', displayName = email) =>
    server.createStaffUser({ schoolId, email, role, password: PASSWORD, displayName });
  const apiLogIn = (email: string, password = PASSWORD, headers: Record<string, string> = {}) =>
    server.app.inject({ method: 'POST', url: '/api/v1/staff/login', payload: { email, password }, headers });
  const signedIn = async (email: string) => {
    const browser = new DashboardClient(server.app);
    expect((await browser.signIn(email, PASSWORD)).statusCode).toBe(303);
    return browser;
  };
  const actions = async () => (await auditTrail(server.db, schoolId)).map((row) => row.action);

  beforeAll(async () => {
    server = await startServer({
      port: 0,
      retentionJob: false,
      now: () => clock.now,
      logLevel: 'info',
      logStream,
      enrolmentsPerMinute: 2,
      signInsPerMinute: 1000,
    });
    ({ schoolId } = await server.createSchool({ id: 'oak-primary', name: 'Oak <Primary> & "Nursery"' }));
    await addStaff('tech@oak.test', 'technician', '<script>alert("tech")</script>');
  });
  afterAll(() => server?.close());

  test('every dashboard page carries exactly the CSP, with no unsafe- anywhere, and the stylesheet is served under it', async () => {
    const browser = await signedIn('tech@oak.test');
    for (const path of ['/signin', '/account', '/staff', '/staff/invite', '/no-such-page', '/static/dashboard.css']) {
      const answer = path === '/signin' ? await new DashboardClient(server.app).get(path) : await browser.get(path);
      expect(directives(answer.headers['content-security-policy']), path).toEqual(directives(EXACT_CSP));
      expect(String(answer.headers['content-security-policy'])).not.toContain('unsafe-');
      expect(answer.headers['x-frame-options'], path).toBe('SAMEORIGIN');
    }
    const css = await browser.get('/static/dashboard.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
  });

  test('pages have no inline script or style, so the CSP refuses nothing they need', async () => {
    const page = (await (await signedIn('tech@oak.test')).get('/account')).body;
    expect(page).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
  });

  test('the JSON API stays as it was: JSON errors, no dashboard headers, no form bodies', async () => {
    const missing = await server.app.inject({ method: 'GET', url: '/api/v1/no-such-route' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: 'not found' });
    const health = await server.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(health.headers['content-security-policy']).toBeUndefined();
    const form = await server.app.inject({
      method: 'POST',
      url: '/api/v1/staff/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=tech%40oak.test&password=${encodeURIComponent(PASSWORD)}`,
    });
    expect(form.statusCode).toBe(415);
  });

  test('"/" sends a signed-out person to sign in and a signed-in one to their home', async () => {
    const stranger = new DashboardClient(server.app);
    const answer = await stranger.get('/');
    expect(answer.statusCode).toBe(303);
    expect(redirectedTo(answer)).toBe('/signin');
    const browser = await signedIn('tech@oak.test');
    expect(redirectedTo(await browser.get('/'))).toBe('/school');
    await addStaff('home.teacher@oak.test');
    expect(redirectedTo(await (await signedIn('home.teacher@oak.test')).get('/'))).toBe('/classes');
    // A deep link comes back after sign-in, but only to a path on this site.
    expect(redirectedTo(await stranger.get('/account'))).toBe('/signin?next=%2Faccount');
    await stranger.get('/signin?next=%2Faccount');
    expect(redirectedTo(await stranger.post('/signin', { email: 'tech@oak.test', password: PASSWORD, next: '/account' }))).toBe('/account');
    const other = new DashboardClient(server.app);
    await other.get('/signin');
    expect(redirectedTo(await other.post('/signin', { email: 'tech@oak.test', password: PASSWORD, next: '//evil.test/' }))).toBe('/school');
  });

  test('names from the school and its staff render as inert text', async () => {
    const page = (await (await signedIn('tech@oak.test')).get('/account')).body;
    expect(page).toContain('&lt;script&gt;alert(&quot;tech&quot;)&lt;/script&gt;');
    expect(page).toContain('Oak &lt;Primary&gt; &amp; &quot;Nursery&quot;');
    expect(page).not.toContain('<script>alert');
  });

  test('every dashboard POST without a CSRF token, or with a forged one, is refused with 403 and changes nothing', async () => {
    // printRoutes draws a tree (`/school/classes` with `/:classId` under it): each path is its branch joined up.
    const branch: string[] = [];
    const routes = server.app
      .printRoutes({ method: 'POST', commonPrefix: false })
      .split('\n')
      .flatMap((line) => {
        const match = /^([│ ]*)[├└]── (\S+)( \(POST\))?/.exec(line);
        if (!match) return [];
        const depth = match[1].length / 4;
        branch.length = depth;
        branch[depth] = match[2];
        return match[3] ? [branch.join('')] : [];
      })
      .filter((path) => !path.startsWith('/api/'));
    expect(routes).toEqual(
      expect.arrayContaining([
        '/signin',
        '/signout',
        '/account/password',
        '/school/classes/:classId/teachers',
        '/school/import/:uploadId/apply',
        '/breaches/:breachId/actions',
      ]),
    );
    const browser = await signedIn('tech@oak.test');
    await browser.get('/account');
    const someoneElse = new DashboardClient(server.app);
    await someoneElse.get('/signin');
    for (const route of routes) {
      const url = route.replace(/:\w+/g, '1');
      const missing = await browser.post(url, { _csrf: undefined, email: 'tech@oak.test', password: PASSWORD });
      expect(missing.statusCode, `${url} without a token`).toBe(403);
      expect(missing.body).toContain('This form has expired');
      const forged = await browser.post(url, { _csrf: 'forged-token', email: 'tech@oak.test', password: PASSWORD });
      expect(forged.statusCode, `${url} with a forged token`).toBe(403);
      // A real token, but made for another browser's CSRF cookie.
      const borrowed = await browser.post(url, { _csrf: someoneElse.csrfToken, email: 'tech@oak.test', password: PASSWORD });
      expect(borrowed.statusCode, `${url} with another browser's token`).toBe(403);
    }
    // The forged sign-outs and session ends did nothing: the session still works.
    expect((await browser.get('/account')).statusCode).toBe(200);
    expect(await actions()).toContain('access.refused');
  });

  test('a session cookie kept after sign-out is refused', async () => {
    const browser = await signedIn('tech@oak.test');
    const stolen = browser.sessionCookie();
    // Back, after sign-out on a shared laptop, cannot show a signed-in page from the cache.
    expect((await browser.get('/account')).headers['cache-control']).toBe('no-store');
    const out = await browser.post('/signout', {});
    expect(redirectedTo(out)).toBe('/signin?notice=signed-out');
    expect(browser.sessionCookie()).toBeUndefined();
    const thief = new DashboardClient(server.app);
    thief.cookies.set('safescreen_session', stolen ?? '');
    const answer = await thief.get('/account');
    expect(answer.statusCode).toBe(303);
    expect(redirectedTo(answer)).toBe('/signin?notice=session-ended&next=%2Faccount');
    expect(await actions()).toContain('sign-out');
  });

  test('a cookie session is not a bearer token, nor the other way round', async () => {
    const browser = await signedIn('tech@oak.test');
    const asBearer = await server.app.inject({
      method: 'POST',
      url: '/api/v1/school/enrolment-token/rotate',
      headers: { authorization: `Bearer ${browser.sessionCookie()}` },
      payload: {},
    });
    expect(asBearer.statusCode).toBe(401);
    const { token } = (await apiLogIn('tech@oak.test')).json() as { token: string };
    const asCookie = new DashboardClient(server.app);
    asCookie.cookies.set('safescreen_session', token);
    expect((await asCookie.get('/account')).statusCode).toBe(303);
  });

  test("a disabled account's live cookie and bearer sessions stop working at once", async () => {
    const staffId = await addStaff('leaving@oak.test', 'technician');
    const browser = await signedIn('leaving@oak.test');
    const { token } = (await apiLogIn('leaving@oak.test')).json() as { token: string };
    const rotate = () =>
      server.app.inject({
        method: 'POST',
        url: '/api/v1/school/enrolment-token/rotate',
        headers: { authorization: `Bearer ${token}` },
        payload: {},
      });
    expect((await browser.get('/account')).statusCode).toBe(200);
    await server.db.query('UPDATE staff_users SET disabled_at = now() WHERE id = $1', [staffId]);
    expect(redirectedTo(await browser.get('/account'))).toBe('/signin?notice=session-ended&next=%2Faccount');
    expect((await rotate()).statusCode).toBe(401);
    // And signing in again is refused like a wrong password.
    expect((await new DashboardClient(server.app).signIn('leaving@oak.test', PASSWORD)).statusCode).toBe(401);
  });

  test('a session ends after the idle time without use, and at its absolute lifetime however busy', async () => {
    await addStaff('busy@oak.test');
    const idle = await signedIn('busy@oak.test');
    later(59);
    expect((await idle.get('/account')).statusCode).toBe(200);
    // Each use pushes the idle expiry on: another 59 minutes is still within it.
    later(59);
    expect((await idle.get('/account')).statusCode).toBe(200);
    later(61);
    const ended = await idle.get('/account');
    expect(redirectedTo(ended)).toBe('/signin?notice=session-ended&next=%2Faccount');
    expect((await idle.get(redirectedTo(ended) ?? '')).body).toContain('That session has ended. Sign in again to carry on.');

    const busy = await signedIn('busy@oak.test');
    const { token } = (await apiLogIn('busy@oak.test')).json() as { token: string };
    const bearer = () =>
      server.app.inject({ method: 'GET', url: '/api/v1/groups/Y4-Oak/summary', headers: { authorization: `Bearer ${token}` } });
    for (let hour = 1; hour < 12; hour += 1) {
      later(50);
      expect((await busy.get('/account')).statusCode, `after ${hour * 50} minutes`).toBe(200);
      expect((await bearer()).statusCode).not.toBe(401);
    }
    later(12 * 60 - 11 * 50 + 1);
    expect((await busy.get('/account')).statusCode).toBe(303);
    expect((await bearer()).statusCode).toBe(401);
  });

  test('an idle bearer token ends like an idle cookie', async () => {
    await addStaff('script@oak.test', 'dsl');
    const { token } = (await apiLogIn('script@oak.test')).json() as { token: string };
    const summary = () =>
      server.app.inject({ method: 'GET', url: '/api/v1/groups/Y4-Oak/summary', headers: { authorization: `Bearer ${token}` } });
    expect((await summary()).statusCode).toBe(200);
    later(61);
    expect((await summary()).statusCode).toBe(401);
  });

  test('five failed sign-ins pause that email for 15 minutes, even with the right password, and no other account', async () => {
    await addStaff('target@oak.test');
    await addStaff('colleague@oak.test');
    const attacker = new DashboardClient(server.app);
    await attacker.get('/signin');
    for (let i = 0; i < 5; i += 1) {
      const wrong = await attacker.post('/signin', { email: 'Target@oak.test', password: `guess ${i}` });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.body).toContain('That email and password do not match an account');
    }
    const locked = await attacker.post('/signin', { email: 'target@oak.test', password: PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect(locked.body).toContain('sign-in is paused for 15 minutes');
    expect((await apiLogIn('target@oak.test')).statusCode).toBe(429);
    // The colleague, from the same address, is not touched.
    expect((await new DashboardClient(server.app).signIn('colleague@oak.test', PASSWORD)).statusCode).toBe(303);

    // An email that names nobody is paused the same way: the pause says nothing about who exists.
    for (let i = 0; i < 5; i += 1) await attacker.post('/signin', { email: 'nobody@oak.test', password: `guess ${i}` });
    const nobody = await attacker.post('/signin', { email: 'nobody@oak.test', password: PASSWORD });
    expect(nobody.statusCode).toBe(429);
    expect(nobody.body.replace(/name="_csrf" value="[^"]+"|nobody@oak.test/g, '')).toBe(
      locked.body.replace(/name="_csrf" value="[^"]+"|target@oak.test/g, ''),
    );

    later(15);
    expect((await new DashboardClient(server.app).signIn('target@oak.test', PASSWORD)).statusCode).toBe(303);
    const trail = await auditTrail(server.db, schoolId);
    const aboutTarget = trail.filter((row) => row.actor === 'target@oak.test').map((row) => row.action);
    expect(aboutTarget.filter((action) => action === 'sign-in.failed')).toHaveLength(5);
    expect(aboutTarget).toEqual(expect.arrayContaining(['sign-in.locked', 'sign-in.refused-locked', 'sign-in']));
    expect(trail.find((row) => row.action === 'sign-in.failed' && row.actor === 'target@oak.test')?.detail).toEqual({
      address: '127.0.0.1',
      via: 'dashboard',
      reason: 'wrong password',
    });
  });

  test('failed enrolments from an address do not lock staff sign-in from it', async () => {
    for (let i = 0; i < 3; i += 1) {
      await server.app.inject({ method: 'POST', url: '/api/v1/devices/enrol', payload: { enrollmentToken: `sse_${'A'.repeat(43)}` } });
    }
    const enrol = await server.app.inject({
      method: 'POST',
      url: '/api/v1/devices/enrol',
      payload: { enrollmentToken: `sse_${'A'.repeat(43)}` },
    });
    expect(enrol.statusCode).toBe(429);
    expect((await new DashboardClient(server.app).signIn('tech@oak.test', PASSWORD)).statusCode).toBe(303);
    expect((await apiLogIn('tech@oak.test')).statusCode).toBe(200);
  });

  test('a 403 from the API to a signed-in teacher is audited against them, with the path and never the query', async () => {
    await addStaff('nosy@oak.test');
    const { token } = (await apiLogIn('nosy@oak.test')).json() as { token: string };
    const answer = await server.app.inject({
      method: 'POST',
      url: '/api/v1/school/enrolment-token/rotate?pupil=someone@pupils.test',
      headers: { authorization: `Bearer ${token}` },
      payload: {},
    });
    expect(answer.statusCode).toBe(403);
    const refused = (await auditTrail(server.db, schoolId)).filter(
      (row) => row.action === 'access.refused' && row.actor === 'nosy@oak.test',
    );
    expect(refused).toEqual([
      expect.objectContaining({ target: '/api/v1/school/enrolment-token/rotate', detail: { method: 'POST', role: 'teacher' } }),
    ]);
  });

  test('sign-in and sign-out are audited, and the request log holds neither emails nor passwords', async () => {
    await addStaff('private.person@oak.test');
    const browser = await signedIn('private.person@oak.test');
    await browser.get('/account');
    await browser.post('/signout', {});
    await new DashboardClient(server.app).signIn('private.person@oak.test', 'a wrong password');
    const mine = (await auditTrail(server.db, schoolId)).filter((row) => row.actor === 'private.person@oak.test').map((row) => row.action);
    expect(mine).toEqual(['sign-in', 'sign-out', 'sign-in.failed']);
    expect(log).toContain('/signin');
    expect(log).not.toContain('private.person');
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain('a wrong password');
  });

  test('the sessions page lists my live sessions, and ends only mine', async () => {
    await addStaff('two.laptops@oak.test');
    await addStaff('other.person@oak.test');
    const first = await signedIn('two.laptops@oak.test');
    const second = await signedIn('two.laptops@oak.test');
    const other = await signedIn('other.person@oak.test');
    const page = (await first.get('/account')).body;
    const ids = [...page.matchAll(/action="\/account\/sessions\/(\d+)\/end"/g)].map((match) => match[1]);
    expect(ids).toHaveLength(2);
    expect(page).toContain('Chrome on Linux');
    expect(page).toContain('this browser');
    // Someone else's session id ends nothing.
    const otherPage = (await other.get('/account')).body;
    const otherId = /action="\/account\/sessions\/(\d+)\/end"/.exec(otherPage)?.[1];
    expect((await first.post(`/account/sessions/${otherId}/end`, {})).statusCode).toBe(404);
    expect((await other.get('/account')).statusCode).toBe(200);
    // Ending the second laptop's session signs it out there.
    const rows = page.split('<tr>').filter((row) => row.includes('/account/sessions/'));
    const secondId = /sessions\/(\d+)\/end/.exec(rows.find((row) => !row.includes('this browser')) ?? '')?.[1];
    expect(secondId).toBeDefined();
    await first.get('/account');
    expect(redirectedTo(await first.post(`/account/sessions/${secondId}/end`, {}))).toBe('/account?notice=session-ended');
    expect((await second.get('/account')).statusCode).toBe(303);
    expect((await first.get('/account')).statusCode).toBe(200);
  });

  test('changing my password needs the current one, keeps this session and ends the others', async () => {
    await addStaff('changer@oak.test');
    const here = await signedIn('changer@oak.test');
    const elsewhere = await signedIn('changer@oak.test');
    await here.get('/account');
    const wrong = await here.post('/account/password', {
      currentPassword: 'not it',
      newPassword: 'kettle orchard lantern',
      confirmPassword: 'kettle orchard lantern',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Your current password is not right.');
    const short = await here.post('/account/password', { currentPassword: PASSWORD, newPassword: 'short', confirmPassword: 'short' });
    expect(short.body).toContain('at least 12 characters');
    const changed = await here.post('/account/password', {
      currentPassword: PASSWORD,
      newPassword: 'kettle orchard lantern',
      confirmPassword: 'kettle orchard lantern',
    });
    expect(redirectedTo(changed)).toBe('/account?notice=password-changed');
    expect((await here.get('/account')).statusCode).toBe(200);
    expect((await elsewhere.get('/account')).statusCode).toBe(303);
    expect((await new DashboardClient(server.app).signIn('changer@oak.test', PASSWORD)).statusCode).toBe(401);
    expect((await new DashboardClient(server.app).signIn('changer@oak.test', 'kettle orchard lantern')).statusCode).toBe(303);
    await here.get('/account');
    expect(redirectedTo(await here.post('/account/sessions/end-others', {}))).toBe('/account?notice=others-ended');
    expect((await here.get('/account')).body.match(/\/account\/sessions\/\d+\/end/g)).toHaveLength(1);
    expect(await actions()).toEqual(expect.arrayContaining(['password.change', 'session.end-others']));
  });
});

describe('sign-in limits per client address', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, retentionJob: false, signInsPerMinute: 3, enrolmentsPerMinute: 1000, trustProxy: 'loopback' });
    const { schoolId } = await server.createSchool({ id: 'ash-primary', name: 'Ash Primary' });
    await server.createStaffUser({ schoolId, email: 'dsl@ash.test', role: 'dsl', password: PASSWORD });
  });
  afterAll(() => server?.close());

  test("sign-ins have their own budget per address; behind a trusted proxy each client's address has its own", async () => {
    const from = (address: string) => new DashboardClient(server.app, { 'x-forwarded-for': address });
    const school = from('203.0.113.7');
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await school.signIn('dsl@ash.test', 'wrong password')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await school.signIn('dsl@ash.test', PASSWORD)).body).toContain('Too many sign-in attempts from this network');
    // Another client of the same proxy is not held up, nor enrolment from the first address.
    const second = await from('203.0.113.8').signIn('dsl@ash.test', PASSWORD);
    expect(second.statusCode).toBe(303);
    const enrol = await server.app.inject({
      method: 'POST',
      url: '/api/v1/devices/enrol',
      headers: { 'x-forwarded-for': '203.0.113.7' },
      payload: { enrollmentToken: `sse_${'A'.repeat(43)}` },
    });
    expect(enrol.statusCode).toBe(403);
    const api = await server.app.inject({
      method: 'POST',
      url: '/api/v1/staff/login',
      headers: { 'x-forwarded-for': '203.0.113.7' },
      payload: { email: 'dsl@ash.test', password: PASSWORD },
    });
    expect(api.statusCode).toBe(429);
  });
});
