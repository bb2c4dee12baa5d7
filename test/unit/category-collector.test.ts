import { describe, expect, test } from 'vitest';
import { CategoryCollector, type CollectedCategory } from '../../src/rules/category-collector.js';
import type { ListFormat } from '../../src/rules/list-line.js';
import { LINE_PARSERS } from '../../src/rules/parse-list-line.js';

function collect(format: ListFormat, text: string, examplesPerReason?: number): CollectedCategory {
  const collector = new CategoryCollector('test', examplesPerReason);
  text.split('\n').forEach((line, index) => {
    collector.addLine(LINE_PARSERS[format](line), 'list.txt', index + 1, line);
  });
  return collector.finish();
}

/** Every entry read is accounted for exactly once. */
function expectAccounted(category: CollectedCategory) {
  const c = category.counts;
  expect(c.kept + c.duplicates + c.coveredByParent + c.excepted + c.exceptionsApplied + c.skipped).toBe(c.entriesRead);
  expect(c.kept).toBe(category.hosts.length + category.documentHosts.length);
}

describe('CategoryCollector', () => {
  test('normalises, drops duplicates and subdomains of listed parents, sorts, keeps IP literals', () => {
    const category = collect(
      'domains',
      [
        'b.example.com',
        'Example.com.',
        'example.com',
        'www.example.com',
        'notexample.com',
        '10.0.0.1',
        '0.1.0.0.1',
        '[::1]:80',
        'co.uk',
        'a.b.c.example.org',
      ].join('\n'),
    );
    expect(category.hosts.toArray()).toEqual(['10.0.0.1', '[::1]', 'a.b.c.example.org', 'example.com', 'notexample.com']);
    expect(category.counts).toMatchObject({ entriesRead: 10, kept: 5, duplicates: 1, coveredByParent: 2, skipped: 2 });
    expect(Object.keys(category.counts.skippedByReason).sort()).toEqual([
      'a public suffix (Public Suffix List): blocking it would block every site registered under it',
      'last label is a number: neither a domain nor an IPv4 address',
    ]);
    expect(category.counts.skippedByReason['last label is a number: neither a domain nor an IPv4 address'].examples).toEqual([
      { file: 'list.txt', line: 7, text: '0.1.0.0.1' },
    ]);
    expectAccounted(category);
  });

  test('the result does not depend on line order', () => {
    const lines = ['a.example.com', 'example.com', 'x.y.example.net', 'y.example.net', 'c.example.org', 'c.example.org'];
    const forwards = collect('domains', lines.join('\n'));
    const backwards = collect('domains', [...lines].reverse().join('\n'));
    expect(backwards.hosts.toArray()).toEqual(forwards.hosts.toArray());
    expect(backwards.counts).toMatchObject({ kept: 3, duplicates: 1, coveredByParent: 2 });
  });

  test('$document entries stay apart, unless a parent blocks every type anyway', () => {
    const category = collect(
      'adblock',
      [
        '||pages.example^$document',
        '||all.example^',
        '||sub.all.example^$document',
        '||all.example^$document',
        '||a.pages.example^$document',
      ].join('\n'),
    );
    expect(category.hosts.toArray()).toEqual(['all.example']);
    expect(category.documentHosts.toArray()).toEqual(['pages.example']);
    expect(category.counts).toMatchObject({ kept: 2, coveredByParent: 3 });
    expectAccounted(category);
  });

  test('an exception lifts its host and subdomains out of the category; one inside a blocked parent is reported', () => {
    const category = collect(
      'adblock',
      [
        '||ads.example^',
        '||x.ads.example^',
        '||cdn.example^',
        '@@||ads.example^',
        '@@||ok.cdn.example^',
        '@@||never.example^',
        '@@||ads.example^',
      ].join('\n'),
    );
    expect(category.hosts.toArray()).toEqual(['cdn.example']);
    expect(category.counts).toMatchObject({ coveredByParent: 1, excepted: 1, exceptionsApplied: 1, duplicates: 1, skipped: 2 });
    expect(Object.keys(category.counts.skippedByReason).sort()).toEqual([
      'an exception for a host this category does not block',
      'an exception inside a blocked domain is not supported: the parent domain stays blocked',
    ]);
    expectAccounted(category);
  });

  test('hosts files: every name on a line counts, bad names are skipped with their line', () => {
    const category = collect('hosts', ['127.0.0.1 localhost', '0.0.0.0 a.example b.example co.uk', '0.0.0.0 a.example'].join('\n'));
    expect(category.hosts.toArray()).toEqual(['a.example', 'b.example']);
    expect(category.counts).toMatchObject({ entriesRead: 5, kept: 2, duplicates: 1, skipped: 2 });
    expectAccounted(category);
  });

  test('keeps only a few examples per reason, but counts them all', () => {
    const category = collect('domains', Array.from({ length: 50 }, () => 'co.uk').join('\n'));
    const [tally] = Object.values(category.counts.skippedByReason);
    expect(tally.count).toBe(50);
    expect(tally.examples).toHaveLength(3);
    expect(collect('domains', 'co.uk\nco.uk', Infinity).counts.skipped).toBe(2);
  });
});
