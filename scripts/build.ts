import { build } from 'vite';

/**
 * Builds the extension into dist/chromium and dist/firefox. The build reads its variables from
 * the environment: SAFESCREEN_LICENSED_LISTS (extra lists, `<category>.txt`), SAFESCREEN_OUT_DIR
 * (instead of dist), SAFESCREEN_VERSION (the manifest version), SAFESCREEN_TARGETS (one browser) and
 * SAFESCREEN_ACCEPT_START_WINDOW=1 (build lists past what a browser filters from its start, with a warning).
 */
const targets = (process.env.SAFESCREEN_TARGETS?.split(',') ?? ['chromium', 'firefox']) as ('chromium' | 'firefox')[];
for (const target of targets) {
  process.env.TARGET = target;
  await build({ logLevel: 'warn' });
  console.log(`built ${process.env.SAFESCREEN_OUT_DIR ?? 'dist'}/${target}/`);
}
