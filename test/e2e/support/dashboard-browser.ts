import puppeteer, { type Browser, type BrowserContext, type Page } from 'puppeteer-core';
import { expect } from 'vitest';
import { seriousAccessibilityViolations } from './accessibility.js';
import { saveScreenshot } from './screenshots.js';
import { chromiumPath } from './system-browsers.js';

/**
 * Debian's Chromium, headless, without the extension, for driving the staff dashboard as a person
 * would. Each person gets their own browser context (their own cookies), as two people on two
 * laptops would.
 *
 *   const browser = await DashboardBrowser.launch();
 *   const technician = await browser.newPerson();
 *   await signIn(technician, server.url, 'tech@oak.test', 'correct horse battery');
 *   await checkPage(technician, 'staff-list');
 */
export class DashboardBrowser {
  private constructor(private readonly browser: Browser) {}

  static async launch(): Promise<DashboardBrowser> {
    const browser = await puppeteer.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    return new DashboardBrowser(browser);
  }

  /** A fresh page in a fresh context (no cookies), at a school laptop's size unless told otherwise. */
  async newPerson(viewport = { width: 1280, height: 800 }): Promise<Page> {
    const context: BrowserContext = await this.browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport(viewport);
    // The pages work with JavaScript off; the tests prove it by driving them so.
    await page.setJavaScriptEnabled(false);
    return page;
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/** Opens `url` and waits for the page (after any redirects); the final response's status. */
export async function open(page: Page, url: string): Promise<number> {
  const response = await page.goto(url, { waitUntil: 'load' });
  return response?.status() ?? 0;
}

/** Fills the fields (by CSS selector) and presses the form's submit button, waiting for the page that follows. */
export async function submitForm(page: Page, fields: Record<string, string>, button = 'main button[type="submit"]'): Promise<number> {
  for (const [selector, value] of Object.entries(fields)) {
    await page.$eval(selector, (element) => {
      (element as HTMLInputElement).value = '';
    });
    await page.type(selector, value);
  }
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(button)]);
  return response?.status() ?? 0;
}

/** Signs in on the sign-in page; resolves on the page the dashboard then shows. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<number> {
  await open(page, `${baseUrl}/signin`);
  return submitForm(page, { '#email': email, '#password': password });
}

/** The page's path (no query), e.g. "/signin". */
export const pathOf = (page: Page): string => new URL(page.url()).pathname;

/**
 * What every visited page must pass: axe-core finds no serious or critical violation; then a
 * screenshot is saved to test-results/screenshots/dashboard-<name>.png for people to look at.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  // axe runs as a script the test adds: allowed for the check only (the pages themselves have none).
  const jsWasOn = page.isJavaScriptEnabled();
  await page.setJavaScriptEnabled(true);
  try {
    expect(await seriousAccessibilityViolations(page), `${name}: ${page.url()}`).toEqual([]);
  } finally {
    await page.setJavaScriptEnabled(jsWasOn);
  }
  await saveScreenshot(page, `dashboard-${name}`);
}
