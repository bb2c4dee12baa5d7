import browser from 'webextension-polyfill';
import type { LocalStorageItems, LocalStorageKey } from '../shared/local-storage-items.js';

export interface LocalStore {
  get<K extends LocalStorageKey>(key: K): Promise<LocalStorageItems[K] | undefined>;
  set<K extends LocalStorageKey>(key: K, value: LocalStorageItems[K] | undefined): Promise<void>;
}

export function browserLocalStore(): LocalStore {
  return {
    get: async <K extends LocalStorageKey>(key: K) => (await browser.storage.local.get(key))[key] as LocalStorageItems[K] | undefined,
    set: (key, value) => browser.storage.local.set({ [key]: value }),
  };
}
