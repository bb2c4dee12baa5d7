/**
 * The ids schools' policies name (README, "The extension"), written out rather than derived from
 * the build's code: a changed manifest key or gecko id then fails the e2e tests, as it would fail
 * every school's force-install policy.
 */
export const CHROMIUM_EXTENSION_ID = 'lccdgekcdpkeklhbppcihlgkiofbbfcj';
export const GECKO_ID = 'safescreen@safescreen.school';
