import { describe, expect, test } from 'vitest';
import { compareHostsFromEnd, sortedHostsInclude } from '../../src/core/hosts-from-end.js';
import { HostStore } from '../../src/rules/host-store.js';

const isSubdomainOf = (host: string, parent: string) => host.endsWith(`.${parent}`);
const sorted = (hosts: string[]) => [...hosts].sort((a, b) => compareHostsFromEnd(a, b));

describe('hosts sorted from their end', () => {
  test('a domain is followed by all its subdomains, then by longer names', () => {
    expect(
      sorted(['xexample.com', 'www.example.com', 'example.com', 'a.b.example.com', 'example-x.com', 'example.org', 'a.example.com']),
    ).toEqual(['example.org', 'example.com', 'a.example.com', 'a.b.example.com', 'www.example.com', 'xexample.com', 'example-x.com']);
  });

  test('HostStore sorts, de-duplicates and prunes like the plain comparison, on many names with shared endings', () => {
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const labels = ['a', 'b', 'ab', 'ba', 'www', 'x-y', 'x_y', '0a', 'longer-label', 'very-long-label-name'];
    const names = Array.from({ length: 20_000 }, () => {
      const parts = Array.from({ length: 1 + Math.floor(next() * 4) }, () => labels[Math.floor(next() * labels.length)]);
      return [...parts, next() < 0.5 ? 'com' : 'co.uk'].join('.');
    });
    names.push('1.2.3.4', '[2001:db8::1]', '11.2.3.4', '2.3.4', 'a.1.2.3.4');
    const unique = sorted([...new Set(names)]);
    const expected = unique.filter((host) => !unique.some((parent) => !/[\d\]]$/.test(host) && isSubdomainOf(host, parent)));
    const store = new HostStore();
    for (const name of [...names].reverse()) store.add(name);
    const result = store.sortedUncovered();
    expect(result.hosts.toArray()).toEqual(expected);
    expect(result.duplicates).toBe(names.length - unique.length);
    expect(result.covered).toBe(unique.length - expected.length);
    for (const name of ['a.com', 'www.b.co.uk', '1.2.3.4']) expect(sortedHostsInclude(expected, name)).toBe(expected.includes(name));
    expect(sortedHostsInclude(expected, 'nothere.example')).toBe(false);
  });

  test('refuses what list-host.ts would never produce', () => {
    expect(() => new HostStore().add('Upper.example')).toThrow(/not a normalised host/);
  });
});
