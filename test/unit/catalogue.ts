import { readFileSync } from 'node:fs';
import { parseCatalogue } from '../../src/core/categories.js';

/** The real catalogue the extension ships, for tests that should follow it as it grows. */
export const catalogue = parseCatalogue(JSON.parse(readFileSync('rules/categories.json', 'utf8')));
