import { readFileSync } from 'node:fs';
import { recordableCategories } from '../core/block-index.js';
import { parseCatalogue } from '../core/categories.js';

/** The category catalogue the extension is built with. Read once at start: a bad catalogue stops the server as it stops the build. */
export const CATALOGUE = parseCatalogue(JSON.parse(readFileSync(new URL('../../rules/categories.json', import.meta.url), 'utf8')));

/** The categories a device of this build can record. */
export const RECORDABLE_CATEGORIES = recordableCategories(CATALOGUE);
