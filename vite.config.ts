import { crx } from '@crxjs/vite-plugin';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import { buildRulesets } from './src/rules/builtin-rulesets.js';
import type { TargetBrowser } from './src/rules/resource-types.js';
import { manifestFor } from './scripts/extension-manifest.js';
import { rulesetsPlugin } from './scripts/vite-rulesets-plugin.js';

const target: TargetBrowser = process.env.TARGET === 'firefox' ? 'firefox' : 'chromium';
const built = await buildRulesets('rules', target, process.env.SAFESCREEN_LICENSED_LISTS);
const manifest = manifestFor(JSON.parse(readFileSync('manifest.json', 'utf8')), target);

export default defineConfig({
  define: {
    __TARGET__: JSON.stringify(target),
    __RULES_VERSION__: JSON.stringify(built.rulesVersion),
  },
  build: {
    outDir: `dist/${target}`,
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      // The block page is a web-accessible resource; as a build input its TypeScript is compiled.
      input: { blocked: 'extension/pages/blocked/blocked.html' },
    },
  },
  plugins: [
    crx({ manifest: manifest as any, browser: target === 'firefox' ? 'firefox' : 'chrome' }),
    rulesetsPlugin(built, target === 'chromium'),
  ],
});
