import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { breachReference } from '../../src/core/breach-reference.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { auditTrail } from '../../src/server/storage/audit-log.js';
import { BreachPartitions, insertBreaches, type StorableBreach } from '../../src/server/storage/breaches.js';
import { enrolDevice } from '../../src/server/storage/devices.js';
import { BACKENDS, databaseFor } from './support/databases.js';

/** A Wednesday: the school week began on Monday 30 November. */
const NOW = new Date('2026-12-02T12:00:00Z');
const PASSWORD = 'correct horse battery';

const HOSTILE_URL = `https://evil.test/=HYPERLINK("http://x.test","y")/<script>alert(1)</script>/"><img src=x onerror=alert(1)>/\u202Egpj.exe/${'a'.repeat(10_240)}`;

interface Item {
  id: string;
  reference: string;
  localTime: string;
  pupil: { key: string; label: string; sharedLogIn: boolean };
  url: string;
  urlShown: string;
  category: string;
  tier: string;
  state: string;
}

describe.each(BACKENDS)('the teacher view on %s', (backend) => {
  let server: RunningServer;
  const partitions = new BreachPartitions();
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const call = async (token: string | undefined, method: 'GET' | 'POST', url: string, payload?: object) => {
    const response = await server.app.inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(payload ? { payload } : {}),
    });
    return { status: response.statusCode, headers: response.headers, body: response.body, json: () => JSON.parse(response.body) };
  };
  const get = (who: string, url: string) => call(tokens[who], 'GET', url);
  const act = (who: string, breachId: string, body: object) => call(tokens[who], 'POST', `/api/v1/breaches/${breachId}/actions`, body);

  const store = async (schoolId: string, deviceId: string, records: (Partial<StorableBreach> & { name: string; at: string })[]) => {
    const rows = records.map(({ name, at, ...record }): StorableBreach => {
      ids[name] = crypto.randomUUID();
      return {
        id: ids[name],
        occurredAt: at,
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
        ...record,
      };
    });
    await insertBreaches(server.db, partitions, { schoolId, deviceId }, rows);
  };

  beforeAll(async () => {
    server = await startServer({ port: 0, ...(await databaseFor(backend)), retentionJob: false, now: () => NOW });
    for (const id of ['oak', 'elm']) await server.createSchool({ id, name: id });
    const staff = [
      { who: 'oakTeacher', schoolId: 'oak', role: 'teacher', groups: ['Y4-Oak'] },
      { who: 'ashTeacher', schoolId: 'oak', role: 'teacher', groups: ['Y5-Ash'] },
      { who: 'dsl', schoolId: 'oak', role: 'dsl', groups: [] },
      { who: 'governor', schoolId: 'oak', role: 'governor', groups: [] },
      { who: 'elmTeacher', schoolId: 'elm', role: 'teacher', groups: ['Y4-Oak'] },
    ] as const;
    for (const member of staff) {
      const email = `${member.who.toLowerCase()}@${member.schoolId}.test`;
      await server.createStaffUser({ schoolId: member.schoolId, email, role: member.role, password: PASSWORD, groups: [...member.groups] });
      const login = await server.app.inject({ method: 'POST', url: '/api/v1/staff/login', payload: { email, password: PASSWORD } });
      tokens[member.who] = JSON.parse(login.body).token;
    }
    await server.db.query(`INSERT INTO pupils (school_id, email, display_name, group_id) VALUES
      ('oak', 'amy@oak.test', 'Amy Jones', 'Y4-Oak'), ('oak', 'cat@oak.test', '=HYPERLINK("http://evil.test","Cat")', 'Y4-Oak')`);
    const laptop = await enrolDevice(server.db, 'oak', 'Laptop 3', 'Y4-Oak');
    const shared = await enrolDevice(server.db, 'oak', 'Class Chromebook 12', 'Y4-Oak');
    await store('oak', laptop.deviceId, [
      { name: 'amyToday1', at: '2026-12-02T09:00:00Z' },
      { name: 'amyToday2', at: '2026-12-02T09:05:00Z' },
      { name: 'amyToday3', at: '2026-12-02T09:10:00Z', registrableDomain: 'bet.test', host: 'www.bet.test', category: 'gambling' },
      { name: 'amyMonday', at: '2026-11-30T08:30:00Z' },
      // Sunday evening: last week in London.
      { name: 'amySunday', at: '2026-11-29T23:30:00Z', category: 'gambling', registrableDomain: 'bet.test', host: 'bet.test' },
      { name: 'amyEarlier', at: '2026-11-20T14:00:00Z' },
      {
        name: 'benToday',
        at: '2026-12-02T10:00:00Z',
        user: 'ben@oak.test',
        category: 'social-media',
        registrableDomain: 'chat.test',
        host: 'chat.test',
      },
      // 31 days before today: outside the 30 days.
      { name: 'amyOld', at: '2026-11-01T10:00:00Z' },
      {
        name: 'hostile',
        at: '2026-12-01T11:00:00Z',
        user: 'cat@oak.test',
        url: HOSTILE_URL,
        host: 'evil.test',
        registrableDomain: 'evil.test',
        ruleId: 'policy:blockList',
        category: 'school-block-list',
      },
    ]);
    await store('oak', shared.deviceId, [
      { name: 'shared1', at: '2026-11-25T10:00:00Z', user: null },
      { name: 'shared2', at: '2026-11-25T10:30:00Z', user: null },
    ]);
    await store('oak', laptop.deviceId, [{ name: 'ash', at: '2026-12-02T09:00:00Z', groupId: 'Y5-Ash', user: 'dan@oak.test' }]);
    await server.db.query(`INSERT INTO groups (school_id, id, name) VALUES ('oak', 'Y5-Ash', 'Y5 Ash') ON CONFLICT DO NOTHING`);
    await store('elm', crypto.randomUUID(), [{ name: 'elm', at: '2026-12-02T09:00:00Z', user: 'amy@elm.test' }]);
  });
  afterAll(() => server?.close());

  test("the summary's numbers are the breaches stored: per day, by category, by pupil and device, top sites, this week and 30 days", async () => {
    const answer = await get('oakTeacher', '/api/v1/groups/Y4-Oak/breach-summary');
    expect(answer.status).toBe(200);
    const summary = answer.json();
    expect(summary).toMatchObject({ from: '2026-11-03', weekFrom: '2026-11-30', today: '2026-12-02', timeZone: 'Europe/London' });
    expect(summary.perDay).toHaveLength(30);
    const day = (d: string) => summary.perDay.find((entry: { day: string }) => entry.day === d).breaches;
    expect([day('2026-12-02'), day('2026-12-01'), day('2026-11-30'), day('2026-11-29'), day('2026-11-25'), day('2026-11-20')]).toEqual([
      4, 1, 1, 1, 2, 1,
    ]);
    expect(summary.totals).toEqual({ breaches: 10, thisWeek: 6 });
    expect(summary.byCategory).toEqual([
      { key: 'games', label: 'Online games', breaches: 6, thisWeek: 3 },
      { key: 'gambling', label: 'Gambling', breaches: 2, thisWeek: 1 },
      { key: 'school-block-list', label: "School's block list", breaches: 1, thisWeek: 1 },
      { key: 'social-media', label: 'Social media', breaches: 1, thisWeek: 1 },
    ]);
    expect(summary.byPupil).toEqual([
      { key: 'amy@oak.test', label: 'Amy Jones', breaches: 6, thisWeek: 4, sharedLogIn: false },
      {
        key: expect.stringMatching(/^device:/),
        label: 'Shared log-in on Class Chromebook 12',
        breaches: 2,
        thisWeek: 0,
        sharedLogIn: true,
      },
      { key: 'cat@oak.test', label: '=HYPERLINK("http://evil.test","Cat")', breaches: 1, thisWeek: 1, sharedLogIn: false },
      { key: 'ben@oak.test', label: 'ben@oak.test', breaches: 1, thisWeek: 1, sharedLogIn: false },
    ]);
    expect(summary.topSites.map((site: { key: string; breaches: number }) => [site.key, site.breaches])).toEqual([
      ['example.test', 6],
      ['bet.test', 2],
      ['chat.test', 1],
      ['evil.test', 1],
    ]);
  });

  test("days and weeks follow the school's time zone", async () => {
    await server.db.query(`UPDATE schools SET time_zone = 'Asia/Tokyo' WHERE id = 'oak'`);
    try {
      const summary = (await get('oakTeacher', '/api/v1/groups/Y4-Oak/breach-summary')).json();
      const day = (d: string) => summary.perDay.find((entry: { day: string }) => entry.day === d)?.breaches;
      // 23:30 on Sunday in London is 08:30 on Monday in Tokyo: this week there.
      expect(day('2026-11-30')).toBe(2);
      expect(day('2026-11-29')).toBe(0);
      expect(summary.totals.thisWeek).toBe(7);
    } finally {
      await server.db.query(`UPDATE schools SET time_zone = 'Europe/London' WHERE id = 'oak'`);
    }
  });

  test('the chart is an SVG image of the same days, authorised like the summary', async () => {
    const chart = await get('oakTeacher', '/api/v1/groups/Y4-Oak/breaches-per-day.svg');
    expect(chart.status).toBe(200);
    expect(chart.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(chart.body).toContain('<title>2026-12-02: 4</title>');
    expect(chart.body).not.toMatch(/style=|<script/);
    expect((await get('oakTeacher', '/api/v1/groups/Y5-Ash/breaches-per-day.svg')).status).toBe(403);
  });

  test('the list is newest first, pages by keyset without gaps or repeats, and filters by pupil, category and dates', async () => {
    const seen: Item[] = [];
    let url = '/api/v1/groups/Y4-Oak/breaches?limit=4';
    for (;;) {
      const page = (await get('oakTeacher', url)).json();
      seen.push(...page.breaches);
      if (!page.next) break;
      url = `/api/v1/groups/Y4-Oak/breaches?limit=4&after=${page.next}`;
    }
    expect(seen).toHaveLength(11);
    expect(new Set(seen.map((item) => item.id)).size).toBe(11);
    expect(seen[0]).toMatchObject({
      id: ids.benToday,
      localTime: '2026-12-02 10:00',
      pupil: { label: 'ben@oak.test' },
      tier: 'categories',
    });
    expect(seen.at(-1)?.id).toBe(ids.amyOld);
    const list = async (query: string) =>
      ((await get('oakTeacher', `/api/v1/groups/Y4-Oak/breaches?${query}`)).json().breaches as Item[]).map((item) => item.id);
    expect(await list('pupil=amy%40oak.test&category=gambling')).toEqual([ids.amyToday3, ids.amySunday]);
    expect(await list(`pupil=${encodeURIComponent(seen.find((item) => item.pupil.sharedLogIn)?.pupil.key ?? '')}`)).toEqual([
      ids.shared2,
      ids.shared1,
    ]);
    expect(await list('from=2026-11-25&to=2026-11-29')).toEqual([ids.amySunday, ids.shared2, ids.shared1]);
    // Another class's pupil is not in this class's list, whatever the filter says.
    expect(await list('pupil=dan%40oak.test')).toEqual([]);
  });

  test('bad filters are refused with a reason', async () => {
    for (const [query, reason] of [
      ['from=2026-02-30', 'from is not a date'],
      ['from=2026-12-02&to=2026-12-01', 'from is after to'],
      ['pupil=nobody', 'pupil must be an email or device:<id>'],
      ['after=yesterday', 'after is not a page position from this list'],
    ]) {
      const answer = await get('oakTeacher', `/api/v1/groups/Y4-Oak/breaches?${query}`);
      expect(answer.status).toBe(400);
      expect(answer.json().reason).toBe(reason);
    }
    expect((await get('oakTeacher', '/api/v1/groups/Y4-Oak/breaches?schoolId=elm')).status).toBe(400);
  });

  test('the detail says why it was blocked: tier, list, rules version and device', async () => {
    const detail = (await get('oakTeacher', `/api/v1/breaches/${ids.amyToday3}`)).json();
    expect(detail).toMatchObject({
      id: ids.amyToday3,
      reference: breachReference(ids.amyToday3),
      categoryTitle: 'Gambling',
      state: 'new',
      trail: {
        tier: 'categories',
        tierLabel: 'categories',
        list: 'Gambling (category list)',
        ruleId: 'policy:categories',
        rulesVersion: 'builtin-7',
        resourceType: 'main_frame',
        device: { name: 'Laptop 3' },
      },
      actions: [],
    });
  });

  test("a teacher reaching another class's or another school's data by URL, parameter or body is refused, and the answer carries none of it", async () => {
    const refusals = [
      ['oakTeacher', 'GET', '/api/v1/groups/Y5-Ash/breach-summary', 403],
      ['oakTeacher', 'GET', '/api/v1/groups/Y5-Ash/breaches', 403],
      ['oakTeacher', 'GET', '/api/v1/groups/Y5-Ash/breaches/export?format=csv', 403],
      ['oakTeacher', 'GET', `/api/v1/breaches/${ids.ash}`, 404],
      ['oakTeacher', 'GET', `/api/v1/breaches/${ids.elm}`, 404],
      ['oakTeacher', 'GET', `/api/v1/breach-references/${breachReference(ids.ash)}`, 404],
      ['oakTeacher', 'GET', `/api/v1/breach-references/${breachReference(ids.elm)}`, 404],
      ['elmTeacher', 'GET', `/api/v1/breaches/${ids.amyToday1}`, 404],
      ['dsl', 'GET', `/api/v1/breaches/${ids.elm}`, 404],
      ['governor', 'GET', '/api/v1/groups/Y4-Oak/breach-summary', 403],
      ['governor', 'GET', `/api/v1/breaches/${ids.amyToday1}`, 403],
      [undefined, 'GET', '/api/v1/groups/Y4-Oak/breaches', 401],
    ] as const;
    for (const [who, method, url, status] of refusals) {
      const answer = await call(who ? tokens[who] : undefined, method, url);
      expect([url, answer.status]).toEqual([url, status]);
      expect(Object.keys(answer.json()).sort()).toEqual(['error', 'reason']);
      for (const secret of [ids.ash, ids.elm, 'dan@oak.test', 'amy@elm.test']) expect(answer.body).not.toContain(secret);
    }
    // Acting on another class's breach stores nothing.
    expect((await act('oakTeacher', ids.ash, { kind: 'acknowledge' })).status).toBe(404);
    expect((await act('elmTeacher', ids.amyToday1, { kind: 'escalate', reason: 'x' })).status).toBe(404);
    // A body naming another school is not a body this route takes.
    expect((await act('oakTeacher', ids.amyToday1, { kind: 'acknowledge', schoolId: 'elm' })).status).toBe(400);
    // The 404 says nothing; the audit log keeps the attempt.
    const refused = (await auditTrail(server.db, 'oak')).filter(
      (entry) => entry.action === 'access.refused' && entry.target === `breach:${ids.ash}`,
    );
    expect(refused.length).toBeGreaterThanOrEqual(2);
    const [{ n }] = await server.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM breach_actions WHERE breach_id IN ($1::uuid, $2::uuid)',
      [ids.ash, ids.elm],
    );
    expect(n).toBe(0);
    // The DSL of one school sees none of the other's class of the same name.
    const dslList = (await get('dsl', '/api/v1/groups/Y4-Oak/breaches?limit=200')).json().breaches as Item[];
    expect(dslList.map((item) => item.id)).not.toContain(ids.elm);
    expect((await get('dsl', '/api/v1/groups/Y5-Ash/breaches')).json().breaches.map((item: Item) => item.id)).toEqual([ids.ash]);
  });

  test('a hostile URL and a hostile name come back inert in JSON and in both exports', async () => {
    const detail = await get('oakTeacher', `/api/v1/breaches/${ids.hostile}`);
    expect(detail.headers['content-type']).toMatch(/^application\/json/);
    const json = detail.json();
    expect(json.url).toBe(HOSTILE_URL);
    expect(json.urlShown).toContain('/\\u202Egpj.exe/');
    expect(json.urlShown).not.toContain('\u202E');
    expect(json.urlShown).toMatch(/… \(10,\d{3} characters in all\)$/);
    expect(json.trail).toMatchObject({ tier: 'blockList', list: "the school's block list" });

    const csv = await get('oakTeacher', '/api/v1/groups/Y4-Oak/breaches/export?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="breaches-Y4-Oak.csv"');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    expect(lines[0]).toBe('"pupil","time","site","category","tier","state"');
    expect(lines).toHaveLength(12);
    const hostileLine = lines.find((line) => line.includes('evil.test')) ?? '';
    expect(
      hostileLine.startsWith(
        `"'=HYPERLINK(""http://evil.test"",""Cat"")","2026-12-01 11:00","https://evil.test/=HYPERLINK(""http://x.test""`,
      ),
    ).toBe(true);
    expect(hostileLine).toContain('\\u202Egpj.exe');
    expect(hostileLine.length).toBeGreaterThan(10_240);
    expect(csv.body).not.toContain('\u202E');
    // No cell starts a formula.
    expect(csv.body).not.toMatch(/(^|,)"[=+\-@\t\r]/m);

    const exported = (await get('oakTeacher', '/api/v1/groups/Y4-Oak/breaches/export?format=json')).json() as Record<string, string>[];
    expect(exported).toHaveLength(11);
    const hostile = exported.find((row) => row.site.includes('evil.test'));
    expect(hostile).toMatchObject({
      pupil: `'=HYPERLINK("http://evil.test","Cat")`,
      category: "School's block list",
      tier: 'block list',
    });
    expect(JSON.stringify(exported)).not.toContain('\u202E');
    const trail = await auditTrail(server.db, 'oak');
    expect(trail.filter((entry) => entry.action === 'class-breaches.export').map((entry) => entry.detail)).toEqual([
      { format: 'csv', rows: 11 },
      { format: 'json', rows: 11 },
    ]);
  });

  test('actions append in order, the state follows them, and each is audited', async () => {
    const id = ids.amyToday1;
    expect(await act('oakTeacher', id, { kind: 'note', text: '  <script>alert(1)</script> =HYPERLINK("x")  ' })).toMatchObject({
      status: 201,
    });
    expect((await act('oakTeacher', id, { kind: 'acknowledge' })).json().state).toBe('acknowledged');
    const informed = await act('oakTeacher', id, {
      kind: 'parents_informed',
      who: 'Mrs Jones (mother)',
      when: '2026-12-02T11:30:00Z',
      how: 'telephone',
    });
    expect(informed.status).toBe(201);
    expect(
      (await act('oakTeacher', id, { kind: 'parents_informed', who: 'Mrs Jones', when: '2026-12-03T11:30:00Z', how: 'telephone' })).json(),
    ).toEqual({
      error: 'bad request',
      reason: 'when is in the future',
    });
    expect((await act('oakTeacher', id, { kind: 'escalate', reason: '' })).status).toBe(400);
    expect((await act('oakTeacher', id, { kind: 'escalate', reason: 'Third time this week' })).json().state).toBe('escalated');
    const detail = (await get('oakTeacher', `/api/v1/breaches/${id}`)).json();
    expect(detail.state).toBe('escalated');
    expect(
      detail.actions.map((action: { kind: string; payload: object; actor: string }) => [action.kind, action.payload, action.actor]),
    ).toEqual([
      ['note', { text: '<script>alert(1)</script> =HYPERLINK("x")' }, 'oakteacher@oak.test'],
      ['acknowledge', {}, 'oakteacher@oak.test'],
      ['parents_informed', { who: 'Mrs Jones (mother)', when: '2026-12-02T11:30:00.000Z', how: 'telephone' }, 'oakteacher@oak.test'],
      ['escalate', { reason: 'Third time this week' }, 'oakteacher@oak.test'],
    ]);
    const list = (await get('dsl', '/api/v1/groups/Y4-Oak/breaches?limit=200')).json().breaches as Item[];
    expect(list.find((item) => item.id === id)?.state).toBe('escalated');
    expect(list.find((item) => item.id === ids.amyToday2)?.state).toBe('new');
    const audited = (await auditTrail(server.db, 'oak')).filter((entry) => entry.target === id && entry.action !== 'breach.view');
    expect(audited.map((entry) => entry.action)).toEqual([
      'breach.note',
      'breach.acknowledge',
      'breach.parents_informed',
      'breach.escalate',
    ]);
    // The audit names the action, not the words of the note.
    expect(JSON.stringify(audited)).not.toContain('script');
    await expect(server.db.query(`UPDATE breach_actions SET payload = '{}' WHERE breach_id = $1::uuid`, [id])).rejects.toThrow(
      /append-only/,
    );
  });

  test("a block screen's reference finds the breach, typed loosely, and several matches are all listed", async () => {
    const reference = breachReference(ids.amyToday2);
    const typed = reference.toLowerCase().replace('-', '').replaceAll('0', 'o').replaceAll('1', 'l');
    const found = await get('oakTeacher', `/api/v1/breach-references/${typed}`);
    expect(found.status).toBe(200);
    expect(found.json()).toMatchObject({ reference, breaches: [{ id: ids.amyToday2 }] });
    // Two breaches whose ids share the reference's leading 30 bits.
    const twin = `${ids.amyToday2.slice(0, 7)}${((Number.parseInt(ids.amyToday2[7], 16) & 0xc) | ((Number.parseInt(ids.amyToday2[7], 16) + 1) & 3)).toString(16)}-0000-4000-8000-000000000000`;
    await insertBreaches(server.db, partitions, { schoolId: 'oak', deviceId: crypto.randomUUID() }, [
      {
        id: twin,
        occurredAt: '2026-12-02T11:00:00Z',
        url: 'https://twin.test/',
        host: 'twin.test',
        registrableDomain: 'twin.test',
        category: 'games',
        ruleId: 'policy:categories',
        rulesVersion: 'builtin-7',
        resourceType: 'main_frame',
        count: 1,
        groupId: 'Y4-Oak',
        user: 'amy@oak.test',
      },
    ]);
    expect(breachReference(twin)).toBe(reference);
    const both = (await get('oakTeacher', `/api/v1/breach-references/${reference}`)).json();
    expect(both.breaches.map((item: Item) => item.id)).toEqual([twin, ids.amyToday2]);
    expect((await get('oakTeacher', '/api/v1/breach-references/K7F-2QU')).json().reason).toBe('"U" is not used in references');
  });
});
