import { describe, expect, test } from 'vitest';
import { HeldNavigations } from '../../extension/background/held-navigations.js';
import { STARTING_PAGE_PATH } from '../../src/core/extension-pages.js';

const STARTING = `chrome-extension://abc/${STARTING_PAGE_PATH}`;
const held = (url: string, extra: object = {}) => ({
  requestId: '1',
  url,
  tabId: 4,
  frameId: 0,
  type: 'main_frame',
  redirectUrl: STARTING,
  ...extra,
});

describe('HeldNavigations', () => {
  test('gives back the address the guard held in a tab and frame, once', async () => {
    const navigations = new HeldNavigations(STARTING);
    navigations.fromRedirect(held('http://school.test/maths?week=3'));
    navigations.fromRedirect(held('http://ignored.test/', { type: 'image' }));
    navigations.fromRedirect(held('http://elsewhere.test/', { redirectUrl: `${STARTING.replace('starting', 'blocked')}` }));
    expect(await navigations.take(4, 0)).toBe('http://school.test/maths?week=3');
  });

  test('waits for a redirect event that arrives after the page asked', async () => {
    const navigations = new HeldNavigations(STARTING);
    const asked = navigations.take(4, 0);
    navigations.fromRedirect(held('http://late.test/'));
    expect(await asked).toBe('http://late.test/');
  });
});
