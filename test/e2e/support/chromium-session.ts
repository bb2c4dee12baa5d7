import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Page } from 'puppeteer';
import { chromiumExtensionId } from '../../../scripts/extension-manifest.js';
import { ExtensionSession } from './extension-session.js';
import { chromiumPath } from './system-browsers.js';
import type { TestSite } from './test-site.js';

const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = join(POLICY_DIR, 'safescreen-e2e.json');
const EXTENSION_DIR = resolve('dist/chromium');

/**
 * Chromium with the unpacked extension loaded by command line (so the managed policy reaches it at
 * start-up, which DevTools-protocol installs do not) and the policy in the machine-wide policy
 * folder, where an administrator's would be.
 */
export class ChromiumSession extends ExtensionSession {
  readonly name = 'chromium' as const;
  protected readonly profileDir = mkdtempSync(join(tmpdir(), 'safescreen-chromium-'));
  private readonly id = chromiumExtensionId(JSON.parse(readFileSync('manifest.json', 'utf8')).key);
  protected readonly policyFile = POLICY_FILE;

  static async start(site: TestSite, policy?: Record<string, unknown>): Promise<ChromiumSession> {
    const session = new ChromiumSession(site);
    session.writePolicy(policy);
    await session.launch();
    // Chromium's policy service sometimes never hands a freshly installed extension its managed
    // policy (seen in up to a third of fresh starts here; the extension then filters with the safe
    // defaults and says so). A browser restart delivers it, as it would on a pupil's device.
    for (let attempt = 1; ; attempt++) {
      try {
        await session.waitForPolicy(policy, 12_000);
        break;
      } catch (error) {
        const stalled = (await session.status().catch(() => undefined))?.notes.some((note) => note.includes('has not delivered'));
        if (stalled && attempt < 3) {
          console.warn(`chromium: managed policy not delivered on start ${attempt}; restarting the browser`);
          await session.restart({ waitForPolicy: false });
          continue;
        }
        throw new Error(`${(error as Error).message}\n${await session.diagnose()}`);
      }
    }
    return session;
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
    await (await workerTarget()!.worker())!.evaluate('globalThis.beforeStop = true');
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
    if (!target) return `no service worker; targets: ${this.browser.targets().map((t) => `${t.type()} ${t.url()}`).join(', ')}`;
    const worker = await target.worker();
    const read = (expression: string) =>
      Promise.race([worker!.evaluate(expression), new Promise((resolve) => setTimeout(() => resolve('(no answer in 3 s)'), 3000))]);
    return `worker storage.local: ${JSON.stringify(await read('chrome.storage.local.get(null)'))}; managed: ${JSON.stringify(await read('chrome.storage.managed.get(null)'))}`;
  }

  protected writePolicy(policy: Record<string, unknown> | undefined): void {
    this.policy = policy;
    mkdirSync(POLICY_DIR, { recursive: true });
    if (policy === undefined) rmSync(POLICY_FILE, { force: true });
    else writeFileSync(POLICY_FILE, JSON.stringify({ '3rdparty': { extensions: { [this.id]: policy } } }));
  }

  protected async launch(): Promise<void> {
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
        `--disable-extensions-except=${EXTENSION_DIR}`,
        `--load-extension=${EXTENSION_DIR}`,
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
