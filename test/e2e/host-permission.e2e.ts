import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ExtensionSession } from './support/extension-session.js';
import { startSession } from './support/sessions.js';
import { contentMarker, startTestSite, type TestSite } from './support/test-site.js';

// Only Firefox lets a user withdraw an MV3 extension's host permission (Chromium treats
// host_permissions as required). Without it Firefox skips redirect rules, and a skipped redirect
// still shadows the block rule below it: the page would load. The extension must notice and block.
describe('Firefox without the host permission', () => {
  let site: TestSite;
  let session: ExtensionSession;

  beforeAll(async () => {
    site = await startTestSite();
    session = await startSession('firefox', site, { schoolId: 'eastfield', blockedDomains: ['school-blocked.test'] });
  });
  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  test('falls back to plain blocking and says so in its status', async () => {
    expect((await session.status())?.redirectToBlockPage).toBe(true);
    const removed = await session.inExtensionPage<boolean>(`browser.permissions.remove({ origins: ['<all_urls>'] })`);
    expect(removed).toBe(true);

    const deadline = Date.now() + 10_000;
    let status = await session.status();
    while (status?.redirectToBlockPage !== false && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = await session.status();
    }
    expect(status).toMatchObject({
      state: 'applied',
      redirectToBlockPage: false,
      notes: [expect.stringMatching(/host permission withheld/)],
    });

    // The trailing-dot spellings too: without redirects they are blocked outright.
    for (const host of ['www.gambling-sample.test', 'school-blocked.test', 'child-abuse-sample.test', 'child-abuse-sample.test.']) {
      const page = await session.newPage();
      await page.goto(site.url(host)).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const text = (await page.evaluate('document.documentElement.innerText').catch(() => '')) as string;
      expect(text, host).not.toContain(contentMarker(host));
      expect(site.requestsTo(host), host).toEqual([]);
      await page.close();
    }
    expect((await session.visit(site.url('ok.test'))).outcome).toBe('loaded');
  });
});
