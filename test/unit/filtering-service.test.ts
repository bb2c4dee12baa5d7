import { describe, expect, test, vi } from 'vitest';
import { FilteringService } from '../../extension/background/filtering-service.js';
import { catalogue, sampleRulesets } from './catalogue.js';
import { FakeDnrApi, FakeExtensionFiles, FakeHostPermission, FakeLocalStore, FakePolicySource } from './fakes/fake-browser-apis.js';
import { defined } from './support/defined.js';

const silent = { warn: () => {}, error: () => {} };

function setUp(raw: unknown) {
  const dnr = new FakeDnrApi();
  const policySource = new FakePolicySource(raw);
  const hostPermission = new FakeHostPermission();
  const store = new FakeLocalStore();
  const filtering = new FilteringService({
    dnr,
    policySource,
    hostPermission,
    files: new FakeExtensionFiles(sampleRulesets()),
    store,
    catalogue,
    target: 'chromium',
    rulesVersion: 'builtin-test',
    log: silent,
    managedReadTimeoutMs: 20,
  });
  const status = () => defined(store.values.status, 'the status the filtering service writes');
  return { dnr, policySource, hostPermission, store, filtering, status };
}

describe('FilteringService', () => {
  test('applies the policy: rulesets enabled, dynamic rules installed, status written', async () => {
    const { dnr, filtering, status } = setUp({ profile: 'secondary', blockedDomains: ['x.test', 'co.uk'] });
    await filtering.refresh('installed');
    expect(dnr.enabled.has('pornography')).toBe(true);
    expect(dnr.enabled.has('games')).toBe(false);
    expect(dnr.dynamic.length).toBeGreaterThan(0);
    expect(status()).toMatchObject({
      state: 'applied',
      reason: 'installed',
      profile: 'secondary',
      blockedDomainCount: 1,
      redirectToBlockPage: true,
    });
    expect(status().problems).toEqual([expect.objectContaining({ entry: 'co.uk', severity: 'error' })]);
  });

  test('is idempotent: applying the same policy again leaves the same rules', async () => {
    const { dnr, filtering } = setUp({ blockedDomains: ['x.test'], allowListOnly: true });
    await filtering.refresh('installed');
    const first = JSON.stringify([...dnr.enabled].sort()) + JSON.stringify(dnr.dynamic);
    await filtering.refresh('startup');
    expect(JSON.stringify([...dnr.enabled].sort()) + JSON.stringify(dnr.dynamic)).toBe(first);
  });

  test('a burst of triggers runs one pass at a time and ends on the latest policy', async () => {
    const { dnr, policySource, filtering, status } = setUp({ blockedDomains: ['one.test'] });
    const first = filtering.refresh('worker-start');
    await vi.waitFor(() => expect(policySource.reads).toBe(1));
    policySource.raw = { blockedDomains: ['two.test'] };
    const burst = [filtering.refresh('policy-changed'), filtering.refresh('policy-changed'), filtering.refresh('policy-changed')];
    await Promise.all([first, ...burst]);
    expect(policySource.reads).toBe(2); // the running pass, then one more for the whole burst
    expect(dnr.dynamic.some((rule) => rule.condition.requestDomains?.includes('two.test'))).toBe(true);
    expect(status().state).toBe('applied');
  });

  test('without host permission: no redirects, blocks kept, and the status says why', async () => {
    const { dnr, hostPermission, filtering, status } = setUp({ blockedDomains: ['x.test'] });
    hostPermission.value = false;
    await filtering.refresh('permissions-changed');
    expect(dnr.dynamic.every((rule) => rule.action.type !== 'redirect')).toBe(true);
    expect(dnr.dynamic.some((rule) => rule.action.type === 'block')).toBe(true);
    expect(status()).toMatchObject({ redirectToBlockPage: false, notes: [expect.stringMatching(/host permission/)] });
  });

  test('a failed update keeps the previous rules and reports the failure', async () => {
    const { dnr, policySource, filtering, status } = setUp({ blockedDomains: ['one.test'] });
    await filtering.refresh('installed');
    const before = JSON.stringify(dnr.dynamic);
    policySource.raw = { blockedDomains: ['two.test'] };
    dnr.failNextUpdate = 'rule limit exceeded';
    await expect(filtering.refresh('policy-changed')).rejects.toThrow('rule limit exceeded');
    expect(JSON.stringify(dnr.dynamic)).toBe(before);
    expect(status()).toMatchObject({ state: 'failed', error: 'rule limit exceeded' });
  });

  test('the start-up guard holds until a policy is known: not while a first read stalls, at once when it answers', async () => {
    const { dnr, policySource, filtering } = setUp({ blockedDomains: ['one.test'] });
    policySource.stalled = true;
    dnr.enabled.add('startup-guard');
    let known = false;
    void filtering.policyInForce().then(() => (known = true));
    await filtering.refresh('installed');
    expect(dnr.enabled.has('startup-guard')).toBe(true);
    expect(known).toBe(false);
    policySource.stalled = false;
    await filtering.refresh('policy-arrived');
    expect(dnr.enabled.has('startup-guard')).toBe(false);
    await vi.waitFor(() => expect(known).toBe(true));
  });

  test('a managed policy the browser does not deliver in time: last known policy, then the fresh one', async () => {
    const { dnr, policySource, filtering, status } = setUp({ blockedDomains: ['one.test'] });
    await filtering.refresh('installed');
    policySource.stalled = true;
    await filtering.refresh('startup');
    expect(status()).toMatchObject({ state: 'applied', blockedDomainCount: 1, notes: [expect.stringMatching(/last known policy/)] });
    expect(dnr.dynamic.some((rule) => rule.condition.requestDomains?.includes('one.test'))).toBe(true);
    policySource.stalled = false;
    policySource.raw = { blockedDomains: ['two.test'] };
    await vi.waitFor(() => expect(status().notes).toEqual([]), { timeout: 5_000 });
    expect(dnr.dynamic.some((rule) => rule.condition.requestDomains?.includes('two.test'))).toBe(true);
  });

  test('on a first start with no answer from the browser, the safe defaults filter meanwhile', async () => {
    const { dnr, policySource, filtering, status } = setUp({ profile: 'staff' });
    policySource.stalled = true;
    await filtering.refresh('installed');
    expect(status()).toMatchObject({
      state: 'applied',
      profile: 'primary',
      notes: [expect.stringMatching(/safe defaults/), expect.stringMatching(/getting-ready/)],
    });
    expect(dnr.enabled.has('games')).toBe(true);
    expect(dnr.enabled.has('startup-guard')).toBe(true);
  });

  test("while the worker's own read stalls, a policy an extension page read is put in force; otherwise it is ignored", async () => {
    const { policySource, filtering, status } = setUp({ blockedDomains: ['one.test'] });
    await filtering.refresh('installed');
    await filtering.policyFromPage({ blockedDomains: ['ignored.test'] });
    expect(status().blockedDomainCount).toBe(1);
    policySource.stalled = true;
    await filtering.refresh('startup');
    await filtering.policyFromPage({ blockedDomains: ['from-page.test', 'second.test'] });
    expect(status()).toMatchObject({ state: 'applied', blockedDomainCount: 2 });
  });
});
