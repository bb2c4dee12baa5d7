import { describe, expect, test } from 'vitest';
import { formatProblem, parseDomainList } from '../../src/rules/domain-list.js';

describe('parseDomainList', () => {
  test('reads domains, skips comments and blank lines, reports bad lines with file:line', () => {
    const list = parseDomainList('# heading\nexample.test\n\nwww.example.test # covered\nco.uk\nOther.Test\n', 'cats/domains');
    expect(list.domains).toEqual(['example.test', 'other.test']);
    expect(list.problems.map(formatProblem)).toEqual([expect.stringMatching(/^cats\/domains:5: .*public suffix.*"co.uk"/)]);
  });

  test('drops duplicates and subdomains of listed parents, keeps neighbours', () => {
    expect(parseDomainList('b.example.test\nexample.test\nexample.test\nnotexample.test\na.b.c.test\n', 'list').domains).toEqual([
      'a.b.c.test',
      'example.test',
      'notexample.test',
    ]);
  });
});
