import { isDocumentType } from '../../src/core/document-types.js';
import type { RedirectedRequest } from '../adapters/web-request-browser-api.js';
import { forgetTab, frameKey } from './frame-key.js';

// The redirect event and the page's question travel separately; the question may come first.
const REDIRECT_EVENT_WAIT_MS = 3_000;

/**
 * The pages and frames the start-up guard sent to the getting-ready page, by tab and frame, so the
 * page can open what the pupil asked for once the school's policy is in force.
 */
export class HeldNavigations {
  private readonly held = new Map<string, string>();
  private readonly waiting = new Map<string, (url: string) => void>();

  /** @param startingPageUrl the getting-ready page's absolute URL */
  constructor(private readonly startingPageUrl: string) {}

  fromRedirect(request: RedirectedRequest): void {
    if (!isDocumentType(request.type) || request.redirectUrl.split(/[?#]/)[0] !== this.startingPageUrl) return;
    const key = frameKey(request.tabId, request.frameId);
    const waiter = this.waiting.get(key);
    if (waiter) waiter(request.url);
    else this.held.set(key, request.url);
  }

  /** The address held in this tab and frame, once; undefined if none arrives in a few seconds. */
  take(tabId: number, frameId: number): Promise<string | undefined> {
    const key = frameKey(tabId, frameId);
    const url = this.held.get(key);
    this.held.delete(key);
    if (url !== undefined) return Promise.resolve(url);
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(undefined), REDIRECT_EVENT_WAIT_MS);
      const done = (found: string | undefined) => {
        clearTimeout(timer);
        this.waiting.delete(key);
        resolve(found);
      };
      this.waiting.set(key, done);
    });
  }

  tabClosed(tabId: number): void {
    forgetTab(this.held, tabId);
  }
}
