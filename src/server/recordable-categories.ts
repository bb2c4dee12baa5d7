import { readFileSync } from 'node:fs';
import { recordableCategories } from '../core/block-index.js';
import { parseCatalogue } from '../core/categories.js';

/**
 * The categories a device of this build can record, from the catalogue the extension is built with.
 * Read once at start: a bad catalogue stops the server as it stops the build.
 */
export const RECORDABLE_CATEGORIES = recordableCategories(
  parseCatalogue(JSON.parse(readFileSync(new URL('../../rules/categories.json', import.meta.url), 'utf8'))),
);
