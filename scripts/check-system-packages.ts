import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { LIST_PACKAGES } from '../test/unit/support/system-lists.js';

/**
 * What the tests need from Debian: chromium and firefox-esr for the end-to-end tests (never a
 * downloaded browser), and the real published lists the unit tests read (the Public Suffix List's
 * test vectors, and the URLhaus, EasyList and uBlock lists shipped for uBlock Origin). As root with
 * apt available they are installed here; otherwise this stops with the one command to run.
 * `check-system-packages.ts lists` checks only the lists (for the unit tests).
 */
const listsOnly = process.argv[2] === 'lists';
const browsers = [
  { variable: 'CHROME_PATH', paths: ['/usr/lib/chromium/chromium', '/usr/bin/chromium'], debianPackage: 'chromium' },
  { variable: 'FIREFOX_PATH', paths: ['/usr/lib/firefox-esr/firefox-esr', '/usr/bin/firefox-esr'], debianPackage: 'firefox-esr' },
];
const browserPresent = (browser: (typeof browsers)[number]) =>
  process.env[browser.variable] ? existsSync(process.env[browser.variable]!) : browser.paths.some((path) => existsSync(path));

function packageInstalled(debianPackage: string): boolean {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', debianPackage], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes('install ok installed');
  } catch {
    return false;
  }
}

const missing = [
  ...(listsOnly ? [] : browsers.filter((browser) => !browserPresent(browser)).map((browser) => browser.debianPackage)),
  ...LIST_PACKAGES.filter((debianPackage) => !packageInstalled(debianPackage)),
];
if (missing.length > 0) {
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log(`installing ${missing.join(', ')} from Debian's packages…`);
    execFileSync('sh', ['-c', command], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } else {
    console.error(`missing Debian packages for the tests: run "sudo sh -c '${command}'" (or set CHROME_PATH / FIREFOX_PATH)`);
    process.exit(1);
  }
}
