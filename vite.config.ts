import { readFileSync } from 'node:fs';
import { crx } from '@crxjs/vite-plugin';
import { defineConfig } from 'vite';
import { chromiumExtensionId, manifestFor } from './scripts/extension-manifest.js';
import { rulesetsPlugin } from './scripts/vite-rulesets-plugin.js';
import { BLOCK_PAGE_PATH, STARTING_PAGE_PATH } from './src/core/extension-pages.js';
import { buildRulesets } from './src/rules/compiler/builtin-rulesets.js';
import type { TargetBrowser } from './src/rules/resource-types.js';

const target: TargetBrowser = process.env.TARGET === 'firefox' ? 'firefox' : 'chromium';
const manifest = manifestFor(JSON.parse(readFileSync('manifest.json', 'utf8')), target);
const chromiumOrigin = manifest.key ? `chrome-extension://${chromiumExtensionId(manifest.key)}` : undefined;
const built = await buildRulesets('rules', target, process.env.SAFESCREEN_LICENSED_LISTS, chromiumOrigin);
// A package whose first pages after a restart may load unfiltered is not built unless asked for.
if (built.warnings.length > 0 && process.env.SAFESCREEN_ACCEPT_START_WINDOW !== '1') {
  throw new Error(
    `${built.warnings.join('\n')}\nShorten the lists (every ruleset counts), or build with SAFESCREEN_ACCEPT_START_WINDOW=1 to accept that window.`,
  );
}
for (const warning of built.warnings) console.warn(`warning: ${warning}`);
// A release (or a test of updating from one build to the next) may stamp its own version.
if (process.env.SAFESCREEN_VERSION) manifest.version = process.env.SAFESCREEN_VERSION;

export default defineConfig({
  define: {
    __TARGET__: JSON.stringify(target),
    __RULES_VERSION__: JSON.stringify(built.rulesVersion),
  },
  build: {
    outDir: `${process.env.SAFESCREEN_OUT_DIR ?? 'dist'}/${target}`,
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      // Web-accessible pages are build inputs too, so their TypeScript is compiled.
      input: { blocked: BLOCK_PAGE_PATH, starting: STARTING_PAGE_PATH },
    },
  },
  plugins: [
    crx({ manifest: manifest as unknown as Parameters<typeof crx>[0]['manifest'], browser: target === 'firefox' ? 'firefox' : 'chrome' }),
    rulesetsPlugin(built, target === 'chromium'),
  ],
});
