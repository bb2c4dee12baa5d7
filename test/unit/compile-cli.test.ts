import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { create as createTar } from 'tar';
import { afterAll, describe, expect, test } from 'vitest';
import { buildRulesets } from '../../src/rules/compiler/builtin-rulesets.js';
import { rulesetJson } from '../../src/rules/ruleset-json.js';
import { defined } from './support/defined.js';

const work = mkdtempSync(join(tmpdir(), 'safescreen-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs `npm run rules:compile -- …` the way a technician would (without npm's banner). */
async function compileCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/compile-rules.ts', ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run rules:compile', () => {
  test('writes per-browser rulesets byte-identical to the extension build, a report and a summary table', async () => {
    const out = join(work, 'out');
    const result = await compileCli('rules/categories', '--out', out);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^category +read +kept +duplicates +covered +excepted +skipped +rules \(chromium\/firefox\)$/m);
    expect(result.stdout).toMatch(/^gambling +3 +2 +0 +1 +0 +0 +1\/1$/m);
    expect(result.stderr).toBe(''); // no progress bar when not on a terminal
    for (const target of ['chromium', 'firefox'] as const) {
      const built = await buildRulesets('rules', target);
      for (const id of ['gambling', 'social-media', 'child-abuse']) {
        const ruleset = defined(
          built.rulesets.find((candidate) => candidate.id === id),
          `the built ${target} ruleset ${id}`,
        );
        expect(readFileSync(join(out, target, 'rulesets', `${id}.json`), 'utf8')).toBe(rulesetJson(ruleset.rules));
      }
    }
    const report = JSON.parse(readFileSync(join(out, 'compile-report.json'), 'utf8'));
    expect(report.categories.find((c: { id: string }) => c.id === 'gambling')).toMatchObject({
      entriesRead: 3,
      kept: 2,
      coveredByParent: 1,
      rules: { chromium: 1, firefox: 1 },
    });
    expect(readFileSync(join(out, 'compile-report.txt'), 'utf8')).toContain('gambling');
  });

  test('a UT1 category folder keeps its own name, underscore and all, from a folder and from an archive', async () => {
    const download = join(work, 'ut1', 'blacklists', 'social_networks');
    mkdirSync(download, { recursive: true });
    writeFileSync(join(download, 'domains'), 'social.example\n');
    const archive = join(work, 'ut1.tar.gz');
    await createTar({ gzip: true, file: archive, cwd: join(work, 'ut1'), portable: true }, ['blacklists']);
    for (const [source, out] of [
      [join(work, 'ut1'), join(work, 'ut1-folder')],
      [archive, join(work, 'ut1-archive')],
    ]) {
      const result = await compileCli(source, '--out', out, '--category', 'social_networks');
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const rules = JSON.parse(readFileSync(join(out, 'chromium', 'rulesets', 'social_networks.json'), 'utf8'));
      expect(rules[0].action.redirect.extensionPath).toMatch(/\?category=social_networks$/);
      expect(JSON.parse(readFileSync(join(out, 'compile-report.json'), 'utf8')).categories.map((c: { id: string }) => c.id)).toEqual([
        'social_networks',
      ]);
    }
  });

  test('a malformed file stops the compile: non-zero exit, a clear message, the previous output untouched', async () => {
    const out = join(work, 'kept');
    mkdirSync(out);
    writeFileSync(join(out, 'marker'), 'previous compile');
    const good = join(work, 'good.txt');
    writeFileSync(good, 'fine.example\n');
    const binary = join(work, 'image.txt');
    writeFileSync(binary, Buffer.from([0x47, 0x49, 0x46, 0x38, 0, 1, 2]));
    const result = await compileCli(good, binary, '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/image\.txt: binary file .*\nnothing written/);
    expect(readFileSync(join(out, 'marker'), 'utf8')).toBe('previous compile');
    expect(existsSync(join(out, 'chromium'))).toBe(false);
  });

  test('a browser limit stops the compile with the limit named, and writes nothing', async () => {
    const sources = Array.from({ length: 21 }, (_, i) => {
      const file = join(work, `category${i}.txt`);
      writeFileSync(file, `site${i}.example\n`);
      return file;
    });
    const out = join(work, 'too-many');
    const result = await compileCli(...sources, '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('21 rulesets: Firefox enables at most 20 at once');
    expect(existsSync(out)).toBe(false);
    expect((await compileCli(...sources, '--out', out, '--browser', 'chromium')).code).toBe(0);
  });

  test('--strict refuses skipped lines; bad arguments print the usage', async () => {
    const list = join(work, 'suffix.txt');
    writeFileSync(list, 'ok.example\nco.uk\n');
    const strict = await compileCli(list, '--out', join(work, 'strict'), '--strict');
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/suffix\.txt:2: a public suffix/);
    expect(existsSync(join(work, 'strict'))).toBe(false);
    const usage = await compileCli('--out', join(work, 'x'));
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/no sources given[\s\S]*usage: npm run rules:compile/);
  });
});
