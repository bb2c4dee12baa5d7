import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ExtensionSession } from './support/extension-session.js';
import { BROWSERS, startSession } from './support/sessions.js';
import { contentMarker, startTestSite, type TestSite } from './support/test-site.js';

describe.each(BROWSERS)('policy changes in %s', (browserName) => {
  let site: TestSite;
  let session: ExtensionSession;

  beforeAll(async () => {
    site = await startTestSite();
    session = await startSession(browserName, site, { schoolId: 'eastfield', profile: 'secondary' });
  });
  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  test('a new policy changes what is blocked without reinstalling the extension', async () => {
    expect((await session.visit(site.url('www.games-sample.test'))).outcome).toBe('loaded');
    await session.setPolicy({ schoolId: 'eastfield', profile: 'primary', blockedDomains: ['homework-distraction.test'] });
    expect((await session.visit(site.url('www.games-sample.test'))).outcome).toBe('block-page');
    expect((await session.visit(site.url('homework-distraction.test'))).outcome).toBe('block-page');
    await session.setPolicy({ schoolId: 'eastfield', profile: 'primary' });
    expect((await session.visit(site.url('homework-distraction.test'))).outcome).toBe('loaded');
  });

  test('allow-list only: just the allowed sites and the protected help sites load', async () => {
    await session.setPolicy({ schoolId: 'eastfield', profile: 'early-years', allowedDomains: ['phonics.test', 'child-abuse-sample.test'] });
    const allowed = await session.visit(site.url('www.phonics.test'));
    expect(allowed.outcome).toBe('loaded');
    expect(allowed.text).toContain(contentMarker('www.phonics.test'));
    for (const help of ['www.childline.org.uk', 'www.samaritans.org', 'www.nspcc.org.uk', 'www.ceop.police.uk', 'report.iwf.org.uk']) {
      expect((await session.visit(site.url(help))).outcome, help).toBe('loaded');
    }
    for (const elsewhere of ['ok.test', 'www.games-sample.test', 'child-abuse-sample.test']) {
      const visit = await session.visit(site.url(elsewhere));
      expect(visit.outcome, elsewhere).toBe('block-page');
      expect(visit.text).not.toContain(contentMarker(elsewhere));
    }
    expect(site.requestsTo('ok.test')).toEqual([]);
    const breaches = await session.breaches();
    expect(breaches.find((b) => b.host === 'ok.test')).toMatchObject({ category: 'not-on-allow-list', schoolId: 'eastfield' });
    expect(breaches.find((b) => b.host === 'child-abuse-sample.test')).toMatchObject({ category: 'child-abuse' });
  });

  test('after a browser restart the very first navigation is already filtered', async () => {
    await session.restart({ waitForPolicy: false });
    const first = await session.visit(site.url('first-after-restart.test'));
    expect(first.outcome).not.toBe('loaded');
    expect(first.text).not.toContain(contentMarker('first-after-restart.test'));
    expect(site.requestsTo('first-after-restart.test')).toEqual([]);
    expect((await session.visit(site.url('www.phonics.test'))).outcome).toBe('loaded');
  });
});
