import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { breachReference } from '../../src/core/breach-reference.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { breachActions } from '../../src/server/storage/breach-actions.js';
import { BreachPartitions, insertBreaches, type StorableBreach } from '../../src/server/storage/breaches.js';
import { DashboardClient, redirectedTo } from './support/dashboard-client.js';

/** A Wednesday in December: London is on GMT, so local times read as UTC. */
const NOW = new Date('2026-12-02T12:00:00Z');
const PASSWORD = 'correct horse battery';
const HOSTILE_URL = `https://evil.test/=HYPERLINK("http://x.test")/<script>alert(1)</script>/"><img src=x onerror=alert(1)>/\u202Egpj.exe/${'a'.repeat(10_240)}`;

const record = (id: string, overrides: Partial<StorableBreach>): StorableBreach => ({
  id,
  occurredAt: '2026-12-02T09:00:00Z',
  url: 'https://games.example.test/play',
  host: 'games.example.test',
  registrableDomain: 'example.test',
  category: 'games',
  ruleId: 'policy:categories',
  rulesVersion: 'builtin-7',
  resourceType: 'main_frame',
  count: 1,
  groupId: 'Y4-Oak',
  user: 'amy@oak.test',
  ...overrides,
});

describe('the teacher view pages', () => {
  let server: RunningServer;
  let teacher: DashboardClient;
  const ids = { plain: crypto.randomUUID(), hostile: crypto.randomUUID(), ash: crypto.randomUUID(), elm: crypto.randomUUID() };

  beforeAll(async () => {
    server = await startServer({ port: 0, retentionJob: false, now: () => NOW });
    for (const id of ['oak', 'elm']) await server.createSchool({ id, name: `${id} school` });
    await server.createStaffUser({ schoolId: 'oak', email: 'teacher@oak.test', role: 'teacher', password: PASSWORD, groups: ['Y4-Oak'] });
    await server.createStaffUser({ schoolId: 'oak', email: 'ash@oak.test', role: 'teacher', password: PASSWORD, groups: ['Y5-Ash'] });
    await server.createStaffUser({ schoolId: 'elm', email: 'teacher@elm.test', role: 'teacher', password: PASSWORD, groups: ['Y4-Oak'] });
    await server.db.query(
      `INSERT INTO pupils (school_id, email, display_name, group_id) VALUES ('oak', 'amy@oak.test', 'Amy <b>Jones</b>', 'Y4-Oak')`,
    );
    const partitions = new BreachPartitions();
    const device = { schoolId: 'oak', deviceId: crypto.randomUUID() };
    await insertBreaches(server.db, partitions, device, [
      record(ids.plain, {}),
      record(ids.hostile, { occurredAt: '2026-12-01T11:00:00Z', url: HOSTILE_URL, host: 'evil.test', registrableDomain: 'evil.test' }),
      record(ids.ash, { groupId: 'Y5-Ash', user: 'dan@oak.test' }),
    ]);
    await insertBreaches(server.db, partitions, { schoolId: 'elm', deviceId: crypto.randomUUID() }, [
      record(ids.elm, { user: 'eve@elm.test' }),
    ]);
    teacher = new DashboardClient(server.app);
    expect(redirectedTo(await teacher.signIn('teacher@oak.test', PASSWORD))).toBe('/classes');
  });
  afterAll(() => server?.close());

  test("\"My classes\" lists the teacher's classes only, with this week's and 30 days' counts", async () => {
    const page = await teacher.get('/classes');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>My classes</h1>');
    expect(page.body).toMatch(/<a href="\/classes\/Y4-Oak">Y4-Oak<\/a><\/th>\s*<td class="number">2<\/td>\s*<td class="number">2<\/td>/);
    expect(page.body).not.toContain('Y5-Ash');
  });

  test('the class page shows the chart as an image, its numbers in tables, and hostile text as inert text', async () => {
    const page = await teacher.get('/classes/Y4-Oak');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<img src="/classes/Y4-Oak/breaches-per-day.svg"');
    expect(page.body).toContain('2 breaches this week');
    expect(page.body).not.toMatch(/<script|<img src=x|onerror=alert|<b>Jones/);
    expect(page.body).toContain('Amy &lt;b&gt;Jones&lt;/b&gt;');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).not.toContain('\u202E');
    // No blocked address is ever a link.
    expect(page.body).not.toMatch(/href="https?:/);
    const chart = await teacher.get('/classes/Y4-Oak/breaches-per-day.svg');
    expect(chart.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(chart.body).toContain('<title>2026-12-02: 1</title>');
  });

  test("the breach's page says why it was blocked, with the address escaped and cut with its length", async () => {
    const page = await teacher.get(`/breaches/${ids.hostile}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Why was this blocked');
    expect(page.body).toContain('Online games (category list)');
    expect(page.body).toContain('builtin-7');
    expect(page.body).toContain('\\u202Egpj.exe');
    expect(page.body).toMatch(/characters in all\)/);
    expect(page.body).not.toMatch(/<script|<img src=x|href="https?:/);
  });

  test("another class's or another school's data is refused by any address", async () => {
    expect((await teacher.get('/classes/Y5-Ash')).statusCode).toBe(403);
    expect((await teacher.get('/classes/Y5-Ash/breaches-per-day.svg')).statusCode).toBe(403);
    expect((await teacher.get('/classes/Y5-Ash/export?format=csv')).statusCode).toBe(403);
    for (const id of [ids.ash, ids.elm, 'not-a-uuid']) {
      const page = await teacher.get(`/breaches/${id}`);
      expect(page.statusCode).toBe(404);
      expect(page.body).not.toMatch(/dan@oak|eve@elm/);
    }
    expect((await teacher.post(`/breaches/${ids.ash}/actions`, { kind: 'acknowledge' })).statusCode).toBe(404);
    expect(await breachActions(server.db, 'oak', ids.ash)).toEqual([]);
    const elm = new DashboardClient(server.app);
    await elm.signIn('teacher@elm.test', PASSWORD);
    expect((await elm.get('/classes/Y4-Oak')).body).not.toContain('evil.test');
  });

  test("acting needs the form's CSRF token; each action redirects to the breach, which shows it", async () => {
    await teacher.get(`/breaches/${ids.plain}`);
    expect((await teacher.post(`/breaches/${ids.plain}/actions`, { kind: 'acknowledge', _csrf: 'forged' })).statusCode).toBe(403);
    expect((await teacher.post(`/breaches/${ids.plain}/actions`, { kind: 'acknowledge', _csrf: undefined })).statusCode).toBe(403);
    expect(await breachActions(server.db, 'oak', ids.plain)).toEqual([]);

    const acknowledged = await teacher.post(`/breaches/${ids.plain}/actions`, { kind: 'acknowledge' });
    expect([acknowledged.statusCode, redirectedTo(acknowledged)]).toEqual([303, `/breaches/${ids.plain}?notice=acknowledge`]);
    await teacher.get(`/breaches/${ids.plain}`);
    expect((await teacher.post(`/breaches/${ids.plain}/actions`, { kind: 'note', text: 'Talked with Amy' })).statusCode).toBe(303);
    await teacher.get(`/breaches/${ids.plain}`);
    const informed = await teacher.post(`/breaches/${ids.plain}/actions`, {
      kind: 'parents_informed',
      who: 'Mr Jones',
      when: '2026-12-02T11:15',
      how: 'telephone',
    });
    expect(informed.statusCode).toBe(303);
    await teacher.get(`/breaches/${ids.plain}`);
    const missing = await teacher.post(`/breaches/${ids.plain}/actions`, { kind: 'escalate', reason: '  ' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Say why the DSL should look at this.');
    expect((await teacher.post(`/breaches/${ids.plain}/actions`, { kind: 'escalate', reason: 'Repeated' })).statusCode).toBe(303);
    const page = await teacher.get(`/breaches/${ids.plain}?notice=escalate`);
    expect(page.body).toContain('This breach is escalated to the DSL.');
    expect(page.body).toContain('Escalated to the DSL</span>');
    expect(page.body).toContain('Mr Jones, by telephone, 2 December 2026 at 11:15');
    expect((await breachActions(server.db, 'oak', ids.plain)).map((action) => action.kind)).toEqual([
      'acknowledge',
      'note',
      'parents_informed',
      'escalate',
    ]);
  });

  test("a block screen's reference, typed loosely, goes straight to the breach; an unknown one says so", async () => {
    const typed = breachReference(ids.plain).toLowerCase().replace('-', '');
    const found = await teacher.get(`/breaches/find?reference=${typed}`);
    expect([found.statusCode, redirectedTo(found)]).toEqual([303, `/breaches/${ids.plain}`]);
    const other = await teacher.get(`/breaches/find?reference=${breachReference(ids.ash)}`);
    expect(other.statusCode).toBe(404);
    expect(other.body).toContain('No breach with the reference');
    expect((await teacher.get('/breaches/find?reference=UUU')).statusCode).toBe(400);
  });

  test('the export from the page is inert CSV', async () => {
    const csv = await teacher.get('/classes/Y4-Oak/export?format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="breaches-Y4-Oak.csv"');
    expect(csv.body).not.toContain('\u202E');
    expect(csv.body).not.toMatch(/(^|,)"[=+\-@\t\r]/m);
  });
});
