import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { STATUS_PAGE_PATH } from '../../src/core/extension-pages.js';
import { defined } from '../unit/support/defined.js';
import type { ExtensionSession } from './support/extension-session.js';
import { ENDPOINT_TOKEN, type ReportEndpoint, startReportEndpoint } from './support/report-endpoint.js';
import { saveScreenshot } from './support/screenshots.js';
import { BROWSERS, startSession } from './support/sessions.js';
import { startTestSite, type TestSite } from './support/test-site.js';

const until = async (check: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};

describe.each(BROWSERS)('breach delivery in %s', (browserName) => {
  let site: TestSite;
  let endpoint: ReportEndpoint;
  let session: ExtensionSession;
  const policy = () => ({ schoolId: 'eastfield', groupId: 'Y5-Rowan', reportingUrl: endpoint.url, enrollmentToken: ENDPOINT_TOKEN });

  beforeAll(async () => {
    site = await startTestSite();
    endpoint = await startReportEndpoint();
    session = await startSession(browserName, site, policy());
  });
  afterAll(async () => {
    await session?.close();
    await endpoint?.close();
    await site?.close();
  });

  /** Every record on the device is on the server exactly once, and the device knows it. */
  async function expectAllDeliveredOnce(): Promise<void> {
    const onDevice = await session.storedBreaches();
    await endpoint.waitForStored(onDevice.length);
    expect(new Set(endpoint.stored.keys())).toEqual(new Set(onDevice.map((entry) => entry.record.id)));
    await until(
      async () => (await session.storedBreaches()).every((entry) => entry.state === 'sent'),
      'the device to mark every record sent',
    );
  }

  test('1,000 breaches from one page arrive exactly once; 200 blocked images from one host are one breach', async () => {
    const visit = await session.visit(site.url('ok.test', '/images?n=1000&repeat=200&domain=gambling-sample.test'));
    expect(visit.outcome).toBe('loaded');
    await endpoint.waitForStored(1001);
    await expectAllDeliveredOnce();
    const stored = [...endpoint.stored.values()];
    expect(stored.every((entry) => entry.deliveries === 1)).toBe(true);
    const repeated = defined(
      stored.find((entry) => entry.record.host === 'same.gambling-sample.test'),
      'the stored breach for same.gambling-sample.test',
    ).record;
    expect(repeated).toMatchObject({ category: 'gambling', resourceType: 'image', count: 200, schoolId: 'eastfield', groupId: 'Y5-Rowan' });
    expect(stored.find((entry) => entry.record.host === 'i999.gambling-sample.test')?.record.count).toBe(1);
    expect(site.requestsTo('same.gambling-sample.test')).toEqual([]);
    const status = await session.deliveryStatus();
    expect(status).toMatchObject({ pending: 0, sent: 1001, enrolled: true });
    expect(status.lastSuccessAt).toBeDefined();
    // The adult at the device sees that reports are flowing, and no pupil sees a blocked address.
    const popup = await session.openExtensionPage(STATUS_PAGE_PATH);
    await popup.waitForFunction(`document.body.innerText.includes('0 waiting to be sent')`, { timeout: 10_000 });
    const text = (await popup.evaluate('document.body.innerText')) as string;
    expect(text).toContain(endpoint.url);
    expect(text).toMatch(/Last delivered\s+\d{2}\/\d{2}\/\d{4}/);
    expect(text).not.toContain('gambling-sample.test');
    await saveScreenshot(popup, `${browserName}-status-popup-reporting`);
    await popup.close();
  });

  test('while the server is refused, failing and hanging, and across a worker stop and a browser restart, nothing is lost', async () => {
    const before = endpoint.stored.size;
    const blockedVisit = async (host: string) => {
      const visit = await session.visit(site.url(host));
      expect(visit.outcome).toBe('block-page');
      await visit.page.close();
    };
    await endpoint.setMode('down');
    await blockedVisit('down-1.pornography-sample.test');
    await blockedVisit('down-2.school-drugs.drugs-sample.test');

    await endpoint.setMode('error-500');
    await blockedVisit('failing-1.gambling-sample.test');
    await until(() => (endpoint.answered['500'] ?? 0) > 0, 'an upload to meet a 500');

    await endpoint.setMode('hang');
    await blockedVisit('hanging-1.violence-sample.test');
    await until(() => (endpoint.answered.hang ?? 0) > 0, 'an upload to hang');

    expect((await session.deliveryStatus()).pending).toBe(4);
    if (session.stopWorker) await session.stopWorker();
    await session.restart({ waitForPolicy: false });
    await endpoint.setMode('up');
    await endpoint.waitForStored(before + 4);
    await expectAllDeliveredOnce();
  });

  test('garbled answers and a small body limit neither lose nor duplicate records', async () => {
    for (const mode of ['html', 'truncated-json', 'small-body-limit'] as const) {
      const before = endpoint.stored.size;
      // Unreachable while the breaches happen, so that all three meet the answer in one batch.
      await endpoint.setMode('down');
      for (const n of [1, 2, 3]) {
        const visit = await session.visit(site.url(`${mode}-${n}.self-harm-sample.test`));
        await visit.page.close();
      }
      await new Promise((resolve) => setTimeout(resolve, 3_500));
      await endpoint.setMode(mode);
      await until(
        () => (endpoint.answered[mode === 'small-body-limit' ? '413' : mode === 'html' ? 'html' : 'truncated'] ?? 0) > 0,
        `a ${mode} answer`,
      );
      await endpoint.setMode('up');
      await endpoint.waitForStored(before + 3);
      await expectAllDeliveredOnce();
    }
  });
});
