import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkPage, clickAndWait, DashboardBrowser, open, pathOf, signIn, submitForm } from './support/dashboard-browser.js';
import { type DashboardServer, freshDataDir, runSchoolCreate, startDashboardServer } from './support/dashboard-server.js';

const TECHNICIAN_PASSWORD = 'kettle orchard lantern';
const TEACHER_PASSWORD = 'meadow copper violin';

describe('a school sets itself up and manages its staff in Chromium', () => {
  let dashboard: DashboardServer;
  let browser: DashboardBrowser;
  let firstLink: string;

  beforeAll(async () => {
    const dataDir = freshDataDir();
    const made = runSchoolCreate(dataDir, [
      '--name',
      'Oak Primary',
      '--technician-email',
      'sam.jones@oak.test',
      '--technician-name',
      'Sam Jones',
    ]);
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    firstLink = made.linkPath;
    dashboard = await startDashboardServer({ dataDir });
    browser = await DashboardBrowser.launch();
  });
  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
  });

  test('set-up link, password, sign-in, invitation, the teacher signs in, is disabled, and is signed out at once', async () => {
    const technician = await browser.newPerson();
    expect(await open(technician, `${dashboard.url}${firstLink}`)).toBe(200);
    expect(await technician.$eval('main', (main) => main.textContent)).toContain('Hello Sam Jones');
    await checkPage(technician, 'choose-password');
    await submitForm(technician, { '#new-password': TECHNICIAN_PASSWORD, '#confirm-password': TECHNICIAN_PASSWORD });
    expect(pathOf(technician)).toBe('/signin');
    expect(await technician.$eval('.notice', (notice) => notice.textContent)).toContain('Your password is set');
    await checkPage(technician, 'signin');

    await submitForm(technician, { '#email': 'sam.jones@oak.test', '#password': TECHNICIAN_PASSWORD });
    expect(pathOf(technician)).toBe('/school');
    expect(await technician.$eval('header', (header) => header.textContent)).toContain('Oak Primary');
    await clickAndWait(technician, 'nav a[href="/staff"]');
    await checkPage(technician, 'staff-list');

    await clickAndWait(technician, 'a[href="/staff/invite"]');
    await checkPage(technician, 'staff-invite');
    await technician.select('#role', 'teacher');
    await submitForm(technician, { '#display-name': 'Ada Patel', '#email': 'ada.patel@oak.test' });
    const teacherLink = new URL(await technician.$eval('#one-time-link', (code) => code.textContent ?? ''));
    await checkPage(technician, 'staff-invite-link');

    const teacher = await browser.newPerson({ width: 768, height: 1024 });
    expect(await open(teacher, `${dashboard.url}${teacherLink.pathname}${teacherLink.search}`)).toBe(200);
    await submitForm(teacher, { '#new-password': TEACHER_PASSWORD, '#confirm-password': TEACHER_PASSWORD });
    await signIn(teacher, dashboard.url, 'ada.patel@oak.test', TEACHER_PASSWORD);
    expect(pathOf(teacher)).toBe('/classes');
    expect(await teacher.$$eval('nav a', (links) => links.map((link) => link.textContent))).toEqual([
      'Breaches',
      'Find a breach',
      'My account',
    ]);
    await clickAndWait(teacher, 'nav a[href="/account"]');
    await checkPage(teacher, 'account-teacher-tablet');

    await open(technician, `${dashboard.url}/staff`);
    expect(await technician.$eval('tbody', (body) => body.textContent)).toContain('ada.patel@oak.test');
    const adaPage = await technician.$$eval('tbody a', (links) =>
      links.find((link) => link.textContent === 'Ada Patel')?.getAttribute('href'),
    );
    await clickAndWait(technician, `tbody a[href="${adaPage}"]`);
    expect(await technician.$eval('h1', (h1) => h1.textContent)).toBe('Ada Patel');
    await checkPage(technician, 'staff-member');
    await clickAndWait(technician, 'form[action$="/disable"] button');
    expect(await technician.$eval('.notice', (notice) => notice.textContent)).toContain('Every session it had has ended');
    await checkPage(technician, 'staff-member-disabled');

    // The teacher's next page load lands on the sign-in page.
    await teacher.reload({ waitUntil: 'load' });
    expect(pathOf(teacher)).toBe('/signin');
    expect(await teacher.$eval('.notice', (notice) => notice.textContent)).toContain('That session has ended');
    await checkPage(teacher, 'signin-after-disable-tablet');

    await open(technician, `${dashboard.url}/account`);
    await checkPage(technician, 'account-technician');
    await clickAndWait(technician, 'header form button');
    expect(pathOf(technician)).toBe('/signin');
    await open(technician, `${dashboard.url}/staff`);
    expect(pathOf(technician)).toBe('/signin');
  });
});
