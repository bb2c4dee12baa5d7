import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, test } from 'vitest';
import { importStatements } from './support/import-statements.js';

/** An import as the rules see it: where it is, what it names, and the repository file it reaches (relative ones). */
interface FoundImport {
  file: string;
  line: number;
  specifier: string;
  target?: string;
}

const SOURCE_DIRS = ['src', 'extension', 'scripts', 'test'];
const ROOT_FILES = ['vite.config.ts', 'vitest.config.ts'];

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const FILES = [...SOURCE_DIRS.flatMap(typeScriptFiles), ...ROOT_FILES];
const IMPORTS: FoundImport[] = FILES.flatMap((file) =>
  importStatements(readFileSync(file, 'utf8')).map(({ specifier, line }) => ({
    file,
    line,
    specifier,
    // Sources import each other as `.js` (ESM), the files are `.ts`.
    target: specifier.startsWith('.') ? normalize(join(dirname(file), specifier)).replace(/\.js$/, '.ts') : undefined,
  })),
);

const NODE_BUILTINS = new Set(builtinModules);
const isNodeModule = (found: FoundImport) => found.specifier.startsWith('node:') || NODE_BUILTINS.has(found.specifier.split('/')[0]);
const reaches = (found: FoundImport, ...dirs: string[]) => {
  const { target } = found;
  return target !== undefined && dirs.some((dir) => target.startsWith(dir));
};
const under =
  (...dirs: string[]) =>
  (file: string) =>
    dirs.some((dir) => file.startsWith(dir));

interface Rule {
  rule: string;
  appliesTo: (file: string) => boolean;
  forbids: (found: FoundImport) => boolean;
  /** What to do instead, for the failure message. */
  fix: string;
}

const RULES: Rule[] = [
  {
    rule: 'nothing in src/ imports a browser API',
    appliesTo: under('src/'),
    forbids: (found) => found.specifier === 'webextension-polyfill',
    fix: 'wrap the browser API in an adapter under extension/adapters/ and pass what src/ needs in as arguments',
  },
  {
    rule: 'src/core imports no Node module and nothing from src/rules, src/server or extension/',
    appliesTo: under('src/core/'),
    forbids: (found) => isNodeModule(found) || reaches(found, 'src/rules/', 'src/server/', 'extension/'),
    fix: 'core runs in the service worker, the pages and the server alike: move the code that needs Node or the browser out of core, or move what core needs into core (the others may import core)',
  },
  {
    rule: 'src/rules outside compiler/ imports no Node module, no tar and nothing from src/server or extension/',
    appliesTo: (file) => file.startsWith('src/rules/') && !file.startsWith('src/rules/compiler/'),
    forbids: (found) => isNodeModule(found) || found.specifier === 'tar' || reaches(found, 'src/server/', 'extension/'),
    fix: 'the service worker bundles src/rules/: move Node-only code (files, archives, writing rulesets) to src/rules/compiler/',
  },
  {
    rule: 'only the build, scripts/ and test/ import the Node-only compiler in src/rules/compiler/',
    appliesTo: (file) => !under('src/rules/compiler/', 'scripts/', 'test/')(file) && file !== 'vite.config.ts',
    forbids: (found) => reaches(found, 'src/rules/compiler/'),
    fix: 'src/rules/compiler/ needs Node: import the browser-safe part from src/rules/ instead, moving it out of compiler/ if need be',
  },
  {
    // With the src/core and src/rules rules above: nothing the service worker or a page reaches needs Node.
    rule: 'extension/ imports no Node module and nothing from src/server',
    appliesTo: under('extension/'),
    forbids: (found) => isNodeModule(found) || reaches(found, 'src/server/'),
    fix: 'extension/ is bundled for the browser: move the code it needs to src/core or src/rules, free of Node',
  },
  {
    rule: 'extension pages import nothing from the service worker in extension/background/ (type imports neither)',
    appliesTo: under('extension/pages/'),
    forbids: (found) => reaches(found, 'extension/background/'),
    fix: 'move what both need (message and status types) to extension/shared/',
  },
  {
    rule: 'scripts/ imports nothing from test/',
    appliesTo: under('scripts/'),
    forbids: (found) => reaches(found, 'test/'),
    fix: 'move the code to the side that owns it: product code to src/, build code to scripts/, harness and benchmarks to test/',
  },
  {
    rule: 'test/ imports nothing from scripts/',
    appliesTo: under('test/'),
    forbids: (found) => reaches(found, 'scripts/'),
    fix: 'tests run scripts as processes (as a user would), never import them: move what the test needs to src/ or test/',
  },
];

describe('import zones', () => {
  test('the scan finds the imports of every layer', () => {
    for (const dir of ['src/core/', 'src/rules/', 'src/rules/compiler/', 'src/server/', 'extension/', 'scripts/', 'test/']) {
      expect(IMPORTS.filter((found) => found.file.startsWith(dir)).length, dir).toBeGreaterThan(0);
    }
  });

  test.each(RULES)('$rule', ({ appliesTo, forbids, fix }) => {
    const broken = IMPORTS.filter((found) => appliesTo(found.file) && forbids(found)).map(
      (found) => `${found.file}:${found.line} imports '${found.specifier}'`,
    );
    expect(broken, `${broken.join('\n')}\nFix: ${fix}`).toEqual([]);
  });

  test('every file in src/rules/compiler/ needs Node, so what is left there is really Node-only', () => {
    const needsNode = (file: string) =>
      IMPORTS.some(
        (found) => found.file === file && (isNodeModule(found) || found.specifier === 'tar' || reaches(found, 'src/rules/compiler/')),
      );
    const browserSafe = FILES.filter((file) => file.startsWith('src/rules/compiler/') && !needsNode(file));
    expect(browserSafe, `${browserSafe.join('\n')}\nFix: these need no Node module: move them to src/rules/ (git mv)`).toEqual([]);
  });

  test('nothing in src/ calls the chrome.* or browser.* globals', () => {
    const uses = FILES.filter(under('src/')).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((text, index) => ({ text: text.replace(/\/\/.*$/, ''), line: index + 1 }))
        .filter(({ text }) => !/^\s*\*/.test(text) && /\b(?:chrome|browser)\.[A-Za-z]/.test(text))
        .map(({ line, text }) => `${file}:${line} ${text.trim()}`),
    );
    expect(uses, `${uses.join('\n')}\nFix: call the browser through an adapter in extension/adapters/`).toEqual([]);
  });

  test('every file that imports tldts reads the Public Suffix List with TLDTS_OPTIONS', () => {
    const files = [...new Set(IMPORTS.filter((found) => found.specifier === 'tldts').map((found) => found.file))];
    const own = files.filter((file) => !readFileSync(file, 'utf8').includes('TLDTS_OPTIONS'));
    expect(files.length).toBeGreaterThan(0);
    expect(
      own,
      `${own.join('\n')}\nFix: pass TLDTS_OPTIONS (src/core/list-host.ts) to every tldts call, so breach records and the lists agree on what a registrable domain is`,
    ).toEqual([]);
  });
});

describe('the import scan', () => {
  test('reads every form of import and re-export, with the line each starts on', () => {
    const source = [
      'import { a,',
      "  b } from './multi-line.js';",
      "import type { T } from '../types.js';",
      "import Default, { named } from 'package';",
      "import './side-effect.js';",
      "export { c } from './re-export.js';",
      "export * from './star.js';",
      "export type { U } from './type-re-export.js';",
      "const lazy = await import('./dynamic.js');",
      "export const NOT_AN_IMPORT = 'from here';",
    ].join('\n');
    expect(importStatements(source)).toEqual([
      { specifier: './multi-line.js', line: 1 },
      { specifier: '../types.js', line: 3 },
      { specifier: 'package', line: 4 },
      { specifier: './side-effect.js', line: 5 },
      { specifier: './re-export.js', line: 6 },
      { specifier: './star.js', line: 7 },
      { specifier: './type-re-export.js', line: 8 },
      { specifier: './dynamic.js', line: 9 },
    ]);
  });

  test('skips imports that are only mentioned in comments', () => {
    const source = [
      "// import { gone } from './old.js';",
      " * import { doc } from './doc.js';",
      "/** see import('./doc.js') */",
      "const x = 1; // import('./note.js')",
    ].join('\n');
    expect(importStatements(source)).toEqual([]);
  });
});
