import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defined } from '../unit/support/defined.js';
import { writeGeneratedDomainList } from './domain-list-generator.js';
import { type BenchRow, median } from './report.js';

interface Run {
  ms: number;
  peakRssMB: number;
  bytes: number;
  domains: number;
}

function run(mode: 'baseline' | 'candidate', list: string, out = '', browsers = ''): Run {
  const script = join(import.meta.dirname, 'rule-compiler-run.ts');
  const stdout = execFileSync(process.execPath, ['--import', 'tsx', script, mode, list, out, browsers], { encoding: 'utf8' });
  return JSON.parse(defined(stdout.trim().split('\n').pop(), 'the last line the run printed')) as Run;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const megabytes = (mb: number) => `${mb.toFixed(0)} MB`;

/**
 * The rule compiler against a baseline measured in the same run on the same generated list: reading
 * the file and parsing every line with tldts, nothing else. Each run is its own process (peak RSS);
 * 1,000,000 domains three times each (median) for both browsers; 5,000,000 once, for Chromium
 * only: its 94 MB ruleset is past the largest Firefox ruleset measured (src/rules/limits/firefox.ts),
 * so the compiler refuses it for Firefox, as it should.
 */
export async function ruleCompilerBench(): Promise<BenchRow[]> {
  const work = mkdtempSync(join(tmpdir(), 'safescreen-bench-'));
  const rows: BenchRow[] = [];
  try {
    for (const [count, repeats, browsers] of [
      [1_000_000, 3, 'chromium,firefox'],
      [5_000_000, 1, 'chromium'],
    ] as const) {
      const label = `${count / 1_000_000}M domains (${browsers.replace(',', ' + ')})`;
      const list = join(work, `${count}.txt`);
      await writeGeneratedDomainList(list, count);
      const baselines: Run[] = [];
      const candidates: Run[] = [];
      for (let i = 0; i < repeats; i++) {
        baselines.push(run('baseline', list));
        candidates.push(run('candidate', list, join(work, `out-${count}`), browsers));
      }
      const baseMs = median(baselines.map((r) => r.ms));
      const candMs = median(candidates.map((r) => r.ms));
      const baseMem = Math.max(...baselines.map((r) => r.peakRssMB));
      const candMem = Math.max(...candidates.map((r) => r.peakRssMB));
      rows.push({
        name: `compile ${label}: wall time`,
        candidate: seconds(candMs),
        baseline: seconds(baseMs),
        ratio: candMs / baseMs,
        target: 'ratio ≤ 3',
      });
      rows.push({
        name: `compile ${label}: peak memory`,
        candidate: megabytes(candMem),
        baseline: megabytes(baseMem),
        ratio: candMem / baseMem,
        target: count === 5_000_000 ? '≤ 600 MB' : '-',
      });
      if (count === 1_000_000) {
        // Average length of the names as listed (without line endings and comments).
        const names = readFileSync(list, 'utf8')
          .split('\n')
          .filter((line) => line !== '' && !line.startsWith('#'));
        const averageLength = names.reduce((sum, name) => sum + name.length, 0) / names.length;
        const perDomain = candidates[0].bytes / candidates[0].domains;
        const budget = 1.1 * averageLength + 3;
        rows.push({
          name: `output ${label}: bytes per input domain (Chromium)`,
          candidate: perDomain.toFixed(2),
          baseline: `${budget.toFixed(2)} (budget)`,
          ratio: perDomain / budget,
          target: `≤ 1.1 × ${averageLength.toFixed(2)} + 3`,
        });
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return rows;
}
