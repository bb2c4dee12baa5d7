import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { breachReference } from '../../src/core/breach-reference.js';
import { BreachPartitions, insertBreaches, type StorableBreach } from '../../src/server/storage/breaches.js';
import { enrolDevice } from '../../src/server/storage/devices.js';
import { checkPage, DashboardBrowser, open, pathOf, signIn, submitForm } from './support/dashboard-browser.js';
import { type DashboardServer, startDashboardServer } from './support/dashboard-server.js';
import type { ExtensionSession } from './support/extension-session.js';
import { startSession } from './support/sessions.js';
import { startTestSite, type TestSite } from './support/test-site.js';

const PASSWORD = 'correct horse battery';
const PUPILS = [
  { email: 'amara@pupils.oak.test', name: 'Amara Okafor' },
  { email: 'ben@pupils.oak.test', name: 'Ben Carter' },
  { email: 'chloe@pupils.oak.test', name: 'Chloe Evans' },
];
const SITES: Record<string, string> = {
  games: 'https://play.fungames.example/level/3',
  'social-media': 'https://www.chatspace.example/feed',
};
const CATEGORY_TITLES: Record<string, string> = {
  games: 'Online games',
  'social-media': 'Social media',
  'school-block-list': "School's block list",
};
const HOSTILE_URL = `https://evil.example/=HYPERLINK("http://x.example")/<script>alert(1)</script>/"><img src=x onerror=alert(1)>/\u202Egpj.exe/${'a'.repeat(10_240)}`;

/** The text of each row of the table under the heading `heading`, cells joined by " | ". */
const tableRows = (page: Page, heading: string) =>
  page.$$eval(
    'section',
    (sections, wanted) => {
      const section = sections.find((candidate) => candidate.querySelector('h2')?.textContent === wanted);
      return [...(section?.querySelectorAll('tbody tr') ?? [])].map((row) =>
        [...row.children].map((cell) => (cell.textContent ?? '').trim()).join(' | '),
      );
    },
    heading,
  );

describe('a teacher reads and acts on their class in Chromium', () => {
  let dashboard: DashboardServer;
  let browser: DashboardBrowser;
  let teacher: Page;
  const generated: StorableBreach[] = [];
  let hostileId = '';

  beforeAll(async () => {
    dashboard = await startDashboardServer();
    const { server } = dashboard;
    await server.createSchool({ id: 'oak', name: 'Oak Primary' });
    await server.createStaffUser({
      schoolId: 'oak',
      email: 'teacher@oak.test',
      role: 'teacher',
      password: PASSWORD,
      groups: ['Y4-Oak'],
      displayName: 'Ms Hill',
    });
    await server.createStaffUser({ schoolId: 'oak', email: 'ash@oak.test', role: 'teacher', password: PASSWORD, groups: ['Y5-Ash'] });
    for (const pupil of PUPILS) {
      await server.db.query('INSERT INTO pupils (school_id, email, display_name, group_id) VALUES ($1, $2, $3, $4)', [
        'oak',
        pupil.email,
        pupil.name,
        'Y4-Oak',
      ]);
    }
    const device = await enrolDevice(server.db, 'oak', 'Y4 laptop 3', 'Y4-Oak');
    // The generator: 60 breaches over the last four weeks (none within a minute of now, none on the 30-day edge).
    const now = Date.now();
    for (let n = 0; n < 60; n++) {
      const category = n % 3 === 0 ? 'social-media' : 'games';
      const url = SITES[category];
      generated.push({
        id: crypto.randomUUID(),
        occurredAt: new Date(now - 60_000 - Math.floor((((n * 7919) % 1000) / 1000) * 27 * 86_400_000)).toISOString(),
        url,
        host: new URL(url).hostname,
        registrableDomain: new URL(url).hostname.split('.').slice(-2).join('.'),
        category,
        ruleId: 'policy:categories',
        rulesVersion: 'builtin-1',
        resourceType: 'main_frame',
        count: 1,
        groupId: 'Y4-Oak',
        user: PUPILS[n % PUPILS.length].email,
      });
    }
    hostileId = crypto.randomUUID();
    generated.push({
      ...generated[0],
      id: hostileId,
      occurredAt: new Date(now - 120_000).toISOString(),
      url: HOSTILE_URL,
      host: 'evil.example',
      registrableDomain: 'evil.example',
      category: 'school-block-list',
      ruleId: 'policy:blockList',
      user: PUPILS[0].email,
    });
    const partitions = new BreachPartitions();
    await insertBreaches(server.db, partitions, { schoolId: 'oak', deviceId: device.deviceId }, generated);
    // Another class's breach, which this teacher must never reach.
    await insertBreaches(server.db, partitions, { schoolId: 'oak', deviceId: device.deviceId }, [
      { ...generated[1], id: crypto.randomUUID(), groupId: 'Y5-Ash', user: 'dan@pupils.oak.test' },
    ]);
    browser = await DashboardBrowser.launch();
    teacher = await browser.newPerson();
  });
  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
  });

  test('signing in lands on "My classes", whose 30-day count is the breaches stored', async () => {
    await signIn(teacher, dashboard.url, 'teacher@oak.test', PASSWORD);
    expect(pathOf(teacher)).toBe('/classes');
    const rows = await teacher.$$eval('tbody tr', (trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent?.trim())));
    expect(rows).toHaveLength(1);
    expect(rows[0][0]).toBe('Y4-Oak');
    expect(rows[0][2]).toBe(String(generated.length));
    await checkPage(teacher, 'teacher-my-classes');
  });

  test("the class page's tables match the breaches stored, and the chart image loads", async () => {
    await teacher.click('a[href="/classes/Y4-Oak"]');
    await teacher.waitForSelector('#per-day-heading');
    const count = (predicate: (breach: StorableBreach) => boolean) => String(generated.filter(predicate).length);
    const categories = await tableRows(teacher, 'By category');
    for (const category of Object.keys(CATEGORY_TITLES)) {
      expect(categories.find((row) => row.startsWith(`${CATEGORY_TITLES[category]} |`))?.split(' | ')[2]).toBe(
        count((b) => b.category === category),
      );
    }
    const pupils = await tableRows(teacher, 'By pupil');
    for (const pupil of PUPILS) {
      expect(pupils.find((row) => row.startsWith(`${pupil.name} |`))?.split(' | ')[2]).toBe(count((b) => b.user === pupil.email));
    }
    const perDay = await tableRows(teacher, 'Breaches per day');
    expect(perDay).toHaveLength(30);
    expect(perDay.reduce((sum, row) => sum + Number(row.split(' | ')[1]), 0)).toBe(generated.length);
    const chart = await teacher.$eval('.chart img', (img) => ({
      loaded: (img as HTMLImageElement).complete,
      width: (img as HTMLImageElement).naturalWidth,
    }));
    expect(chart.width).toBeGreaterThan(0);
    // Top sites are text, never links.
    expect(await teacher.$$eval('a[href^="http"]', (links) => links.length)).toBe(0);
    await checkPage(teacher, 'teacher-class');
  });

  test('the hostile breach renders in the list as inert text, cut with its length stated', async () => {
    const scripts = await teacher.$$eval('script, img[onerror], main img:not(.chart img)', (found) => found.length);
    expect(scripts).toBe(0);
    const cell = await teacher.$$eval(
      'td.url',
      (cells) => cells.map((td) => td.textContent ?? '').find((text) => text.includes('evil.example')) ?? '',
    );
    expect(cell).toContain('<script>alert(1)</script>');
    // A row shows the start of the address and says how long the whole is; the breach's page shows more.
    expect(cell).toMatch(/… \(10,\d{3} characters in all\)$/);
    // The long address wraps inside the page: nothing scrolls sideways.
    expect(await teacher.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
  });

  test("on a breach's page the teacher acknowledges, notes, records parents informed and escalates; each shows at once", async () => {
    const target = generated[3];
    await open(teacher, `${dashboard.url}/breaches/${target.id}`);
    expect(await teacher.$eval('#why-heading', (h) => h.textContent)).toBe('Why was this blocked');
    await checkPage(teacher, 'teacher-breach');
    await submitForm(teacher, {}, 'form:has(input[value="acknowledge"]) button');
    expect(await teacher.$eval('.notice', (p) => p.textContent)).toBe('You acknowledged this breach.');
    await submitForm(teacher, { '#note-text': 'Talked with the pupil about <safe> searching' }, 'form:has(input[value="note"]) button');
    await submitForm(teacher, { '#parents-who': 'Mrs Okafor (mother)' }, 'form:has(input[value="parents_informed"]) button');
    expect(await teacher.$eval('.notice', (p) => p.textContent)).toBe('It is recorded that parents were informed.');
    await submitForm(teacher, { '#escalate-reason': 'Third time this week' }, 'form:has(input[value="escalate"]) button');
    const history = await teacher.$$eval('.action-history li', (items) => items.map((li) => li.textContent?.replace(/\s+/g, ' ').trim()));
    expect(history).toHaveLength(4);
    expect(history[1]).toContain('Talked with the pupil about <safe> searching');
    expect(history[2]).toMatch(/^Parents informed by teacher@oak\.test, .*: Mrs Okafor \(mother\), by telephone, /);
    expect(history[3]).toContain('Third time this week');
    expect(await teacher.$eval('.facts .tag', (tag) => tag.textContent)).toBe('Escalated to the DSL');
    await checkPage(teacher, 'teacher-breach-escalated');
  });

  test("typing a block screen's reference, loosely, finds the breach, whose hostile address shows as inert text with its bidi override visible", async () => {
    await open(teacher, `${dashboard.url}/breaches/find`);
    await submitForm(teacher, { '#reference': breachReference(hostileId).toLowerCase().replace('-', ' ') });
    expect(pathOf(teacher)).toBe(`/breaches/${hostileId}`);
    const address = await teacher.$eval('dd.url', (dd) => dd.textContent ?? '');
    expect(address).toContain('"><img src=x onerror=alert(1)>');
    expect(address).toContain('\\u202Egpj.exe');
    expect(address).not.toContain('\u202E');
    expect(await teacher.$$eval('script, img[onerror]', (found) => found.length)).toBe(0);
    await checkPage(teacher, 'teacher-breach-hostile');
  });

  test("another class's page and breach are refused", async () => {
    expect(await open(teacher, `${dashboard.url}/classes/Y5-Ash`)).toBe(403);
    await checkPage(teacher, 'teacher-refused');
  });
});

describe('a breach sent by the real extension is found by the reference its block screen shows', () => {
  let site: TestSite;
  let dashboard: DashboardServer;
  let session: ExtensionSession;
  let browser: DashboardBrowser;

  beforeAll(async () => {
    site = await startTestSite();
    dashboard = await startDashboardServer();
    const school = await dashboard.server.createSchool({ id: 'willow', name: 'Willow Lane Primary' });
    await dashboard.server.createStaffUser({
      schoolId: 'willow',
      email: 'birch@willow.test',
      role: 'teacher',
      password: PASSWORD,
      groups: ['Y3-Birch'],
    });
    session = await startSession('chromium', site, {
      schoolId: school.schoolId,
      groupId: 'Y3-Birch',
      reportingUrl: dashboard.url,
      enrollmentToken: school.enrollmentToken,
    });
    browser = await DashboardBrowser.launch();
  });
  afterAll(async () => {
    await session?.close();
    await browser?.close();
    await dashboard?.close();
    await site?.close();
  });

  test('the pupil meets the block screen, the device delivers the breach, and the teacher opens it by the reference', async () => {
    const visit = await session.visit(site.url('games.gambling-sample.test', '/spin?bet=10'));
    expect(visit.outcome).toBe('block-page');
    await visit.page.waitForFunction(`!document.getElementById('for-adults').hidden`, { timeout: 10_000 });
    const reference = (await visit.page.evaluate(`document.getElementById('reference').textContent`)) as string;
    expect(reference).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}$/);
    const deadline = Date.now() + 60_000;
    while (!(await session.storedBreaches()).some((entry) => entry.state === 'sent')) {
      if (Date.now() > deadline) throw new Error('the breach was not delivered within a minute');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    const teacher = await browser.newPerson({ width: 800, height: 1000 });
    await signIn(teacher, dashboard.url, 'birch@willow.test', PASSWORD);
    await open(teacher, `${dashboard.url}/breaches/find`);
    await submitForm(teacher, { '#reference': reference.toLowerCase() });
    expect(pathOf(teacher)).toMatch(/^\/breaches\/[0-9a-f-]{36}$/);
    const facts = await teacher.$$eval('dl.facts dd', (dds) => dds.map((dd) => dd.textContent?.trim() ?? ''));
    expect(facts).toEqual(expect.arrayContaining([reference, 'Gambling', 'Gambling (category list)', 'gambling-sample.test']));
    await checkPage(teacher, 'teacher-breach-from-extension');
  });
});
