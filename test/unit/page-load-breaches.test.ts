import { expect, test } from 'vitest';
import { PageLoadBreaches } from '../../src/core/page-load-breaches.js';

test('simultaneous blocks of one host on one page load become one breach; a new page load starts afresh', async () => {
  const loads = new PageLoadBreaches();
  const made: string[] = [];
  const counted: string[] = [];
  const block = (tabId: number, host: string) =>
    loads.chain(tabId, host, 'gambling', async (earlier) => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
      if (earlier) {
        counted.push(earlier);
        return earlier;
      }
      made.push(`${tabId}:${host}:${made.length}`);
      return made.at(-1);
    });
  await Promise.all([...Array.from({ length: 50 }, () => block(1, 'same.test')), block(1, 'other.test'), block(2, 'same.test')]);
  expect(made).toHaveLength(3);
  expect(counted).toHaveLength(49);
  loads.newPageLoad(1);
  await block(1, 'same.test');
  expect(made).toHaveLength(4);
});
