import browser from 'webextension-polyfill';

export interface Navigation {
  tabId: number;
  frameId: number;
  url: string;
}

/** Documents that became visible: new page loads and in-page (history API) navigations. */
export interface Navigations {
  onCommitted(listener: (navigation: Navigation) => void): void;
  onHistoryStateUpdated(listener: (navigation: Navigation) => void): void;
  onTabClosed(listener: (tabId: number) => void): void;
  /** The page each open tab shows now. */
  openPages(): Promise<Navigation[]>;
  /** Replaces the tab's page with `url` (the block page); a frame's stray content goes with it. */
  replace(navigation: Navigation, url: string): Promise<void>;
}

export function browserNavigations(): Navigations {
  const pick = (details: { tabId: number; frameId: number; url: string }): Navigation => ({
    tabId: details.tabId,
    frameId: details.frameId,
    url: details.url,
  });
  return {
    onCommitted: (listener) => browser.webNavigation.onCommitted.addListener((details) => listener(pick(details))),
    onHistoryStateUpdated: (listener) => browser.webNavigation.onHistoryStateUpdated.addListener((details) => listener(pick(details))),
    onTabClosed: (listener) => browser.tabs.onRemoved.addListener((tabId) => listener(tabId)),
    async openPages() {
      const tabs = await browser.tabs.query({});
      return tabs.flatMap((tab) => (tab.id !== undefined && tab.url ? [{ tabId: tab.id, frameId: 0, url: tab.url }] : []));
    },
    async replace(navigation, url) {
      await browser.tabs.update(navigation.tabId, { url });
    },
  };
}
