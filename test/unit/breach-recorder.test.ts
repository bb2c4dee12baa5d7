import 'fake-indexeddb/auto';
import { describe, expect, test } from 'vitest';
import { BreachRecorder } from '../../extension/background/breach-recorder.js';
import { BreachStore } from '../../extension/background/breach-store.js';
import { FilteringService } from '../../extension/background/filtering-service.js';
import { compileRulesetRules } from '../../src/rules/compile-rulesets.js';
import { unpackedRules } from '../../src/rules/ruleset-json.js';
import { catalogue } from './catalogue.js';
import { FakeDnrApi, FakeExtensionFiles, FakeHostPermission, FakeLocalStore, FakePolicySource } from './fakes/fake-browser-apis.js';

async function setUp(policy: object) {
  const dnr = new FakeDnrApi();
  const rulesets = Object.fromEntries(catalogue.categories.map((c) => [c.id, unpackedRules(compileRulesetRules({ id: c.id, action: 'block', priority: 600, enabled: false, hosts: [`${c.id}-sample.test`] }, 'chromium'))]));
  const filtering = new FilteringService({
    dnr,
    policySource: new FakePolicySource(policy),
    hostPermission: new FakeHostPermission(),
    files: new FakeExtensionFiles(rulesets),
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
    dnr,
    filtering,
    store,
    rulesVersion: 'builtin-test',
    deviceId: async () => 'device-1',
    userEmail: async () => 'pupil@school.example',
    onRecorded: () => (recorded += 1),
  });
  return { dnr, store, recorder, recorded: () => recorded };
}

describe('BreachRecorder', () => {
  test('a block page report the rules explain is stored before anyone is told', async () => {
    const { dnr, store, recorder, recorded } = await setUp({ schoolId: 'S', groupId: 'G', blockedCategories: ['gambling'] });
    const rule = dnr.dynamic.find((r) => r.condition.requestDomains?.includes('gambling-sample.test'))!;
    const outcome = await recorder.fromBlockPage(`#rule=${rule.id}&url=http://www.gambling-sample.test/?a=1&b=2`, true);
    expect(outcome).toMatchObject({ recorded: true, record: { category: 'gambling', schoolId: 'S', groupId: 'G', resourceType: 'sub_frame' } });
    expect((await store.pending(10)).map((r) => r.id)).toEqual([(outcome as any).record.id]);
    expect(recorded()).toBe(1);
  });

  test('forged block page addresses record nothing', async () => {
    const { dnr, store, recorder } = await setUp({ blockedCategories: ['gambling'] });
    const rule = dnr.dynamic.find((r) => r.condition.requestDomains?.includes('gambling-sample.test'))!;
    for (const fragment of [`#rule=${rule.id}&url=http://innocent.test/`, '#rule=999999&url=http://gambling-sample.test/', '#nonsense']) {
      expect((await recorder.fromBlockPage(fragment, false)).recorded, fragment).toBe(false);
    }
    expect(await store.counts()).toMatchObject({ pending: 0 });
  });

  test("the user's email goes in only when the policy allows it", async () => {
    const off = await setUp({ blockedDomains: ['x.test'] });
    const on = await setUp({ blockedDomains: ['x.test'], reportUserEmail: true });
    const withoutEmail = await off.recorder.fromLoadedAnyway('http://x.test/', false);
    const withEmail = await on.recorder.fromLoadedAnyway('http://x.test/', false);
    expect((withoutEmail as any).record.user).toBeUndefined();
    expect((withEmail as any).record.user).toBe('pupil@school.example');
  });

  test('failed requests the policy does not block are not breaches; blocked ones fold per page load', async () => {
    const { store, recorder } = await setUp({ blockedDomains: ['ads.test'] });
    expect((await recorder.fromFailedRequest({ url: 'http://offline.test/x.png', tabId: 1, type: 'image' })).recorded).toBe(false);
    await Promise.all(Array.from({ length: 30 }, (_, n) => recorder.fromFailedRequest({ url: `http://cdn.ads.test/${n}.png`, tabId: 1, type: 'image' })));
    recorder.newPageLoad(1);
    await recorder.fromFailedRequest({ url: 'http://cdn.ads.test/again.png', tabId: 1, type: 'image' });
    expect((await store.pending(10)).map((r) => r.count)).toEqual([30, 1]);
  });
});
