import type { DnrApi } from '../../../extension/adapters/dnr-browser-api.js';
import type { ExtensionFiles } from '../../../extension/adapters/extension-files-browser-api.js';
import type { HostPermission } from '../../../extension/adapters/host-permission-browser-api.js';
import type { LocalStore } from '../../../extension/adapters/local-storage-browser-api.js';
import type { ManagedPolicySource } from '../../../extension/adapters/managed-policy-browser-api.js';
import type { LocalStorageItems, LocalStorageKey } from '../../../extension/shared/local-storage-items.js';
import type { DnrRule } from '../../../src/rules/dnr-types.js';

/** In-memory DNR with the browser's rule that overlapping dynamic updates fail on duplicate ids. */
export class FakeDnrApi implements DnrApi {
  enabled = new Set<string>();
  dynamic: DnrRule[] = [];
  failNextUpdate: string | null = null;
  private updating = false;

  async getEnabledRulesets() {
    return [...this.enabled];
  }
  async updateEnabledRulesets(enable: string[], disable: string[]) {
    await Promise.resolve();
    for (const id of disable) this.enabled.delete(id);
    for (const id of enable) this.enabled.add(id);
  }
  async replaceDynamicRules(rules: DnrRule[]) {
    if (this.updating) throw new Error('overlapping dynamic rule update');
    this.updating = true;
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.updating = false;
    if (this.failNextUpdate) {
      const message = this.failNextUpdate;
      this.failNextUpdate = null;
      throw new Error(message);
    }
    if (new Set(rules.map((r) => r.id)).size !== rules.length) throw new Error('duplicate rule id');
    this.dynamic = structuredClone(rules);
  }
}

export class FakePolicySource implements ManagedPolicySource {
  reads = 0;
  /** Like Chromium's policy service while it starts: the read never answers. */
  stalled = false;
  constructor(public raw: unknown) {}
  async read() {
    this.reads += 1;
    if (this.stalled) return new Promise<never>(() => {});
    return this.raw === undefined ? { raw: undefined, note: 'no managed policy' } : { raw: this.raw };
  }
  onChange() {}
}

export class FakeHostPermission implements HostPermission {
  constructor(public value = true) {}
  async granted() {
    return this.value;
  }
  onChange() {}
}

export class FakeExtensionFiles implements ExtensionFiles {
  constructor(private readonly rulesets: Record<string, DnrRule[]>) {}
  url(path: string) {
    return `chrome-extension://fake/${path}`;
  }
  async readRuleset(id: string) {
    return this.rulesets[id] ?? [];
  }
}

export class FakeLocalStore implements LocalStore {
  values: Partial<LocalStorageItems> = {};
  async get<K extends LocalStorageKey>(key: K) {
    return this.values[key];
  }
  async set<K extends LocalStorageKey>(key: K, value: LocalStorageItems[K] | undefined) {
    this.values[key] = structuredClone(value);
  }
}
