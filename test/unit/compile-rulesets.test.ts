import { describe, expect, test } from 'vitest';
import { rulesetDomains } from '../../src/rules/category-ruleset.js';
import {
  compileRulesetRules,
  compileRulesets,
  RuleLimitError,
  type RulesetInput,
  startWindowWarnings,
} from '../../src/rules/compile-rulesets.js';
import { BROWSER_LIMITS, type BrowserLimits } from '../../src/rules/limits/index.js';
import { PackedHosts } from '../../src/rules/packed-hosts.js';
import { ALL_RESOURCE_TYPES } from '../../src/rules/resource-types.js';
import { rulesetJson, rulesetJsonBytes, rulesetJsonPieces, unpackedRules } from '../../src/rules/ruleset-json.js';

const hosts = (count: number, prefix = 'h') => Array.from({ length: count }, (_, i) => `${prefix}${i}.example.com`).sort();
const input = (id: string, list: RulesetInput['hosts'], extra: Partial<RulesetInput> = {}): RulesetInput => ({
  id,
  action: { type: 'block' },
  priority: 600,
  enabled: false,
  hosts: list,
  ...extra,
});
const tiny: BrowserLimits = {
  browser: 'TestBrowser',
  maxStaticRulesets: 4,
  maxEnabledStaticRulesets: 3,
  guaranteedStaticRules: 10,
  maxRegexRules: 1,
  regexRulesCountedPer: 'extension',
  maxDomainsPerRule: 5,
  maxRulesetFileBytes: 10_000,
  filteredFromStartDomains: 8,
};

describe('compileRulesetRules', () => {
  test('packs a category into as few rules as the browser takes, every resource type named', () => {
    const list = hosts(250_000);
    const chromium = unpackedRules(compileRulesetRules(input('big', list), 'chromium'));
    expect(chromium).toHaveLength(1);
    expect(chromium[0]).toEqual({
      id: 1,
      priority: 600,
      action: { type: 'block' },
      condition: { requestDomains: list, resourceTypes: [...ALL_RESOURCE_TYPES.chromium] },
    });
    const firefox = unpackedRules(compileRulesetRules(input('big', PackedHosts.fromArray(list)), 'firefox'));
    expect(firefox.map((rule) => rule.id)).toEqual([1, 2, 3]);
    expect(firefox.map((rule) => rule.condition.requestDomains?.length)).toEqual([100_000, 100_000, 50_000]);
    expect(firefox.every((rule) => rule.condition.resourceTypes.join() === ALL_RESOURCE_TYPES.firefox.join())).toBe(true);
    // The extension reads every domain back, however many rules hold them.
    expect(rulesetDomains(firefox)).toEqual(list);
  });

  test('$document hosts get their own rule for pages and frames only', () => {
    const rules = unpackedRules(compileRulesetRules(input('c', ['a.example'], { documentHosts: ['d.example'] }), 'firefox'));
    expect(rules.map((rule) => [rule.id, rule.condition.requestDomains, rule.condition.resourceTypes])).toEqual([
      [1, ['a.example'], [...ALL_RESOURCE_TYPES.firefox]],
      [2, ['d.example'], ['main_frame', 'sub_frame']],
    ]);
    expect(rulesetDomains(rules)).toEqual(['a.example', 'd.example']);
  });

  test('an empty list gives an empty ruleset (an empty requestDomains would mean every domain)', () => {
    expect(compileRulesetRules(input('empty', []), 'chromium')).toEqual([]);
  });
});

describe('compileRulesets: inside every limit, or a precise error', () => {
  test('fits', () => {
    const rulesets = compileRulesets([input('a', hosts(12)), input('b', hosts(3))], 'chromium', tiny);
    expect(rulesets.map((ruleset) => [ruleset.id, ruleset.rules.length])).toEqual([
      ['a', 3],
      ['b', 1],
    ]);
    expect(rulesets[0].bytes).toBe(rulesetJson(rulesets[0].rules).length);
  });

  test.each([
    [
      'too many rulesets to enable at once',
      [input('a', []), input('b', []), input('c', []), input('d', [])],
      /4 rulesets: TestBrowser enables at most 3 at once/,
    ],
    [
      'too many rulesets',
      Array.from({ length: 5 }, (_, i) => input(`r${i}`, [])),
      /5 rulesets: TestBrowser accepts at most 4 in one extension/,
    ],
    ['too many static rules', [input('a', hosts(30)), input('b', hosts(30))], /12 static rules: TestBrowser guarantees 10/],
    [
      'a ruleset file too big',
      [input('a', hosts(2, 'x'.repeat(5000)))],
      /^ {2}- a: 2 domains make a 10,[0-9]{3}-byte ruleset file; the largest measured to load in TestBrowser is 10,000 bytes/m,
    ],
  ])('%s', (_name, inputs, message) => {
    expect(() => compileRulesets(inputs, 'chromium', tiny)).toThrow(RuleLimitError);
    expect(() => compileRulesets(inputs, 'chromium', tiny)).toThrow(message);
  });

  test('every catalogue-sized extension fits both browsers; Firefox refuses more than 20 rulesets', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => input(`c${i}`, hosts(10)));
    expect(compileRulesets(twenty, 'firefox')).toHaveLength(20);
    expect(() => compileRulesets([...twenty, input('c20', hosts(1))], 'firefox')).toThrow(/21 rulesets: Firefox enables at most 20/);
    expect(compileRulesets([...twenty, input('c20', hosts(1))], 'chromium')).toHaveLength(21);
  });

  test('the limits are the documented ones', () => {
    expect(BROWSER_LIMITS.chromium).toMatchObject({
      maxStaticRulesets: 100,
      maxEnabledStaticRulesets: 50,
      guaranteedStaticRules: 30_000,
      maxRegexRules: 1_000,
    });
    expect(BROWSER_LIMITS.firefox).toMatchObject({
      maxStaticRulesets: 100,
      maxEnabledStaticRulesets: 20,
      guaranteedStaticRules: 30_000,
      maxRegexRules: 1_000,
    });
  });
});

describe('ruleset JSON', () => {
  test('streamed pieces and the counted size are byte for byte JSON.stringify, packed or not', () => {
    const packed = [
      ...compileRulesetRules(input('a', [...hosts(25_000), '10.0.0.1', '[2001:db8::1]'], { documentHosts: ['d.example'] }), 'firefox'),
      { id: 9, priority: 1, action: { type: 'allow' as const }, condition: { resourceTypes: ['main_frame'] } },
      { id: 10, priority: 1, action: { type: 'block' as const }, condition: { requestDomains: [], resourceTypes: ['main_frame'] } },
    ];
    const rules = unpackedRules(packed);
    const expected = JSON.stringify(rules);
    for (const form of [packed, rules]) {
      expect([...rulesetJsonPieces(form)].join('')).toBe(expected);
      expect(rulesetJson(form)).toBe(expected);
      expect(rulesetJsonBytes(form)).toBe(Buffer.byteLength(expected));
    }
    expect(rulesetJson([])).toBe('[]');
    expect(rulesetJsonBytes([])).toBe(2);
  });
});

describe('startWindowWarnings', () => {
  test('warns, without refusing, past the domains measured to filter from a browser start', () => {
    const rulesets = (count: number) => compileRulesets([input('a', hosts(count))], 'chromium', tiny);
    expect(startWindowWarnings(rulesets(8), tiny)).toEqual([]);
    expect(startWindowWarnings(rulesets(9), tiny)).toEqual([
      expect.stringMatching(/^TestBrowser: 9 domains in all; above 8 the first pages after a browser restart/),
    ]);
  });
});
