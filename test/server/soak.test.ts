import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runSoak } from './support/soak.js';

// Bounded: `npm run bench -- soak` runs the same for longer and prints the memory figures.
const SECONDS = 20;
/** Generous: a leak per hostile request (thousands of them) would pass it within seconds. */
const MAX_RSS_GROWTH_KIB = 150 * 1024;

test(`a ${SECONDS}-second soak with hostile traffic mixed in: every honest record stored once, nothing forged stored, no 500, memory flat`, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'safescreen-soak-'));
  try {
    const result = await runSoak({ seconds: SECONDS, dataDir });
    expect(result.serverErrors).toBe(0);
    expect(result.hostileRequests).toBeGreaterThan(100);
    expect(result.honestAcknowledged).toBeGreaterThan(0);
    expect(result.honestRejected).toBe(0);
    expect(result.honestStored).toBe(result.honestAcknowledged);
    expect(result.honestStoredTwice).toBe(0);
    expect(result.forgedStored).toBe(0);
    expect(result.rssEndKiB - result.rssAfterWarmUpKiB).toBeLessThan(MAX_RSS_GROWTH_KIB);
    console.log(JSON.stringify(result));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 90_000);
