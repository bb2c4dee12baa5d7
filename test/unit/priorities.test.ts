import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { TIER_ID_SPAN, TIERS, tierOfDynamicRule } from '../../src/rules/priorities.js';

type Tier = keyof typeof TIERS;
const TIER_ORDER: Tier[] = [
  'hostSpelling',
  'illegal',
  'helpSites',
  'startupGuard',
  'allowList',
  'blockList',
  'categories',
  'allowListOnly',
];
const tiers = Object.entries(TIERS) as [Tier, (typeof TIERS)[Tier]][];
const dynamicTiers = tiers.flatMap(([tier, entry]) =>
  'firstId' in entry ? [{ tier, firstId: entry.firstId, lastId: entry.firstId + TIER_ID_SPAN - 1 }] : [],
);

/** The cells of a Markdown table's body rows: the first run of `|` lines after `start`, header and rule dropped. */
function tableRows(lines: string[], start: number): string[][] {
  const first = lines.findIndex((line, index) => index > start && line.startsWith('|'));
  const end = lines.findIndex((line, index) => index > first && !line.startsWith('|'));
  return lines.slice(first + 2, end === -1 ? undefined : end).map((line) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim()),
  );
}

describe('the priority table', () => {
  test('ranks the tiers host spelling, illegal, help sites, start-up guard, allow list, block list, categories, allow-list only', () => {
    const byPriority = [...tiers].sort(([, a], [, b]) => b.priority - a.priority).map(([tier]) => tier);
    expect(
      byPriority,
      'src/rules/priorities.ts: a tier has moved; if that is meant, change TIER_ORDER here and the README table too',
    ).toEqual(TIER_ORDER);
    expect(
      tiers.map(([tier]) => tier),
      'src/rules/priorities.ts: list TIERS highest first',
    ).toEqual(TIER_ORDER);
  });

  test('gives every tier its own priority, a positive whole number as DNR wants', () => {
    const priorities = tiers.map(([, entry]) => entry.priority);
    expect(new Set(priorities).size, 'src/rules/priorities.ts: two tiers share a priority, so DNR would not decide between them').toBe(
      priorities.length,
    );
    expect(priorities.every((priority) => Number.isInteger(priority) && priority >= 1)).toBe(true);
  });

  test('gives dynamic tiers disjoint id ranges of positive ids, and host spelling, help sites and the start-up guard none (they are static rulesets)', () => {
    for (const [index, range] of dynamicTiers.entries()) {
      expect(Number.isInteger(range.firstId) && range.firstId >= 1, `${range.tier}.firstId`).toBe(true);
      for (const other of dynamicTiers.slice(index + 1)) {
        const overlap = range.firstId <= other.lastId && other.firstId <= range.lastId;
        expect(
          overlap,
          `src/rules/priorities.ts: ${range.tier} (${range.firstId}–${range.lastId}) overlaps ${other.tier} (${other.firstId}–${other.lastId}): move one firstId`,
        ).toBe(false);
      }
    }
    expect(dynamicTiers.map((range) => range.tier)).toEqual(['illegal', 'allowList', 'blockList', 'categories', 'allowListOnly']);
  });

  test('names the tier of every id in a range, and of no id outside the ranges', () => {
    for (const { tier, firstId, lastId } of dynamicTiers) {
      expect(
        [tierOfDynamicRule(firstId), tierOfDynamicRule(lastId)],
        `tierOfDynamicRule in src/rules/priorities.ts must list ${tier}`,
      ).toEqual([tier, tier]);
    }
    const outside = [
      0,
      1,
      Math.min(...dynamicTiers.map((range) => range.firstId)) - 1,
      Math.max(...dynamicTiers.map((range) => range.lastId)) + 1,
    ];
    expect(outside.map(tierOfDynamicRule)).toEqual(outside.map(() => null));
  });

  test('matches the table in its own doc comment: names, priorities and dynamic ids, in order', () => {
    const lines = readFileSync('src/rules/priorities.ts', 'utf8')
      .split('\n')
      .map((line) => line.replace(/^ \* ?/, ''));
    const rows = tableRows(lines, 0).map(([label, , priority, , ids]) => [label, priority, ids.replace(/ \(block\)$/, '')]);
    const expected = tiers.map(([, entry]) => [
      entry.label,
      String(entry.priority),
      'firstId' in entry ? `${entry.firstId}–${entry.firstId + TIER_ID_SPAN - 1}` : '(static ruleset)',
    ]);
    expect(
      rows,
      'the doc comment of src/rules/priorities.ts disagrees with TIERS below it: update the comment table (label | what | priority | action | dynamic ids)',
    ).toEqual(expected);
  });

  test('matches the README table under "How filtering works", row by row', () => {
    const lines = readFileSync('README.md', 'utf8').split('\n');
    const heading = lines.findIndex((line) => line.startsWith('### How filtering works'));
    expect(heading, 'README.md has no "### How filtering works" section').toBeGreaterThan(-1);
    const readmeTiers = tableRows(lines, heading).map(([label]) => label);
    const labels = tiers.map(([, entry]) => entry.label);
    expect(
      readmeTiers,
      'README.md "How filtering works" must list the tiers of src/rules/priorities.ts highest first, named by their `label`: fix the README row, or rename the label in TIERS (the one home of the name)',
    ).toEqual(labels);
  });
});
