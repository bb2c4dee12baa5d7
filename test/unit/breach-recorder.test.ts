import 'fake-indexeddb/auto';
import { describe, expect, test } from 'vitest';
import type { FailedRequest, RedirectedRequest } from '../../extension/adapters/web-request-browser-api.js';
import { type BreachOutcome, BreachRecorder } from '../../extension/background/breach-recorder.js';
import { BreachStore } from '../../extension/background/breach-store.js';
import { FilteringService } from '../../extension/background/filtering-service.js';
import { BLOCK_PAGE_PATH } from '../../src/core/extension-pages.js';
import { catalogue, sampleRulesets } from './catalogue.js';
import { FakeDnrApi, FakeExtensionFiles, FakeHostPermission, FakeLocalStore, FakePolicySource } from './fakes/fake-browser-apis.js';

const BLOCK_PAGE = `chrome-extension://abc/${BLOCK_PAGE_PATH}`;
let requests = 0;

/** The record a recorded outcome carries; fails the test with the reason when nothing was recorded. */
function recordOf(outcome: BreachOutcome) {
  if (!outcome.recorded) throw new Error(`Expected a recorded breach, but none was recorded: ${outcome.reason}`);
  return outcome.record;
}
const redirect = (url: string, category: string, extra: Partial<RedirectedRequest> = {}): RedirectedRequest => ({
  requestId: String(++requests),
  url,
  tabId: 1,
  frameId: 0,
  type: 'main_frame',
  redirectUrl: `${BLOCK_PAGE}?category=${category}`,
  ...extra,
});
const failed = (url: string): FailedRequest => ({
  requestId: String(++requests),
  url,
  tabId: 1,
  frameId: 0,
  type: 'image',
  error: 'net::ERR_BLOCKED_BY_CLIENT',
});

async function setUp(policy: object) {
  const dnr = new FakeDnrApi();
  const filtering = new FilteringService({
    dnr,
    policySource: new FakePolicySource(policy),
    hostPermission: new FakeHostPermission(),
    files: new FakeExtensionFiles(sampleRulesets()),
    store: new FakeLocalStore(),
    catalogue,
    target: 'chromium',
    rulesVersion: 'builtin-test',
    log: { warn: () => {}, error: () => {} },
  });
  await filtering.refresh('installed');
  const store = await BreachStore.open(`recorder-${Math.random()}`);
  let recorded = 0;
  const recorder = new BreachRecorder({
    filtering,
    blockPageUrl: BLOCK_PAGE,
    store,
    rulesVersion: 'builtin-test',
    deviceId: async () => 'device-1',
    userEmail: async () => 'pupil@school.example',
    onRecorded: () => (recorded += 1),
  });
  return { dnr, store, recorder, recorded: () => recorded };
}

describe('BreachRecorder', () => {
  test('a redirect to the block page the rules explain is stored before anyone is told, and the page can quote it', async () => {
    const { store, recorder, recorded } = await setUp({ schoolId: 'S', groupId: 'G', blockedCategories: ['gambling'] });
    const outcome = await recorder.fromRedirect(
      redirect('http://www.gambling-sample.test/?a=1&b=2#top', 'gambling', { type: 'sub_frame', frameId: 7 }),
    );
    expect(outcome).toMatchObject({
      recorded: true,
      record: {
        category: 'gambling',
        schoolId: 'S',
        groupId: 'G',
        resourceType: 'sub_frame',
        url: 'http://www.gambling-sample.test/?a=1&b=2#top',
      },
    });
    expect((await store.pending(10)).map((r) => r.id)).toEqual([recordOf(outcome).id]);
    expect(recorded()).toBe(1);
    expect(await recorder.shownIn(1, 7)).toEqual(outcome);
    expect((await recorder.shownIn(1, 0)).recorded).toBe(false);
  });

  test('redirects the rules in force do not explain record nothing: a site sending pupils to the block page, other pages', async () => {
    const { store, recorder } = await setUp({ blockedCategories: ['gambling'] });
    const forged = [
      redirect('http://innocent.test/', 'gambling'),
      redirect('http://games-sample.test/', 'games'),
      { ...redirect('http://gambling-sample.test/', 'gambling'), redirectUrl: 'http://elsewhere.test/blocked.html?category=gambling' },
      { ...redirect('http://gambling-sample.test/', 'gambling'), redirectUrl: `${BLOCK_PAGE}?category=<script>` },
    ];
    for (const request of forged) expect((await recorder.fromRedirect(request)).recorded, JSON.stringify(request)).toBe(false);
    expect(await store.counts()).toMatchObject({ pending: 0 });
  });

  test('redirected subresources fold per page load, and the error they end in is not counted again', async () => {
    const { store, recorder } = await setUp({ blockedCategories: ['gambling'] });
    const images = Array.from({ length: 20 }, (_, n) =>
      redirect(`http://cdn.gambling-sample.test/${n}.png`, 'gambling', { type: 'image', requestId: `r${n}` }),
    );
    await Promise.all(images.map((image) => recorder.fromRedirect(image)));
    await Promise.all(images.map((image) => recorder.fromFailedRequest({ ...image, error: 'net::ERR_BLOCKED_BY_CLIENT' })));
    expect((await store.pending(10)).map((r) => [r.category, r.count])).toEqual([['gambling', 20]]);
  });

  test("the user's email goes in only when the policy allows it", async () => {
    const off = await setUp({ blockedDomains: ['x.test'] });
    const on = await setUp({ blockedDomains: ['x.test'], reportUserEmail: true });
    const withoutEmail = await off.recorder.fromLoadedAnyway('http://x.test/', false);
    const withEmail = await on.recorder.fromLoadedAnyway('http://x.test/', false);
    expect(recordOf(withoutEmail).user).toBeUndefined();
    expect(recordOf(withEmail).user).toBe('pupil@school.example');
  });

  test('failed requests the policy does not block are not breaches; blocked ones fold per page load', async () => {
    const { store, recorder } = await setUp({ blockedDomains: ['ads.test'] });
    expect((await recorder.fromFailedRequest(failed('http://offline.test/x.png'))).recorded).toBe(false);
    await Promise.all(Array.from({ length: 30 }, (_, n) => recorder.fromFailedRequest(failed(`http://cdn.ads.test/${n}.png`))));
    recorder.newPageLoad(1);
    await recorder.fromFailedRequest(failed('http://cdn.ads.test/again.png'));
    // Counting moves a record's upload wait on, so the two may be listed in either order.
    expect((await store.pending(10)).map((r) => r.count).sort((x, y) => y - x)).toEqual([30, 1]);
  });
});
