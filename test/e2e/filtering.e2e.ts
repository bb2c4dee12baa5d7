import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { breachReference } from '../../src/core/breach-reference.js';
import { defaultCategoriesFor, parseCatalogue } from '../../src/core/categories.js';
import { STATUS_PAGE_PATH } from '../../src/core/extension-pages.js';
import { defined } from '../unit/support/defined.js';
import { accessibilityViolations } from './support/accessibility.js';
import type { ExtensionSession, Visit } from './support/extension-session.js';
import { saveScreenshot } from './support/screenshots.js';
import { BROWSERS, startSession } from './support/sessions.js';
import { contentMarker, startTestSite, type TestSite } from './support/test-site.js';

const catalogue = parseCatalogue(JSON.parse(readFileSync('rules/categories.json', 'utf8')));
const illegal = catalogue.categories.filter((c) => c.tier === 'illegal').map((c) => c.id);
const secondary = defaultCategoriesFor(catalogue, 'secondary');
const notForSecondary = catalogue.categories.filter((c) => c.tier === 'category' && !secondary.includes(c.id)).map((c) => c.id);
const sampleHost = (category: string) => `www.${category}-sample.test`;

/** A secondary school's policy with the mistakes real admin consoles let through. */
const POLICY = {
  schoolId: 'willow-lane',
  groupId: 'Y9-Ash',
  profile: 'secondary',
  blockedDomains: [
    'school-blocked.test',
    '',
    'https://pasted-url.test/some/page',
    'co.uk',
    `${'x'.repeat(64)}.test`,
    'bücher-blocked.test',
  ],
  allowedDomains: ['gambling.example', 'child-abuse-sample.test', 'https://not-a-domain.test/x'],
};

/** The pupil sees SafeScreen's calm screen and nothing of the blocked site. */
function expectBlockScreen(visit: Visit, host: string): void {
  expect(visit.outcome, `${host} should show the block page (saw ${visit.href})`).toBe('block-page');
  expect(visit.text).toContain('Turn off the screen.');
  expect(visit.text).toContain('Tell an adult.');
  expect(visit.text + visit.title).not.toContain(contentMarker(host));
  expect(visit.text).not.toContain(host);
}

describe.each(BROWSERS)('filtering in %s', (browserName) => {
  let site: TestSite;
  let session: ExtensionSession;

  beforeAll(async () => {
    site = await startTestSite();
    session = await startSession(browserName, site, POLICY);
  });
  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  test('an ordinary page loads', async () => {
    const visit = await session.visit(site.url('ok.test'));
    expect(visit.outcome).toBe('loaded');
    expect(visit.text).toContain(contentMarker('ok.test'));
  });

  test('every category the profile blocks, and the illegal tier, shows the block page and never reaches the site', async () => {
    for (const category of [...illegal, ...secondary]) {
      const host = sampleHost(category);
      const visit = await session.visit(site.url(host, '/?q=1&page=2'));
      expectBlockScreen(visit, host);
      if (category === 'pornography') {
        await saveScreenshot(visit.page, `${browserName}-block-page`);
        expect(await accessibilityViolations(visit.page)).toEqual([]);
      }
      await visit.page.close();
      expect(site.requestsTo(host), `${host} must not be requested`).toEqual([]);
    }
  });

  test('a host written with a trailing dot is judged by its usual name: the illegal tier, categories and the block list hold, allowed sites load', async () => {
    for (const host of ['child-abuse-sample.test', sampleHost('pornography'), 'school-blocked.test']) {
      const visit = await session.visit(site.url(`${host}.`, '/?q=1'));
      expectBlockScreen(visit, host);
      await visit.page.close();
      expect(site.requestsTo(`${host}.`), `${host}. must not be requested`).toEqual([]);
    }
    const allowed = await session.visit(site.url('ok.test.', '/?q=1'));
    expect(allowed.outcome).toBe('loaded');
    expect(allowed.text).toContain(contentMarker('ok.test'));
    await allowed.page.close();
  });

  test('categories the profile does not block still load', async () => {
    expect(notForSecondary.length).toBeGreaterThan(0);
    for (const category of notForSecondary) {
      const visit = await session.visit(site.url(sampleHost(category)));
      expect(visit.outcome, category).toBe('loaded');
      await visit.page.close();
    }
  });

  test('frames of blocked sites inside an allowed page show the block page, never the content', async () => {
    const hosts = [...illegal, ...secondary].map((category) => `frame.${category}-sample.test`);
    const visit = await session.visit(
      site.url('ok.test', `/frames?${hosts.map((h) => `to=${encodeURIComponent(site.url(h))}`).join('&')}`),
    );
    expect(visit.outcome).toBe('loaded');
    const frames = visit.page.mainFrame().childFrames();
    expect(frames).toHaveLength(hosts.length);
    const deadline = Date.now() + 10_000;
    let texts: string[] = [];
    while (Date.now() < deadline) {
      texts = await Promise.all(frames.map((frame) => frame.evaluate('document.body?.innerText ?? ""').catch(() => '') as Promise<string>));
      if (texts.every((text) => text.includes('Tell an adult'))) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    texts.forEach((text, index) => {
      expect(text, hosts[index]).toContain('Tell an adult');
    });
    await saveScreenshot(visit.page, `${browserName}-blocked-frames`);
    for (const host of hosts) expect(site.requestsTo(host), host).toEqual([]);
    await visit.page.close();
  });

  test("the school's block list covers subdomains, pasted URLs and Unicode names, and not their neighbours", async () => {
    for (const host of ['school-blocked.test', 'a.b.school-blocked.test', 'www.pasted-url.test', 'bücher-blocked.test']) {
      const visit = await session.visit(site.url(host));
      expectBlockScreen(visit, new URL(site.url(host)).hostname);
      await visit.page.close();
    }
    const neighbour = await session.visit(site.url('notschool-blocked.test'));
    expect(neighbour.outcome).toBe('loaded');
  });

  test("the school's allow list beats categories (with subdomains) but never the illegal-content tier", async () => {
    const allowed = await session.visit(site.url('www.gambling.example'));
    expect(allowed.outcome).toBe('loaded');
    expect(allowed.text).toContain(contentMarker('www.gambling.example'));
    expectBlockScreen(await session.visit(site.url('www.gambling-sample.test')), 'www.gambling-sample.test');
    expectBlockScreen(await session.visit(site.url('child-abuse-sample.test')), 'child-abuse-sample.test');
  });

  test('bad policy entries are reported one by one while the good ones apply', async () => {
    const status = await session.status();
    expect(status?.state).toBe('applied');
    expect(status?.blockedDomainCount).toBe(3);
    expect(status?.allowedDomainCount).toBe(2);
    const reported = defined(status, 'the status').problems.map((p) => `${p.severity}:${p.key}:${p.entry}`);
    expect(reported).toEqual([
      'error:blockedDomains:',
      'warning:blockedDomains:https://pasted-url.test/some/page',
      'error:blockedDomains:co.uk',
      `error:blockedDomains:${'x'.repeat(64)}.test`,
      'error:allowedDomains:https://not-a-domain.test/x',
    ]);
  });

  test('the status popup shows the policy in force and its problems to the adult at the device', async () => {
    const page = await session.openExtensionPage(STATUS_PAGE_PATH);
    await page.waitForFunction(`document.body.innerText.includes('Filtering is on')`, { timeout: 10_000 });
    const text = (await page.evaluate('document.body.innerText')) as string;
    for (const expected of [
      'Filtering is on.',
      'willow-lane',
      'Y9-Ash',
      'secondary',
      'Policy problems',
      '"co.uk"',
      'public suffix',
      'Gambling',
    ]) {
      expect(text).toContain(expected);
    }
    await saveScreenshot(page, `${browserName}-status-popup`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  test('a link click to a blocked site lands on the block page', async () => {
    const host = 'link.pornography-sample.test';
    const visit = await session.visit(site.url('ok.test', `/link?to=${encodeURIComponent(site.url(host))}`));
    await visit.page.click('#go');
    expectBlockScreen(await session.settle(visit.page, (href) => !href.startsWith('http://ok.test')), host);
    expect(site.requestsTo(host)).toEqual([]);
  });

  test('window.open to a blocked site opens the block page', async () => {
    const host = 'popup.gambling-sample.test';
    const opener = await session.visit(site.url('ok.test'));
    const before = new Set(await session.openPages());
    await opener.page.evaluate(`window.open(${JSON.stringify(site.url(host))}, '_blank'); undefined`);
    const popup = await session.waitForNewPage(before);
    expectBlockScreen(await session.settle(popup), host);
    expect(site.requestsTo(host)).toEqual([]);
  });

  test("fetch from an allowed page to a blocked host gets the block page, never the host's data", async () => {
    const visit = await session.visit(site.url('ok.test'));
    const attempt = (host: string) =>
      visit.page.evaluate(
        `fetch(${JSON.stringify(site.url(host, '/data.json'))}).then((r) => r.text()).then((t) => 'loaded ' + t, (e) => 'failed ' + e)`,
      ) as Promise<string>;
    expect(await attempt('api.ok.test')).toContain(contentMarker('api.ok.test'));
    // One rule list serves pages and subresources alike, so a script's request is redirected too.
    for (const host of ['api.drugs-sample.test', 'api.school-blocked.test']) {
      const answer = await attempt(host);
      expect(answer).toMatch(/^loaded .*Tell an adult/s);
      expect(answer).not.toContain(contentMarker(host));
    }
    expect(site.requestsTo('api.drugs-sample.test')).toEqual([]);
    expect(site.requestsTo('api.school-blocked.test')).toEqual([]);
  });

  test('each blocked navigation is recorded as a breach; a site or page sending pupils to the block page is not', async () => {
    const forgedAddress = `${session.blockPageUrl}?category=gambling`;
    const bySite = await session.visit(site.url('innocent.test', `/redirect?to=${encodeURIComponent(forgedAddress)}`));
    const byPage = await session.visit(site.url('innocent-page.test'));
    await byPage.page.evaluate(`location.href = ${JSON.stringify(forgedAddress)}`);
    await session.settle(byPage.page, (href) => href.startsWith(session.extensionOrigin()));
    await bySite.page.close();
    await byPage.page.close();

    const breaches = await session.breaches();
    const main = breaches.find((b) => b.host === 'www.gambling-sample.test' && b.url.includes('page=2'));
    expect(main).toMatchObject({
      url: site.url('www.gambling-sample.test', '/?q=1&page=2'),
      registrableDomain: 'gambling-sample.test',
      category: 'gambling',
      resourceType: 'main_frame',
      schoolId: 'willow-lane',
      groupId: 'Y9-Ash',
      ruleId: 'policy:categories',
      rulesVersion: expect.stringMatching(/^builtin-[0-9a-f]{12}$/),
    });
    expect(defined(main, 'the breach for www.gambling-sample.test').id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(breaches.find((b) => b.host === 'frame.child-abuse-sample.test')).toMatchObject({
      category: 'child-abuse',
      resourceType: 'sub_frame',
    });
    expect(breaches.find((b) => b.host === 'a.b.school-blocked.test')).toMatchObject({ category: 'school-block-list' });
    expect(breaches.some((b) => b.host.startsWith('innocent'))).toBe(false);
  });

  test('the block page shows the adult a reference to the recorded breach, and the pupil no address', async () => {
    const host = 'ref.gambling-sample.test';
    const visit = await session.visit(site.url(host, '/deep/page?id=42'));
    expectBlockScreen(visit, host);
    await visit.page.waitForFunction(`!document.getElementById('for-adults').hidden`, { timeout: 10_000 });
    const reference = (await visit.page.evaluate(`document.getElementById('reference').textContent`)) as string;
    const breach = defined(
      (await session.breaches()).find((b) => b.host === host),
      `the breach recorded for ${host}`,
    );
    expect(reference).toBe(breachReference(breach.id));
    expect(breach.url).toBe(site.url(host, '/deep/page?id=42'));
    expect(await visit.page.evaluate('location.search + location.hash')).toBe('');
  });
});
