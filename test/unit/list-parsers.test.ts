import { describe, expect, test } from 'vitest';
import { detectListFormat } from '../../src/rules/detect-list-format.js';
import { parseAdblockFilterLine } from '../../src/rules/parse-adblock-filter-line.js';
import { parseDomainListLine, parseUrlListLine } from '../../src/rules/parse-domain-list-line.js';
import { parseHostsFileLine } from '../../src/rules/parse-hosts-file-line.js';

const hosts = (list: string[], scope = 'all', exception = false) => ({ kind: 'hosts', hosts: list, scope, exception });
const skipped = (reason: RegExp) => ({ kind: 'skip', reason: expect.stringMatching(reason) });
const nothing = { kind: 'nothing' };

describe('plain domain lists', () => {
  test.each([
    ['example.com', hosts(['example.com'])],
    ['  example.com   # a comment', hosts(['example.com'])],
    ['# only a comment', nothing],
    ['   ', nothing],
    ['http://Example.com/', hosts(['example.com'])],
    ['https://example.com:8443', hosts(['example.com:8443'])],
    ['example.com/some/page', skipped(/URL with a path/)],
    ['http://example.com/?q=1', skipped(/URL with a path/)],
    ['0.0.0.0 example.com', skipped(/more than one word/)],
  ])('%j', (line, verdict) => expect(parseDomainListLine(line)).toEqual(verdict));
});

describe('UT1 urls files', () => {
  test.each([
    ['example.com/adult/page.html', skipped(/URL with a path/)],
    ['example.com/', hosts(['example.com'])],
    ['example.com', hosts(['example.com'])],
  ])('%j', (line, verdict) => expect(parseUrlListLine(line)).toEqual(verdict));
});

describe('hosts files', () => {
  test.each([
    ['0.0.0.0 ads.example.com', hosts(['ads.example.com'])],
    ['127.0.0.1\tone.example  two.example three.example # trackers', hosts(['one.example', 'two.example', 'three.example'])],
    [':: ads.example.com', hosts(['ads.example.com'])],
    ['# 0.0.0.0 commented.example', nothing],
    ['127.0.0.1 localhost', skipped(/local names/)],
    ['::1 localhost ip6-localhost ip6-loopback', skipped(/local names/)],
    ['255.255.255.255 broadcasthost', skipped(/real address/)],
    ['0.0.0.0 0.0.0.0', skipped(/local names/)],
    ['192.168.1.20 printer.school.example', skipped(/real address/)],
    ['ads.example.com', skipped(/no address/)],
    ['block ads.example.com', skipped(/does not start with an address/)],
  ])('%j', (line, verdict) => expect(parseHostsFileLine(line)).toEqual(verdict));
});

describe('Adblock-style filters: only "this host"', () => {
  test.each([
    ['||example.com^', hosts(['example.com'])],
    ['||example.com^$document', hosts(['example.com'], 'document')],
    ['||example.com^$doc', hosts(['example.com'], 'document')],
    ['||example.com^$all', hosts(['example.com'])],
    ['||example.com^$document,all', hosts(['example.com'])],
    ['@@||example.com^', hosts(['example.com'], 'all', true)],
    ['bare.example.com', hosts(['bare.example.com'])],
    ['1.2.3.4', hosts(['1.2.3.4'])],
    ['||1.2.3.4^', hosts(['1.2.3.4'])],
    ['! comment', nothing],
    ['[Adblock Plus 2.0]', nothing],
    ['', nothing],
    ['example.com##.advert', skipped(/cosmetic/)],
    ['##.advert', skipped(/cosmetic/)],
    ['example.com#@#.advert', skipped(/cosmetic/)],
    ['example.com#?#div:has(a)', skipped(/cosmetic/)],
    ['example.com##+js(noeval)', skipped(/cosmetic/)],
    ['||example.com/ads/banner.js', skipped(/has a path/)],
    ['||example.com^$third-party', skipped(/unsupported option "\$third-party"/)],
    ['||example.com^$script,domain=a.example|b.example', skipped(/unsupported option "\$script"$/)],
    ['||example.com^$domain=a.example', skipped(/unsupported option "\$domain"$/)],
    ['@@||example.com^$document', skipped(/unsupported option "\$document" on an exception/)],
    ['||example.com', skipped(/no "\^"/)],
    ['/banner[0-9]+\\.gif/', skipped(/regular-expression/)],
    ['&ad_type=', skipped(/URL pattern/)],
    ['||ex*ample.com^', skipped(/URL pattern/)],
  ])('%j', (line, verdict) => expect(parseAdblockFilterLine(line)).toEqual(verdict));
});

describe('detectListFormat', () => {
  test.each([
    ['domains', ['0.0.0.0 a.example'], 'domains'],
    ['urls', ['a.example/x'], 'urls'],
    ['list.txt', ['! Title: EasyList', '||ads.example^'], 'adblock'],
    ['list.txt', ['[Adblock Plus 2.0]', 'example.com##.ad'], 'adblock'],
    ['hosts', ['# hosts', '127.0.0.1 localhost', '0.0.0.0 a.example', '0.0.0.0 b.example'], 'hosts'],
    ['list.txt', ['# plain', 'a.example', 'b.example'], 'domains'],
    ['empty.txt', [], 'domains'],
  ])('%s %j → %s', (name, lines, format) => expect(detectListFormat(name, lines)).toBe(format));
});
