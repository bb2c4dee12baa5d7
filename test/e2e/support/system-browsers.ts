import { existsSync } from 'node:fs';

/** The system browsers the e2e tests drive (never a downloaded one). */
export function chromiumPath(): string {
  return firstExisting('CHROME_PATH', ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'], 'chromium');
}

export function firefoxPath(): string {
  return firstExisting('FIREFOX_PATH', ['/usr/lib/firefox-esr/firefox-esr', '/usr/bin/firefox-esr', '/usr/bin/firefox'], 'firefox-esr');
}

function firstExisting(variable: string, candidates: string[], debianPackage: string): string {
  const chosen = process.env[variable] ?? candidates.find((path) => existsSync(path));
  if (!chosen || !existsSync(chosen)) {
    throw new Error(`${debianPackage} not found: run "sudo apt-get install -y ${debianPackage}" or set ${variable} to the browser's path`);
  }
  return chosen;
}
