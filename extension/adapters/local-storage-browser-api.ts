import browser from 'webextension-polyfill';

export interface LocalStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
}

export function browserLocalStore(): LocalStore {
  return {
    get: async <T>(key: string) => (await browser.storage.local.get(key))[key] as T | undefined,
    set: (key, value) => browser.storage.local.set({ [key]: value }),
  };
}
