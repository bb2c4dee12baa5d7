import browser from 'webextension-polyfill';

interface ObservedRequest {
  /** Shared by every stage of one request, redirects included. */
  requestId: string;
  url: string;
  tabId: number;
  frameId: number;
  type: string;
}

export interface FailedRequest extends ObservedRequest {
  error: string;
}

export interface RedirectedRequest extends ObservedRequest {
  redirectUrl: string;
}

const WEB = { urls: ['http://*/*', 'https://*/*'] };

/**
 * Non-blocking observation of requests. A DNR redirect to the block page reports itself here,
 * with the URL it replaced, in both browsers (Chromium as a 307 "Internal Redirect").
 */
export function onRequestRedirected(listener: (request: RedirectedRequest) => void): void {
  browser.webRequest.onBeforeRedirect.addListener(
    ({ requestId, url, tabId, frameId, type, redirectUrl }) => listener({ requestId, url, tabId, frameId, type, redirectUrl }),
    WEB,
  );
}

/**
 * A DNR block does not report itself, but the request it stops ends here (Chromium:
 * net::ERR_BLOCKED_BY_CLIENT; Firefox: its own code).
 */
export function onRequestFailed(listener: (request: FailedRequest) => void): void {
  browser.webRequest.onErrorOccurred.addListener(
    ({ requestId, url, tabId, frameId, type, error }) => listener({ requestId, url, tabId, frameId, type, error }),
    WEB,
  );
}
