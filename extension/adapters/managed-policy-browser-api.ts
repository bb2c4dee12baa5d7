import browser from 'webextension-polyfill';

export interface ManagedPolicySource {
  /** The raw policy, or `undefined` with a note when the browser has none for this extension. */
  read(): Promise<{ raw: unknown; note?: string }>;
  onChange(listener: () => void): void;
}

export function browserManagedPolicy(): ManagedPolicySource {
  return {
    async read() {
      try {
        const raw = await browser.storage.managed.get();
        return Object.keys(raw).length === 0 ? { raw: undefined, note: 'no managed policy: using safe defaults' } : { raw };
      } catch (error) {
        // Firefox throws when no policies.json names this extension.
        return { raw: undefined, note: `no managed policy (${(error as Error).message}): using safe defaults` };
      }
    },
    onChange(listener) {
      browser.storage.onChanged.addListener((_changes, area) => {
        if (area === 'managed') listener();
      });
    },
  };
}
