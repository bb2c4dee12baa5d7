import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { BLOCK_PAGE_PATH, STARTING_PAGE_PATH, STATUS_PAGE_PATH } from '../../src/core/extension-pages.js';

const manifest = JSON.parse(readFileSync('manifest.json', 'utf8'));

describe('extension pages', () => {
  test('the manifest names each page at the path the code uses', () => {
    expect(manifest.action.default_popup).toBe(STATUS_PAGE_PATH);
    expect(manifest.web_accessible_resources.flatMap((entry: { resources: string[] }) => entry.resources).sort()).toEqual(
      [BLOCK_PAGE_PATH, STARTING_PAGE_PATH].sort(),
    );
  });

  test('every page exists in the source tree', () => {
    for (const path of [BLOCK_PAGE_PATH, STARTING_PAGE_PATH, STATUS_PAGE_PATH]) expect(readFileSync(path, 'utf8')).toContain('<html');
  });
});
