import { ChromiumSession } from './chromium-session.js';
import type { ExtensionSession, SessionOptions } from './extension-session.js';
import { FirefoxSession } from './firefox-session.js';
import type { TestSite } from './test-site.js';

export type BrowserName = 'chromium' | 'firefox';
/** Both by default; `E2E_BROWSERS=firefox` narrows a local run (CI always runs both). */
export const BROWSERS: BrowserName[] = (process.env.E2E_BROWSERS?.split(',') as BrowserName[] | undefined) ?? ['chromium', 'firefox'];

export function startSession(
  name: BrowserName,
  site: TestSite,
  policy?: Record<string, unknown>,
  options?: SessionOptions,
): Promise<ExtensionSession> {
  return name === 'chromium' ? ChromiumSession.start(site, policy, options) : FirefoxSession.start(site, policy, options);
}
