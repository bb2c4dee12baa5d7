import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { breachReference } from '../../src/core/breach-reference.js';
import type { ExtensionSession } from './support/extension-session.js';
import { startSession } from './support/sessions.js';
import { contentMarker, startTestSite, type TestSite } from './support/test-site.js';

// A page the policy blocks can still be on screen: opened before the policy changed (or before the
// extension started), or served from the site's own cache, which DNR never sees. Chromium only: it
// is the browser that applies a new policy while a page is open (Firefox reads its policy at
// start-up; its start-up pages are covered by the large-list tests).
describe('Chromium: a blocked page that is on screen anyway', () => {
  let site: TestSite;
  let session: ExtensionSession;

  beforeAll(async () => {
    site = await startTestSite();
    session = await startSession('chromium', site, { schoolId: 'eastfield', groupId: 'Y6-Elm' });
  });
  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  test('a page open when the policy starts blocking it is recorded and replaced by the block page', async () => {
    const visit = await session.visit(site.url('video-app.test', '/watch?v=next'));
    expect(visit.outcome).toBe('loaded');
    await session.setPolicy({ schoolId: 'eastfield', groupId: 'Y6-Elm', blockedDomains: ['video-app.test'] });

    const after = await session.settle(visit.page, (href) => !href.startsWith('http://video-app.test'));
    expect(after.outcome).toBe('block-page');
    expect(after.text).toContain('Tell an adult.');
    expect(after.text).not.toContain(contentMarker('video-app.test'));

    const breaches = await session.breaches();
    const breach = breaches.find((b) => b.url === site.url('video-app.test', '/watch?v=next'));
    expect(after.text).toContain(`Reference ${breachReference(breach?.id ?? '')}.`);
    expect(breach).toMatchObject({
      category: 'school-block-list',
      resourceType: 'main_frame',
      ruleId: 'policy:blockList',
      groupId: 'Y6-Elm',
    });
  });
});
