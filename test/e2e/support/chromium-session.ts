import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Page } from 'puppeteer-core';
import { STATUS_PAGE_PATH } from '../../../src/core/extension-pages.js';
import { defined } from '../../unit/support/defined.js';
import { CHROMIUM_EXTENSION_ID } from './extension-ids.js';
import { ExtensionSession, type SessionOptions } from './extension-session.js';
import { chromiumPath } from './system-browsers.js';
import type { TestSite } from './test-site.js';

const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = join(POLICY_DIR, 'safescreen-e2e.json');

/**
 * Chromium with the unpacked extension loaded by command line (so the managed policy reaches it at
 * start-up, which DevTools-protocol installs do not) and the policy in the machine-wide policy
 * folder, where an administrator's would be.
 */
export class ChromiumSession extends ExtensionSession {
  readonly name = 'chromium' as const;
  protected readonly profileDir = mkdtempSync(join(tmpdir(), 'safescreen-chromium-'));
  private readonly id = CHROMIUM_EXTENSION_ID;
  protected readonly policyFile = POLICY_FILE;

  static async start(site: TestSite, policy?: Record<string, unknown>, options: SessionOptions = {}): Promise<ChromiumSession> {
    const session = new ChromiumSession(site, options);
    session.writePolicy(policy);
    await session.launch(options.openAtLaunch);
    if (options.waitForPolicy === false) return session;
    // Chromium sometimes never answers the worker's managed-policy read after a fresh install (up to
    // a third of fresh starts here) while answering the extension's pages at once. The extension
    // then filters with the safe defaults, and its pages relay the policy: open one, as an adult
    // checking the popup would, and if that is not enough, restart the browser.
    for (let attempt = 1; ; attempt++) {
      try {
        await session.waitForPolicy(policy, 12_000);
        break;
      } catch (error) {
        const stalled = (await session.status().catch(() => undefined))?.notes.some((note) => note.includes('has not delivered'));
        if (stalled && attempt < 4) {
          console.warn(
            `chromium: managed policy not delivered to the worker (attempt ${attempt}); ${attempt === 1 ? 'opening the popup' : 'restarting the browser'}`,
          );
          if (attempt === 1) {
            const popup = await session.openExtensionPage(STATUS_PAGE_PATH);
            await new Promise((resolve) => setTimeout(resolve, 5_000));
            await popup.close();
          } else await session.restart({ waitForPolicy: false, openAtLaunch: options.openAtLaunch });
          continue;
        }
        throw new Error(`${(error as Error).message}\n${await session.diagnose()}`);
      }
    }
    return session;
  }

  protected browserName() {
    return 'chromium' as const;
  }

  extensionOrigin(): string {
    return `chrome-extension://${this.id}`;
  }

  protected async navigateToExtensionPage(page: Page, url: string): Promise<void> {
    await page.goto(url);
  }

  /**
   * Stops the extension's service worker through the DevTools protocol, as Chromium does to an idle
   * one. Chromium may start it again at once (an event wakes it), so "stopped" is proven by its
   * JavaScript state being gone, not by the worker being absent.
   */
  async stopWorker(): Promise<void> {
    const workerTarget = () =>
      this.browser.targets().find((t) => t.type() === 'service_worker' && t.url().startsWith(this.extensionOrigin()));
    const worker = await defined(workerTarget(), 'the extension service worker target').worker();
    await defined(worker, 'the extension service worker').evaluate('globalThis.beforeStop = true');
    const page = await this.openExtensionPage();
    const cdp = await page.createCDPSession();
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await page.close();
    const deadline = Date.now() + 10_000;
    for (;;) {
      const target = workerTarget();
      const survived = target ? await (await target.worker())?.evaluate('globalThis.beforeStop === true').catch(() => false) : false;
      if (!survived) return;
      if (Date.now() > deadline) throw new Error('the service worker did not stop');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async setPolicy(policy: Record<string, unknown>): Promise<void> {
    this.writePolicy(policy);
    await this.waitForPolicy(policy);
  }

  /** What the worker itself holds, for a failure message (the page route may be what failed). */
  private async diagnose(): Promise<string> {
    const target = this.browser.targets().find((t) => t.type() === 'service_worker' && t.url().startsWith(this.extensionOrigin()));
    if (!target)
      return `no service worker; targets: ${this.browser
        .targets()
        .map((t) => `${t.type()} ${t.url()}`)
        .join(', ')}`;
    const worker = await target.worker();
    const read = (expression: string) =>
      Promise.race([
        defined(worker, 'the extension service worker').evaluate(expression),
        new Promise((resolve) => setTimeout(() => resolve('(no answer in 3 s)'), 3000)),
      ]);
    return `worker storage.local: ${JSON.stringify(await read('chrome.storage.local.get(null)'))}; managed: ${JSON.stringify(await read('chrome.storage.managed.get(null)'))}`;
  }

  protected writePolicy(policy: Record<string, unknown> | undefined): void {
    this.policy = policy;
    mkdirSync(POLICY_DIR, { recursive: true });
    if (policy === undefined) rmSync(POLICY_FILE, { force: true });
    else {
      writeFileSync(POLICY_FILE, JSON.stringify({ '3rdparty': { extensions: { [this.id]: policy } } }));
      // Chromium's policy loader waits for a file changed in the last few seconds to settle;
      // an administrator's file is older than that.
      const settled = new Date(Date.now() - 60_000);
      utimesSync(POLICY_FILE, settled, settled);
    }
  }

  protected async launch(openAtLaunch?: string): Promise<void> {
    this.browser = await puppeteer.launch({
      executablePath: chromiumPath(),
      headless: true,
      userDataDir: this.profileDir,
      ignoreDefaultArgs: ['--disable-extensions'],
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--host-resolver-rules=MAP * 127.0.0.1, EXCLUDE localhost`,
        `--disable-extensions-except=${this.extensionDir}`,
        `--load-extension=${this.extensionDir}`,
        ...(openAtLaunch ? [openAtLaunch] : []),
      ],
    });
    // Puppeteer holds new workers at start until it attaches to them; attaching lets ours run.
    const worker = await this.browser.waitForTarget(
      (target) => target.type() === 'service_worker' && target.url().startsWith(this.extensionOrigin()),
      { timeout: 15_000 },
    );
    await worker.worker();
  }
}
