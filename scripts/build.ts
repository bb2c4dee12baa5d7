import { build } from 'vite';

/** Builds the extension for both browsers into dist/chromium and dist/firefox. */
for (const target of ['chromium', 'firefox'] as const) {
  process.env.TARGET = target;
  await build({ logLevel: 'warn' });
  console.log(`built dist/${target}/`);
}
