import { afterAll, beforeAll, expect, test } from 'vitest';
import { ChromiumSession } from './support/chromium-session.js';
import { startTestSite, type TestSite } from './support/test-site.js';
let site: TestSite; let s: ChromiumSession;
beforeAll(async () => { site = await startTestSite(); s = await ChromiumSession.start(site, { schoolId: 'S1', blockedDomains: ['bad.test'] }); });
afterAll(async () => { await s?.close(); await site?.close(); });
test('scratch', async () => {
  console.log(await s.status());
  for (const h of ['ok.test', 'gambling-sample.test', 'www.bad.test', 'www.childline.org.uk', 'child-abuse.example']) {
    const v = await s.visit(site.url(h, '/?a=1&b=2#x'));
    console.log(h, v.outcome, v.href, JSON.stringify(v.text.slice(0, 200)));
  }
  console.log(await s.breaches());
});
