import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

/**
 * `npm test` needs from Debian: chromium and firefox-esr for the e2e tests (never a downloaded
 * browser), postgresql for the server tests (they start their own throw-away cluster on loopback),
 * and the real published lists the unit tests read (the Public Suffix List's test vectors; the
 * URLhaus, EasyList and uBlock lists shipped for uBlock Origin). As root with apt available they
 * are installed here; otherwise this stops with the one command to run.
 * `check-system-packages.ts lists` checks only the lists (for the unit tests).
 */
const listsOnly = process.argv[2] === 'lists';
// The published lists the unit tests read (test/unit/support/system-lists.ts finds their files).
const LIST_PACKAGES = ['publicsuffix', 'webext-ublock-origin-chromium'];
const postgresInstalled = () =>
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((version) => existsSync(`/usr/lib/postgresql/${version}/bin/initdb`));

const wanted = [
  { variable: 'CHROME_PATH', paths: ['/usr/lib/chromium/chromium', '/usr/bin/chromium'], debianPackage: 'chromium' },
  { variable: 'FIREFOX_PATH', paths: ['/usr/lib/firefox-esr/firefox-esr', '/usr/bin/firefox-esr'], debianPackage: 'firefox-esr' },
];
const present = (browser: (typeof wanted)[number]) => {
  const named = process.env[browser.variable];
  return named ? existsSync(named) : browser.paths.some((path) => existsSync(path));
};

function packageInstalled(debianPackage: string): boolean {
  try {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax, not a template
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', debianPackage], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).includes('install ok installed');
  } catch {
    return false;
  }
}

const missing: string[] = LIST_PACKAGES.filter((debianPackage) => !packageInstalled(debianPackage));
if (!listsOnly) {
  missing.push(...wanted.filter((browser) => !present(browser)).map((browser) => browser.debianPackage));
  if (!process.env.PG_BIN && !postgresInstalled()) missing.push('postgresql');
}
if (missing.length > 0) {
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log(`installing ${missing.join(', ')} from Debian's packages…`);
    execFileSync('sh', ['-c', command], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } else {
    console.error(`missing system package(s) for the tests: run "sudo sh -c '${command}'" (or set CHROME_PATH / FIREFOX_PATH / PG_BIN)`);
    process.exit(1);
  }
}
