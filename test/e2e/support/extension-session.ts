import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import type { LocalStorageKey } from '../../../extension/shared/local-storage-items.js';
import type { DeliveryStatusReply, ListBreachesReply, Message, MessageType, Reply } from '../../../extension/shared/messages.js';
import type { FilterStatus } from '../../../extension/shared/status.js';
import type { BreachRecord } from '../../../src/core/breach.js';
import { BLOCK_PAGE_PATH, STARTING_PAGE_PATH } from '../../../src/core/extension-pages.js';
import { policyDigest } from '../../../src/core/policy-digest.js';
import type { TestSite } from './test-site.js';

export interface SessionOptions {
  /** Where the builds are (`<distDir>/chromium`, `<distDir>/firefox`); `dist` unless a test built its own. */
  distDir?: string;
  /** The browser's start-up page at first launch. */
  openAtLaunch?: string;
  /** False: return as soon as the browser is up, before the extension has applied the policy. */
  waitForPolicy?: boolean;
}

/** How a navigation ended, as the pupil would see it. */
export interface Visit {
  outcome: 'loaded' | 'block-page' | 'browser-error';
  href: string;
  /** Visible text and title of what ended up on screen. */
  text: string;
  title: string;
  page: Page;
}

/** One browser with the built extension installed, driven the way a pupil and an admin would. */
export abstract class ExtensionSession {
  abstract readonly name: 'chromium' | 'firefox';
  protected browser!: Browser;
  protected policy: Record<string, unknown> | undefined;
  protected abstract readonly profileDir: string;
  /** The machine-wide managed policy file this session writes. */
  protected abstract readonly policyFile: string;
  /** The unpacked build this browser loads (a later build there is an update). */
  readonly extensionDir: string;

  constructor(
    protected readonly site: TestSite,
    options: SessionOptions = {},
  ) {
    this.extensionDir = resolve(options.distDir ?? 'dist', this.browserName());
  }

  protected abstract browserName(): 'chromium' | 'firefox';

  /** Starts the browser; `openAtLaunch` is its start-up page, the earliest navigation there is. */
  protected abstract launch(openAtLaunch?: string): Promise<void>;

  /** The extension's origin, e.g. chrome-extension://<id> (no trailing slash). */
  abstract extensionOrigin(): string;
  /** Writes the machine-wide managed policy and waits until the extension has applied it. */
  abstract setPolicy(policy: Record<string, unknown>): Promise<void>;
  /** Closes the browser and starts it again with the same profile. */
  async restart({ waitForPolicy = true, openAtLaunch }: { waitForPolicy?: boolean; openAtLaunch?: string } = {}): Promise<void> {
    await this.browser.close();
    await this.launch(openAtLaunch);
    if (waitForPolicy) await this.waitForPolicy(this.policy);
  }

  /** Closes the browser and removes its profile and the machine-wide policy file. */
  async close(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    rmSync(this.policyFile, { force: true });
    // Firefox's helpers may still be writing the profile after close() returns: a temporary folder
    // left behind is no reason to fail a test.
    try {
      rmSync(this.profileDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (error) {
      console.warn(`${this.name}: profile ${this.profileDir} not removed: ${(error as Error).message}`);
    }
  }
  /** The browser's main process (where both browsers keep their DNR rules), for memory readings. */
  browserPid(): number | undefined {
    return this.browser.process()?.pid;
  }

  /** Stops the extension's service worker, where the browser lets a test do that (Chromium). */
  stopWorker?(): Promise<void>;

  get blockPageUrl(): string {
    return `${this.extensionOrigin()}/${BLOCK_PAGE_PATH}`;
  }

  async newPage(): Promise<Page> {
    return this.browser.newPage();
  }

  /** Identities of the open tabs, to spot one a page opens. */
  async openPages(): Promise<Page[]> {
    return this.browser.pages();
  }

  async waitForNewPage(before: Set<Page>): Promise<Page> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const fresh = (await this.browser.pages()).find((page) => !before.has(page));
      if (fresh) return fresh;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('no new tab opened');
  }

  /** Opens `url` in a new tab and reports what the pupil ends up seeing. */
  async visit(url: string): Promise<Visit> {
    const page = await this.newPage();
    // Not awaited: Firefox never resolves a navigation that a redirect ended on an extension page.
    void page.goto(url, { timeout: 15_000 }).catch(() => undefined);
    return this.settle(page);
  }

  /**
   * Waits until the tab shows a finished document for which `done(href)` holds, then describes it.
   * `about:blank` is never an outcome: it is a new tab's first document, and Firefox (over BiDi)
   * also reports it for a moment while a link click navigates.
   */
  async settle(page: Page, done: (href: string) => boolean = () => true): Promise<Visit> {
    // Generous: a page of 1,200 images on a busy 2-core machine has taken over 10 s to finish.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const state = await page
        .evaluate(`({ href: location.href, ready: document.readyState, text: document.body?.innerText ?? '', title: document.title })`)
        .then((value) => value as { href: string; ready: string; text: string; title: string })
        .catch(() => null);
      // The getting-ready page is a wait, not an outcome: it opens the real page when it can.
      const waiting = state?.href === 'about:blank' || state?.href.startsWith(`${this.extensionOrigin()}/${STARTING_PAGE_PATH}`);
      if (state && state.ready === 'complete' && done(state.href) && !waiting) {
        const outcome = state.href.startsWith(this.blockPageUrl) ? 'block-page' : /^https?:/.test(state.href) ? 'loaded' : 'browser-error';
        if (outcome !== 'block-page' || state.text.includes('Tell an adult')) return { outcome, ...state, page };
      }
      if (Date.now() > deadline) throw new Error(`page did not settle: ${JSON.stringify(state)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Opens one of the extension's own pages (status popup, block page) in a new tab. */
  async openExtensionPage(path = BLOCK_PAGE_PATH): Promise<Page> {
    const page = await this.newPage();
    const url = `${this.extensionOrigin()}/${path}`;
    await this.navigateToExtensionPage(page, url);
    await this.settle(page, (href) => href === url);
    return page;
  }

  protected abstract navigateToExtensionPage(page: Page, url: string): Promise<void>;

  /**
   * Evaluates `expression` inside an extension page. A string, not a function: the test
   * transform's helpers do not exist in the browser.
   */
  async inExtensionPage<T>(expression: string): Promise<T> {
    const page = await this.openExtensionPage();
    try {
      return (await page.evaluate(expression)) as T;
    } finally {
      await page.close().catch(() => undefined);
    }
  }

  /** The address of every open tab, as the extension sees them (puppeteer loses Firefox tabs an extension navigated). */
  tabUrls(): Promise<string[]> {
    return this.inExtensionPage(`(globalThis.browser ?? chrome).tabs.query({}).then((tabs) => tabs.map((tab) => tab.url ?? ''))`);
  }

  /**
   * Waits until the page the browser opened at launch on `host` shows the block page instead (no
   * tab shows the host, and a block page is open besides the one this asks from); returns when
   * that was seen (epoch ms).
   */
  async startPageReplaced(host: string, timeoutMs = 30_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let tabs: string[] = [];
    while (Date.now() < deadline) {
      tabs = await this.tabUrls().catch(() => [host]);
      const blockPages = tabs.filter((url) => url.startsWith(this.blockPageUrl)).length;
      if (!tabs.some((url) => url.includes(host)) && blockPages >= 2) return Date.now();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${this.name}: the start-up page on ${host} was not replaced; tabs: ${JSON.stringify(tabs)}`);
  }

  status(): Promise<FilterStatus | undefined> {
    const key = JSON.stringify('status' satisfies LocalStorageKey);
    return this.inExtensionPage(`(globalThis.browser ?? chrome).storage.local.get(${key}).then((items) => items[${key}])`);
  }

  /** The breach records in the extension's IndexedDB log. */
  async breaches(): Promise<BreachRecord[]> {
    return (await this.storedBreaches()).map((entry) => entry.record);
  }

  async storedBreaches(): Promise<ListBreachesReply['breaches']> {
    return (await this.askWorker({ type: 'list-breaches' })).breaches;
  }

  deliveryStatus(): Promise<DeliveryStatusReply> {
    return this.askWorker({ type: 'delivery-status' });
  }

  /** Sends the worker a message from one of the extension's pages, as the pages do. */
  private askWorker<T extends MessageType>(message: Message<T>): Promise<Reply<T>> {
    return this.inExtensionPage(`(globalThis.browser ?? chrome).runtime.sendMessage(${JSON.stringify(message)})`);
  }

  /** Waits until the extension reports that `policy` is the one in force. */
  async waitForPolicy(policy: Record<string, unknown> | undefined, timeoutMs = 20_000): Promise<FilterStatus> {
    const digest = await policyDigest(policy ?? {});
    const deadline = Date.now() + timeoutMs;
    let last: FilterStatus | string | undefined;
    while (Date.now() < deadline) {
      last = await this.status().catch((error: Error) => `unreadable: ${error.message}`);
      if (typeof last === 'object' && last.policyDigest === digest && last.state === 'applied') return last;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${this.name}: policy ${digest} not applied; last status ${JSON.stringify(last)}`);
  }
}
