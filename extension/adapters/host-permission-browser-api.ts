import browser from 'webextension-polyfill';

/** Redirecting to the block page needs host access; Firefox lets a user withdraw it. */
export interface HostPermission {
  granted(): Promise<boolean>;
  onChange(listener: () => void): void;
}

const ALL_HOSTS = { origins: ['<all_urls>'] };

export function browserHostPermission(): HostPermission {
  return {
    granted: () => browser.permissions.contains(ALL_HOSTS),
    onChange(listener) {
      browser.permissions.onAdded.addListener(listener);
      browser.permissions.onRemoved.addListener(listener);
    },
  };
}
