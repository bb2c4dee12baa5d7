import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create as createTar } from 'tar';
import { afterAll, describe, expect, test } from 'vitest';
import { collectListSources } from '../../src/rules/compiler/read-list-sources.js';
import { defined } from './support/defined.js';
import { badwareFile, easylistFile, urlhausFile } from './support/system-lists.js';

const work = mkdtempSync(join(tmpdir(), 'safescreen-sources-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let counter = 0;
const folder = () => {
  const dir = join(work, `case-${++counter}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};
const write = (path: string, content: string | Buffer) => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
};

/** A small UT1 download: blacklists/<category>/{domains,urls,usage} and an alias symlink. */
function ut1Tree(root: string): string {
  write(join(root, 'blacklists', 'adult', 'domains'), 'adult.example\nwww.adult.example\nco.uk\n');
  write(join(root, 'blacklists', 'adult', 'urls'), 'other.example/some/page\nwhole.example/\n');
  write(join(root, 'blacklists', 'adult', 'usage'), 'black\n');
  write(join(root, 'blacklists', 'gambling', 'domains'), 'bet.example\n');
  symlinkSync('adult', join(root, 'blacklists', 'porn'));
  return root;
}

describe('collectListSources', () => {
  test('detects each file format and names the category after the file', async () => {
    const dir = folder();
    const sources = [
      write(join(dir, 'ads.txt'), '! Title: test\n||ads.example^\n@@||ok.ads.example^\nexample.com##.ad\n'),
      write(join(dir, 'trackers.hosts'), '# hosts\n127.0.0.1 localhost\n0.0.0.0 t1.example t2.example\n'),
      write(join(dir, 'Games.txt'), 'play.example\r\nwww.play.example\r\n'),
    ];
    const categories = await collectListSources(sources);
    expect(categories.map((c) => [c.id, c.hosts.toArray()])).toEqual([
      ['ads', ['ads.example']],
      ['games', ['play.example']],
      ['trackers', ['t1.example', 't2.example']],
    ]);
    expect(categories[0].counts.skipped).toBe(2);
  });

  test('--category puts every file into one category; --format overrides detection', async () => {
    const dir = folder();
    const a = write(join(dir, 'a.txt'), '0.0.0.0 one.example\n');
    const b = write(join(dir, 'b.txt'), 'two.example\n');
    const [category] = await collectListSources([a, b], { categories: ['mixed'] });
    expect(category).toMatchObject({ id: 'mixed', sources: [a, b] });
    expect(category.hosts.toArray()).toEqual(['one.example', 'two.example']);
    const [asDomains] = await collectListSources([a], { format: 'domains' });
    expect(asDomains.hosts.length).toBe(0);
    expect(asDomains.counts.skipped).toBe(1);
  });

  test('an unpacked UT1 download and its .tar.gz archive give the same categories', async () => {
    const root = ut1Tree(folder());
    const archive = join(work, `ut1-${counter}.tar.gz`);
    await createTar({ gzip: true, file: archive, cwd: root, portable: true }, ['blacklists']);
    const fromFolder = await collectListSources([root]);
    const fromArchive = await collectListSources([archive]);
    const summary = (list: typeof fromFolder) =>
      list.map((c) => ({ id: c.id, hosts: c.hosts.toArray(), counts: c.counts.kept, skipped: c.counts.skipped }));
    expect(summary(fromFolder)).toEqual([
      { id: 'adult', hosts: ['whole.example', 'adult.example'], counts: 2, skipped: 2 },
      { id: 'gambling', hosts: ['bet.example'], counts: 1, skipped: 0 },
    ]);
    expect(summary(fromArchive)).toEqual(summary(fromFolder));
    expect((await collectListSources([archive], { categories: ['gambling'] })).map((c) => c.id)).toEqual(['gambling']);
    await expect(collectListSources([archive], { categories: ['nope'] })).rejects.toThrow(/no category "nope"/);
    // A category folder on its own.
    expect((await collectListSources([join(root, 'blacklists', 'gambling')])).map((c) => c.hosts.toArray())).toEqual([['bet.example']]);
  });

  test('a truncated archive is an error, never a shorter list', async () => {
    const root = folder();
    write(join(root, 'blacklists', 'big', 'domains'), Array.from({ length: 50_000 }, (_, i) => `site${i}.example`).join('\n'));
    const archive = join(work, 'big.tar.gz');
    await createTar({ gzip: true, file: archive, cwd: root }, ['blacklists']);
    const whole = readFileSync(archive);
    const truncated = write(join(work, 'truncated.tar.gz'), whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(collectListSources([truncated])).rejects.toThrow(/truncated\.tar\.gz: truncated or damaged archive/);
    const notArchive = write(join(work, 'text.tar.gz'), 'just text\n');
    await expect(collectListSources([notArchive])).rejects.toThrow(/text\.tar\.gz: (truncated or damaged archive|no <category>)/);
  });

  test.each([
    [
      'a binary file',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      /binary file \(a NUL byte at offset 8\)/,
    ],
    ['UTF-16 text', Buffer.from('\ufeffexample.com\n', 'utf16le'), /UTF-16 text/],
    [
      'Latin-1 text',
      Buffer.concat([Buffer.from('ok.example\nsecond.example\ncaf'), Buffer.from([0xe9]), Buffer.from('.example\n')]),
      /bad\.txt:3: not valid UTF-8/,
    ],
  ])('%s stops the compile with a clear error', async (_name, bytes, message) => {
    const file = write(join(folder(), 'bad.txt'), bytes);
    await expect(collectListSources([file])).rejects.toThrow(message);
  });

  test('missing sources and folders without lists are named', async () => {
    await expect(collectListSources([join(work, 'absent.txt')])).rejects.toThrow(/absent\.txt: no such file or folder/);
    await expect(collectListSources([folder()])).rejects.toThrow(/a folder without "domains" or "urls" lists/);
  });
});

describe('real published lists (Debian webext-ublock-origin-chromium)', () => {
  test('URLhaus: bare hosts and IPs kept, every URL with a path skipped and counted', async () => {
    const text = readFileSync(urlhausFile(), 'utf8');
    const lines = text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('!'));
    const withPath = lines.filter((line) => line.startsWith('||') && line.includes('/'));
    const wholeHosts = new Set(lines.filter((line) => !line.includes('/')).map((line) => line.replace(/^\|\||\^(\$all)?$/g, '')));
    const [category] = await collectListSources([urlhausFile()], { categories: ['malware'] });
    expect(withPath.length).toBeGreaterThan(100);
    expect(category.counts.skippedByReason['has a path: only whole hosts are compiled'].count).toBe(withPath.length);
    expect(category.counts.entriesRead).toBe(lines.length);
    expect(category.counts.kept).toBeGreaterThan(wholeHosts.size * 0.9);
    for (const host of category.hosts.toArray()) expect(host).toMatch(/^[a-z0-9_.:[\]-]+$/);
    // Nothing kept that the list did not name as a whole host.
    expect(category.hosts.toArray().filter((host) => !wholeHosts.has(host))).toEqual([]);
  });

  test('EasyList and uBlock badware: cosmetic, path and option filters are reported, never compiled', async () => {
    const categories = await collectListSources([easylistFile(), badwareFile()]);
    for (const category of categories) {
      const c = category.counts;
      expect(c.kept + c.duplicates + c.coveredByParent + c.excepted + c.exceptionsApplied + c.skipped).toBe(c.entriesRead);
      expect(c.kept).toBeGreaterThan(1000);
    }
    const easylist = defined(
      categories.find((c) => c.id === 'easylist'),
      'the easylist category',
    );
    expect(easylist.counts.skippedByReason['cosmetic filter (hides page elements; DNR only sees requests)'].count).toBeGreaterThan(10_000);
    expect(easylist.counts.skippedByReason['unsupported option "$third-party"'].count).toBeGreaterThan(100);
    const text = readFileSync(easylistFile(), 'utf8');
    const plainHostFilters = new Set([...text.matchAll(/^\|\|([a-z0-9.-]+)\^$/gm)].map((match) => match[1]));
    expect(easylist.hosts.toArray().every((host) => plainHostFilters.has(host))).toBe(true);
  });
});
