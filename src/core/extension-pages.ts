/**
 * The extension's own pages, as paths inside the package (no leading slash: the form the manifest
 * and `runtime.getURL` take). The manifest names them too (a unit test holds it to these).
 */
/** The block screen: `blocked.html?category=<id>` (see block-page-address.ts). */
export const BLOCK_PAGE_PATH = 'extension/pages/blocked/blocked.html';
/** The getting-ready page the start-up guard holds pages on. */
export const STARTING_PAGE_PATH = 'extension/pages/starting/starting.html';
/** The toolbar popup. */
export const STATUS_PAGE_PATH = 'extension/pages/status/status.html';
