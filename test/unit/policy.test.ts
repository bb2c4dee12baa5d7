import { domainToASCII } from 'node:url';
import { describe, expect, test } from 'vitest';
import { defaultCategoriesFor } from '../../src/core/categories.js';
import { parsePolicy } from '../../src/core/policy.js';
import { managedStorageSchema, POLICY_FIELDS } from '../../src/core/policy-schema.js';
import { catalogue } from './catalogue.js';

describe('parsePolicy', () => {
  test('no policy gives the safe defaults: primary profile, its categories, SafeSearch on', () => {
    const { policy, problems } = parsePolicy(undefined, catalogue);
    expect(problems).toEqual([]);
    expect(policy).toMatchObject({
      profile: 'primary',
      blockedCategories: defaultCategoriesFor(catalogue, 'primary'),
      blockedDomains: [],
      allowedDomains: [],
      allowListOnly: false,
      safeSearch: true,
      allowUnblockRequests: false,
    });
  });

  test('a policy that is not an object is reported and replaced by the defaults', () => {
    const { policy, problems } = parsePolicy(['oops'], catalogue);
    expect(policy.profile).toBe('primary');
    expect(problems).toEqual([expect.objectContaining({ key: '(policy)', severity: 'error' })]);
  });

  test('each profile has its own default categories, and early years is allow-list only', () => {
    const secondary = parsePolicy({ profile: 'secondary' }, catalogue).policy;
    expect(secondary.blockedCategories).not.toContain('games');
    expect(secondary.blockedCategories).toContain('pornography');
    const early = parsePolicy({ profile: 'early-years', allowListOnly: false }, catalogue);
    expect(early.policy.allowListOnly).toBe(true);
    expect(early.problems).toEqual([expect.objectContaining({ key: 'allowListOnly', severity: 'warning' })]);
  });

  test('list entries are judged one by one: good ones apply, bad ones are reported', () => {
    const { policy, problems } = parsePolicy(
      {
        blockedDomains: ['bad.test', '', 'https://www.pasted.test/page', 'co.uk', `${'x'.repeat(64)}.test`, 'ünïcode.test', 7],
        allowedDomains: ['good.test', 'https://allowed.test/path', 'Good.test.'],
      },
      catalogue,
    );
    expect(policy.blockedDomains).toEqual(['bad.test', 'www.pasted.test', domainToASCII('ünïcode.test')]);
    expect(policy.allowedDomains).toEqual(['good.test']);
    const summary = problems.map((p) => `${p.severity} ${p.key} ${p.entry}`);
    expect(summary).toEqual([
      'error blockedDomains ',
      'warning blockedDomains https://www.pasted.test/page',
      'error blockedDomains co.uk',
      `error blockedDomains ${'x'.repeat(64)}.test`,
      'error blockedDomains 7',
      'error allowedDomains https://allowed.test/path',
    ]);
  });

  test('unknown and illegal categories in blockedCategories are reported; valid ones replace the profile set', () => {
    const { policy, problems } = parsePolicy({ blockedCategories: ['gambling', 'no-such', 'child-abuse'] }, catalogue);
    expect(policy.blockedCategories).toEqual(['gambling']);
    expect(problems.map((p) => [p.severity, p.entry])).toEqual([
      ['error', 'no-such'],
      ['warning', 'child-abuse'],
    ]);
  });

  test('a blockedCategories list with nothing valid falls back to the profile set instead of opening the filter', () => {
    const { policy } = parsePolicy({ profile: 'secondary', blockedCategories: ['typo'] }, catalogue);
    expect(policy.blockedCategories).toEqual(defaultCategoriesFor(catalogue, 'secondary'));
  });

  test('wrong types get the default and an error, never a crash', () => {
    const { policy, problems } = parsePolicy(
      { profile: 'toddlers', allowListOnly: 'yes', safeSearch: 0, blockedDomains: 'one.test', schoolId: 12, groupId: '  ' },
      catalogue,
    );
    expect(policy).toMatchObject({ profile: 'primary', allowListOnly: false, safeSearch: true, blockedDomains: [] });
    expect(policy.schoolId).toBeUndefined();
    expect(policy.groupId).toBeUndefined();
    expect(problems.map((p) => p.key).sort()).toEqual(['allowListOnly', 'blockedDomains', 'groupId', 'profile', 'safeSearch', 'schoolId']);
  });

  test('reportingUrl must be https, or http on the local machine', () => {
    expect(parsePolicy({ reportingUrl: 'https://reports.school.example/' }, catalogue).policy.reportingUrl).toBe(
      'https://reports.school.example',
    );
    expect(parsePolicy({ reportingUrl: 'http://127.0.0.1:8787' }, catalogue).policy.reportingUrl).toBe('http://127.0.0.1:8787');
    for (const bad of ['http://reports.school.example', 'javascript:alert(1)', 'https://u:p@x.example', 'not a url']) {
      const { policy, problems } = parsePolicy({ reportingUrl: bad }, catalogue);
      expect(policy.reportingUrl).toBeUndefined();
      expect(problems[0]).toMatchObject({ key: 'reportingUrl', severity: 'error' });
    }
  });

  test('unknown keys are reported as warnings', () => {
    expect(parsePolicy({ blokedDomains: [] }, catalogue).problems).toEqual([
      expect.objectContaining({ key: 'blokedDomains', severity: 'warning' }),
    ]);
  });
});

describe('managedStorageSchema', () => {
  test('declares every policy key with its type', () => {
    const schema = managedStorageSchema() as { type: string; properties: Record<string, { type: string }> };
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties)).toEqual(Object.keys(POLICY_FIELDS));
    expect(schema.properties.blockedDomains).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(schema.properties.allowListOnly.type).toBe('boolean');
  });
});
