import browser from 'webextension-polyfill';

export interface FailedRequest {
  url: string;
  tabId: number;
  frameId: number;
  type: string;
  error: string;
}

/**
 * Non-blocking observation of failed requests: DNR blocks do not report themselves, but the
 * request they stop ends here (Chromium: net::ERR_BLOCKED_BY_CLIENT; Firefox: its own code).
 */
export function onRequestFailed(listener: (request: FailedRequest) => void): void {
  browser.webRequest.onErrorOccurred.addListener(
    (details) => listener({ url: details.url, tabId: details.tabId, frameId: details.frameId, type: details.type, error: details.error }),
    { urls: ['http://*/*', 'https://*/*'] },
  );
}
