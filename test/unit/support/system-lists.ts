import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Real published lists the tests read, from Debian packages (never committed). Found through
 * dpkg's own file list, so no path is assumed; missing packages fail the tests with the one
 * command to run (CI installs them: .ci/run and scripts/check-system-packages.ts, which list
 * these packages too: a new one goes there as well).
 */
function packageFile(debianPackage: 'publicsuffix' | 'webext-ublock-origin-chromium', suffix: string): string {
  let files: string[] = [];
  try {
    files = execFileSync('dpkg', ['-L', debianPackage], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n');
  } catch {
    // not installed (or no dpkg): reported below
  }
  const found = files.find((file) => file.endsWith(suffix));
  if (!found || !existsSync(found)) {
    throw new Error(
      `${suffix} not found: install the Debian package with "apt-get install -y ${debianPackage}" (npm test does it as root)`,
    );
  }
  return found;
}

/** The Public Suffix List's own test vectors (checkPublicSuffix(input, registrableDomain) lines). */
export const testPslFile = () => packageFile('publicsuffix', '/examples/test_psl.txt');
/** URLhaus malware domains for uBlock Origin: bare hosts and IPs, and ||host/path^$all URLs. */
export const urlhausFile = () => packageFile('webext-ublock-origin-chromium', '/urlhaus-filter/urlhaus-filter-online.txt');
/** EasyList: mostly cosmetic and path filters, some ||host^ ones. */
export const easylistFile = () => packageFile('webext-ublock-origin-chromium', '/easylist/easylist.txt');
/** uBlock Origin's own badware list. */
export const badwareFile = () => packageFile('webext-ublock-origin-chromium', '/ublock/badware.min.txt');
