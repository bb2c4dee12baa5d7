import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { compileListSources } from '../../src/rules/compiler/compile-list-sources.js';
import { writeGeneratedDomainList } from '../bench/domain-list-generator.js';
import { defined } from './support/defined.js';

const work = mkdtempSync(join(tmpdir(), 'safescreen-scale-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const digest = (pieces: Iterable<string>) => {
  const hash = createHash('sha256');
  for (const piece of pieces) hash.update(piece);
  return hash.digest('hex');
};

describe('compiling generated lists at scale', () => {
  test('1,000,000 domains: one Chromium rule, ten Firefox rules, compact output', async () => {
    const list = join(work, 'million.txt');
    await writeGeneratedDomainList(list, 1_000_000);
    const compiled = await compileListSources([list], ['chromium', 'firefox']);
    const [category] = compiled.categories;
    expect(category.counts.entriesRead).toBe(1_000_000);
    expect(category.counts.kept).toBeGreaterThan(990_000);
    expect(defined(compiled.rulesets.chromium, 'the Chromium rulesets')[0].rules).toHaveLength(1);
    expect(defined(compiled.rulesets.firefox, 'the Firefox rulesets')[0].rules).toHaveLength(10);
    const averageLength = category.hosts.characters / category.hosts.length;
    for (const target of ['chromium', 'firefox'] as const) {
      const bytesPerDomain = defined(compiled.rulesets[target], `the ${target} rulesets`)[0].bytes / category.counts.entriesRead;
      expect(bytesPerDomain).toBeLessThanOrEqual(1.1 * averageLength + 3);
    }
  }, 60_000);

  test('the same lines in any order give byte-identical rulesets', async () => {
    const sorted = join(work, 'sorted.txt');
    await writeGeneratedDomainList(sorted, 100_000, 7);
    const lines = readFileSync(sorted, 'utf8').split('\n');
    const shuffled = join(work, 'shuffled.txt');
    writeFileSync(shuffled, [...lines.slice(50_000), ...lines.slice(0, 50_000)].reverse().join('\n'));
    const fromSorted = await compileListSources([sorted], ['firefox'], { categories: ['x'] });
    const fromShuffled = await compileListSources([shuffled], ['firefox'], { categories: ['x'] });
    const shuffledFirefox = defined(fromShuffled.rulesets.firefox, 'the Firefox rulesets from the shuffled list');
    const sortedFirefox = defined(fromSorted.rulesets.firefox, 'the Firefox rulesets from the sorted list');
    expect(digest(shuffledFirefox[0].jsonPieces())).toBe(digest(sortedFirefox[0].jsonPieces()));
  }, 30_000);

  test('the build refuses lists past what a browser filters from its start, and writes nothing', async () => {
    const licensed = join(work, 'licensed');
    mkdirSync(licensed);
    await writeGeneratedDomainList(join(licensed, 'gambling.txt'), 1_010_000);
    const out = join(work, 'dist');
    const build = promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], {
      env: { ...process.env, SAFESCREEN_LICENSED_LISTS: licensed, SAFESCREEN_OUT_DIR: out, SAFESCREEN_TARGETS: 'chromium' },
    });
    await expect(build).rejects.toThrow(
      /Chromium: 1,010,0\d\d domains in all; above 1,010,000 the first pages[\s\S]*SAFESCREEN_ACCEPT_START_WINDOW=1/,
    );
    expect(existsSync(out)).toBe(false);
  }, 90_000);
});
