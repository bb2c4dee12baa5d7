// Plain JavaScript: it runs before the dependencies exist. `npm start` and `npm test` call it so a
// fresh clone needs no separate install step; it runs `npm ci` only when the install is missing or
// older than package-lock.json.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
if (!existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs) {
  console.log('installing dependencies (npm ci)…');
  execSync('npm ci', { stdio: 'inherit' });
}
