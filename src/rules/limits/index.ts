import type { TargetBrowser } from '../resource-types.js';
import type { BrowserLimits } from './browser-limits.js';
import { CHROMIUM_LIMITS } from './chromium.js';
import { FIREFOX_LIMITS } from './firefox.js';

export type { BrowserLimits } from './browser-limits.js';

export const BROWSER_LIMITS: Record<TargetBrowser, BrowserLimits> = {
  chromium: CHROMIUM_LIMITS,
  firefox: FIREFOX_LIMITS,
};
