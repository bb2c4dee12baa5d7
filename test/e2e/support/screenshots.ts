import { mkdirSync } from 'node:fs';
import type { Page } from 'puppeteer-core';

/** Saves what the pupil saw, for people to look at (test-results/ is not committed). */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: `test-results/screenshots/${name}.png` });
}
