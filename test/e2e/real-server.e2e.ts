import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import type { ExtensionSession } from './support/extension-session.js';
import { BROWSERS, startSession } from './support/sessions.js';
import { startTestSite, type TestSite } from './support/test-site.js';

describe.each(BROWSERS)('the extension with the real reporting server in %s', (browserName) => {
  let site: TestSite;
  let server: RunningServer;
  let session: ExtensionSession;

  beforeAll(async () => {
    site = await startTestSite();
    server = await startServer({ port: 0, retentionJob: false });
    const school = await server.createSchool({ name: 'Willow Lane Community Primary' });
    session = await startSession(browserName, site, {
      schoolId: school.schoolId,
      groupId: 'Y3-Birch',
      reportingUrl: server.url,
      enrollmentToken: school.enrollmentToken,
    });
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
    await site?.close();
  });

  test('enrols, and every breach on the device is stored by the server exactly once', async () => {
    for (const host of ['www.pornography-sample.test', 'games.gambling-sample.test']) {
      const visit = await session.visit(site.url(host));
      expect(visit.outcome).toBe('block-page');
      await visit.page.close();
    }
    const images = await session.visit(site.url('ok.test', '/images?n=40&repeat=25&domain=drugs-sample.test'));
    expect(images.outcome).toBe('loaded');

    const deadline = Date.now() + 60_000;
    let onDevice = await session.storedBreaches();
    while (!(onDevice.length === 43 && onDevice.every((entry) => entry.state === 'sent'))) {
      if (Date.now() > deadline) throw new Error(`device records: ${JSON.stringify(onDevice.map((e) => e.state))}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      onDevice = await session.storedBreaches();
    }
    const rows = await server.db.query<{ id: string; count: number; category: string; group_id: string; host: string }>(
      'SELECT id, count, category, group_id, host FROM breaches',
    );
    expect(rows).toHaveLength(43);
    expect(new Set(rows.map((row) => row.id))).toEqual(new Set(onDevice.map((entry) => entry.record.id)));
    expect(rows.find((row) => row.host === 'same.drugs-sample.test')).toMatchObject({ count: 25, category: 'drugs', group_id: 'Y3-Birch' });
    expect(rows.find((row) => row.host === 'www.pornography-sample.test')).toMatchObject({ category: 'pornography' });
    // Enrolled for the policy's group, so its records of that group were all taken (none rejected above).
    expect(await server.db.query('SELECT group_id FROM devices')).toEqual([{ group_id: 'Y3-Birch' }]);
  });
});
