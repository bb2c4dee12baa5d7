import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkPage, DashboardBrowser, open, pathOf, signIn } from './support/dashboard-browser.js';
import { type DashboardServer, startDashboardServer } from './support/dashboard-server.js';

const PASSWORD = 'correct horse battery';
// As an MIS exports it (CRLF, a role column, a quoted name); line 4 has a broken email.
const HEADER = 'Name,Email,Class,Role,Key stage,Year';
const ROWS = [
  'Ms Oak,ms.oak@oak.test,Y4-Oak,Teacher,KS2,Year 4',
  'Ann Smith,ann@oak.test,Y4-Oak,Pupil,KS2,Year 4',
  '"Jones, Bo",bo@,Y4-Oak,Pupil,KS2,Year 4',
  'Cy Khan,cy@oak.test,Y5-Ash,Pupil,KS2,Year 5',
];
const csv = (rows: string[]) => `${[HEADER, ...rows].join('\r\n')}\r\n`;

/** Presses the submit button `selector` names and waits for the page that follows; its status. */
async function press(page: Page, selector: string): Promise<number> {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
  return response?.status() ?? 0;
}
// biome-ignore lint/performance/useDomNodeTextContent: the test reads the page as rendered (table cells apart, hidden text left out), as a person does
const text = (page: Page) => page.$eval('main', (main) => (main as HTMLElement).innerText);

describe('the technician sets the school up in the dashboard (Chromium)', () => {
  let dashboard: DashboardServer;
  let browser: DashboardBrowser;
  let files: string;
  let technician: Page;

  beforeAll(async () => {
    dashboard = await startDashboardServer();
    await dashboard.server.createSchool({ id: 'oak', name: 'Oak Primary' });
    await dashboard.server.createStaffUser({
      schoolId: 'oak',
      email: 'tech@oak.test',
      role: 'technician',
      password: PASSWORD,
      displayName: 'Pat Tech',
    });
    files = mkdtempSync(join(tmpdir(), 'safescreen-import-'));
    writeFileSync(join(files, 'oak-bad.csv'), csv(ROWS));
    writeFileSync(join(files, 'oak-fixed.csv'), csv(ROWS.map((row) => row.replace('bo@,', 'bo@oak.test,'))));
    browser = await DashboardBrowser.launch();
    technician = await browser.newPerson();
  });
  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    rmSync(files, { recursive: true, force: true });
  });

  const uploadFile = async (name: string) => {
    expect(await open(technician, `${dashboard.url}/school/import`)).toBe(200);
    const input = (await technician.$('#file')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(join(files, name));
    return press(technician, 'main form[action="/school/import"] button[type="submit"]');
  };

  test('the technician signs in to their school page, which says there are no classes yet', async () => {
    await signIn(technician, dashboard.url, 'tech@oak.test', PASSWORD);
    expect(pathOf(technician)).toBe('/school');
    expect(await text(technician)).toContain('No classes yet');
    await checkPage(technician, 'school-empty');
  });

  test('a file with one bad row shows its line number and imports nothing', async () => {
    expect(await uploadFile('oak-bad.csv')).toBe(200);
    expect(pathOf(technician)).toMatch(/^\/school\/import\/[0-9a-f-]{36}$/);
    const shown = await text(technician);
    expect(shown).toContain('Nothing can be imported yet: 1 problem');
    expect(shown).toContain('Line 4: email "bo@" is not an email address');
    expect(await technician.$('form[action$="/apply"]')).toBeNull();
    await checkPage(technician, 'import-problems');
    expect(await dashboard.server.db.query('SELECT count(*)::int AS n FROM pupils')).toEqual([{ n: 0 }]);
  });

  test('the fixed file is previewed and imported: classes, the teacher and the pupils appear', async () => {
    expect(await uploadFile('oak-fixed.csv')).toBe(200);
    const shown = await text(technician);
    expect(shown).toContain('Classes: 2 new (Y4-Oak, Y5-Ash)');
    expect(shown).toContain('Teachers: 1 new');
    expect(shown).toContain('Pupils: 3 new');
    await checkPage(technician, 'import-preview');
    expect(await press(technician, 'form[action$="/apply"] button')).toBe(200);
    expect(pathOf(technician)).toBe('/school');
    const school = await text(technician);
    expect(school).toContain('The file is imported');
    expect(school).toMatch(/Y4-Oak\tKey stage 2\tYear 4\tMs Oak\t2\t0/);
    expect(school).toMatch(/Y5-Ash\tKey stage 2\tYear 5\tNone yet\t1\t0/);
    await checkPage(technician, 'school');
  });

  test('the technician gives the teacher a second class', async () => {
    expect(await open(technician, `${dashboard.url}/school/classes/Y5-Ash`)).toBe(200);
    await checkPage(technician, 'class');
    const box = await technician.$$eval('input[name="staffId"]', (inputs) => inputs.map((input) => (input as HTMLInputElement).id));
    expect(box).toHaveLength(1);
    await technician.click(`#${box[0]}`);
    expect(await press(technician, 'form[action$="/teachers"] button')).toBe(200);
    expect(await text(technician)).toContain('The class’s teachers are saved.');
    expect(await open(technician, `${dashboard.url}/school/classes`)).toBe(200);
    expect(await text(technician)).toMatch(/Y5-Ash\tY5-Ash\tKey stage 2\tYear 5\tMs Oak\t1/);
    await checkPage(technician, 'classes');
  });

  test('the technician makes a new enrolment token and sees it once', async () => {
    expect(await open(technician, `${dashboard.url}/school`)).toBe(200);
    expect(await press(technician, 'form[action="/school/enrolment-token/rotate"] button')).toBe(200);
    const token = await technician.$eval('#new-token', (input) => (input as HTMLInputElement).value);
    expect(token).toMatch(/^sse_/);
    await checkPage(technician, 'enrolment-token');
    expect(await open(technician, `${dashboard.url}/school`)).toBe(200);
    expect(await technician.content()).not.toContain(token);
  });
});
