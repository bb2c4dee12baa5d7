import { describe, expect, test } from 'vitest';
import type { Navigation } from '../../extension/adapters/navigation-browser-api.js';
import type { BreachOutcome } from '../../extension/background/breach-recorder.js';
import { LoadedAnywayGuard } from '../../extension/background/loaded-anyway.js';
import { breach } from './support/breaches.js';

/** A guard whose rules block what `blocked` holds, as it is when each document is judged. */
function guard() {
  const blocked = new Set<string>();
  const replaced: { document: Navigation; breachId: string }[] = [];
  const judge = async (url: string): Promise<BreachOutcome> =>
    blocked.has(url) ? { recorded: true, record: { ...breach(), url } } : { recorded: false, reason: 'not blocked by the policy' };
  const loadedAnyway = new LoadedAnywayGuard({
    judge,
    replace: async (document, breachId) => void replaced.push({ document, breachId }),
    settleMs: 60_000,
  });
  return { loadedAnyway, blocked, replaced };
}

const page: Navigation = { tabId: 3, frameId: 0, url: 'http://video-app.test/watch?v=next' };

describe('LoadedAnywayGuard', () => {
  test('a page allowed when it opened is replaced when the next rules block it, however soon they come', async () => {
    const { loadedAnyway, blocked, replaced } = guard();
    await loadedAnyway.check(page);
    expect(replaced).toEqual([]);

    blocked.add(page.url);
    await loadedAnyway.check(page);
    expect(replaced.map(({ document }) => document)).toEqual([page]);
  });

  test('a replaced page is replaced once, though the sweeps after quick passes of rules still see it', async () => {
    const { loadedAnyway, blocked, replaced } = guard();
    blocked.add(page.url);
    await Promise.all([loadedAnyway.check(page), loadedAnyway.check(page)]);
    await loadedAnyway.check(page);
    expect(replaced).toHaveLength(1);
  });

  test('only web pages are judged', async () => {
    const { loadedAnyway, blocked, replaced } = guard();
    blocked.add('chrome://newtab/');
    await loadedAnyway.check({ ...page, url: 'chrome://newtab/' });
    expect(replaced).toEqual([]);
  });
});
