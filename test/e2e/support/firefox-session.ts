import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Page } from 'puppeteer-core';
import { BLOCK_PAGE_PATH } from '../../../src/core/extension-pages.js';
import { GECKO_ID } from './extension-ids.js';
import { ExtensionSession, type SessionOptions } from './extension-session.js';
import { firefoxPath } from './system-browsers.js';
import type { TestSite } from './test-site.js';

const POLICY_DIR = '/etc/firefox/policies';
const POLICY_FILE = join(POLICY_DIR, 'policies.json');
const EXTENSION_UUID = '5afe5c7e-0000-4000-8000-000000000001';

/**
 * Firefox ESR with the extension installed into the profile (a proxy file pointing at the unpacked
 * build, which survives restarts, unlike a temporary add-on) and the policy in policies.json.
 * Firefox reads policies.json only at start-up, so a policy change means a restart, as it does
 * for a school's real Firefox.
 */
export class FirefoxSession extends ExtensionSession {
  readonly name = 'firefox' as const;
  protected readonly profileDir = mkdtempSync(join(tmpdir(), 'safescreen-firefox-'));
  protected readonly policyFile = POLICY_FILE;

  static async start(site: TestSite, policy?: Record<string, unknown>, options: SessionOptions = {}): Promise<FirefoxSession> {
    const session = new FirefoxSession(site, options);
    mkdirSync(join(session.profileDir, 'extensions'), { recursive: true });
    writeFileSync(join(session.profileDir, 'extensions', GECKO_ID), session.extensionDir);
    session.writePolicy(policy);
    await session.launch(options.openAtLaunch);
    if (options.waitForPolicy !== false) await session.waitForPolicy(policy);
    return session;
  }

  protected browserName() {
    return 'firefox' as const;
  }

  extensionOrigin(): string {
    return `moz-extension://${EXTENSION_UUID}`;
  }

  /**
   * Firefox refuses `goto` to extension pages; a blank tab may navigate to the web-accessible block
   * page, and from there to any page of the extension.
   */
  protected async navigateToExtensionPage(page: Page, url: string): Promise<void> {
    const blockPage = `${this.extensionOrigin()}/${BLOCK_PAGE_PATH}`;
    await page.evaluate(`location.href = ${JSON.stringify(blockPage)}`);
    if (url === blockPage) return;
    await this.settle(page, (href) => href === blockPage);
    await page.evaluate(`location.href = ${JSON.stringify(url)}`);
  }

  async setPolicy(policy: Record<string, unknown>): Promise<void> {
    this.writePolicy(policy);
    await this.restart();
  }

  protected writePolicy(policy: Record<string, unknown> | undefined): void {
    this.policy = policy;
    mkdirSync(POLICY_DIR, { recursive: true });
    if (policy === undefined) rmSync(POLICY_FILE, { force: true });
    else writeFileSync(POLICY_FILE, JSON.stringify({ policies: { '3rdparty': { Extensions: { [GECKO_ID]: policy } } } }));
  }

  /**
   * Just after a close, the last Firefox may still hold the profile, and the new one exits at once
   * ("Target closed"); a second or third try a moment later starts.
   */
  protected async launch(openAtLaunch?: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        this.browser = await this.launchOnce(openAtLaunch);
        return;
      } catch (error) {
        if (attempt === 3) throw error;
        console.warn(`firefox: launch ${attempt} failed (${(error as Error).message}); trying again`);
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    }
  }

  private launchOnce(openAtLaunch?: string) {
    return puppeteer.launch({
      browser: 'firefox',
      args: openAtLaunch ? [openAtLaunch] : [],
      executablePath: firefoxPath(),
      headless: true,
      userDataDir: this.profileDir,
      extraPrefsFirefox: {
        'network.dns.forceResolve': '127.0.0.1',
        'network.proxy.type': 0,
        'dom.security.https_first': false,
        'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
        // An unsigned add-on installed in the profile: allowed on ESR with these, else it is silently off.
        'xpinstall.signatures.required': false,
        'extensions.autoDisableScopes': 0,
        'extensions.enabledScopes': 15,
      },
    });
  }
}
