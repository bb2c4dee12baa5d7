/** Replaced at build time by vite.config.ts. */
declare const __TARGET__: 'chromium' | 'firefox';
declare const __RULES_VERSION__: string;
