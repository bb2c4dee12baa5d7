import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSoak } from '../server/support/soak.js';
import type { BenchRow } from './report.js';

const SECONDS = 60;

/** The soak test's run, three times as long: the server's memory at the end against after the warm-up. */
export async function soakBench(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'safescreen-soak-bench-'));
  try {
    const result = await runSoak({ seconds: SECONDS, dataDir });
    const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
    return [
      {
        name: `soak ${SECONDS} s: server memory (RSS), end vs after warm-up`,
        candidate: `${mib(result.rssEndKiB)} at the end (peak ${mib(result.rssPeakKiB)})`,
        baseline: `${mib(result.rssAfterWarmUpKiB)} after ${SECONDS / 4} s`,
        ratio: result.rssEndKiB / result.rssAfterWarmUpKiB,
        target: 'flat (ratio ≈ 1)',
      },
      {
        name: `soak ${SECONDS} s: honest records stored once amid hostile requests`,
        candidate: `${result.honestStored} of ${result.honestAcknowledged} acknowledged stored, ${result.honestStoredTwice} twice, ${result.forgedStored} forged stored, ${result.serverErrors} answers ≥ 500`,
        baseline: `${result.hostileRequests} hostile requests (${Object.entries(result.hostileStatuses)
          .map(([status, count]) => `${count}×${status}`)
          .join(', ')})`,
        ratio: result.honestStored / Math.max(result.honestAcknowledged, 1),
        target: 'ratio 1, nothing forged, no 5xx',
      },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
