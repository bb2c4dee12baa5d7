import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseCatalogue } from '../../src/core/categories.js';
import { decisionTrail } from '../../src/rules/decision-trail.js';
import { TIERS } from '../../src/rules/priorities.js';

const catalogue = parseCatalogue(JSON.parse(readFileSync('rules/categories.json', 'utf8')));

describe('why a breach was blocked', () => {
  test("the tier the extension named in the rule id stands, with the priority table's name and the list", () => {
    expect(decisionTrail('policy:categories', 'gambling', catalogue)).toEqual({
      tier: 'categories',
      tierLabel: TIERS.categories.label,
      list: 'Gambling (category list)',
    });
    expect(decisionTrail('policy:illegal', 'child-abuse', catalogue)).toMatchObject({
      tier: 'illegal',
      list: 'Child sexual abuse content (illegal-content list)',
    });
    expect(decisionTrail('policy:blockList', 'school-block-list', catalogue)).toMatchObject({
      tier: 'blockList',
      list: "the school's block list",
    });
    expect(decisionTrail('policy:allowListOnly', 'not-on-allow-list', catalogue)).toMatchObject({
      tier: 'allowListOnly',
      tierLabel: 'allow-list only',
    });
  });

  test('a rule id that names no tier (an older device) is read from the category', () => {
    expect(decisionTrail('category:terrorism', 'terrorism', catalogue).tier).toBe('illegal');
    expect(decisionTrail('4012', 'school-block-list', catalogue).tier).toBe('blockList');
    expect(decisionTrail('', 'not-on-allow-list', catalogue).tier).toBe('allowListOnly');
    expect(decisionTrail('policy:helpSites', 'games', catalogue)).toMatchObject({
      tier: 'categories',
      list: 'Online games (category list)',
    });
  });
});
