import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeGeneratedDomainList } from '../../../scripts/bench/domain-list-generator.js';

export interface LargeCategoryBuild {
  /** Pass as `distDir` to a session. */
  distDir: string;
  /** Every name the generated list holds (lower case), for picking samples and neighbours. */
  listed: string[];
  /** Builds again into the same folder as `version`, for `targets`: what an update delivers. */
  rebuild(version: string, targets?: readonly string[]): Promise<void>;
  remove(): void;
}

/**
 * The extension built with a generated list of `domains` names added to `category`, through the
 * same build a school's technician runs (the list goes in where licensed lists do). Never committed.
 */
export async function buildWithLargeCategory(category: string, domains: number, targets: readonly string[]): Promise<LargeCategoryBuild> {
  const root = mkdtempSync(join(tmpdir(), `safescreen-${domains}-`));
  const lists = join(root, 'lists');
  mkdirSync(lists);
  const listFile = join(lists, `${category}.txt`);
  await writeGeneratedDomainList(listFile, domains);
  const distDir = join(root, 'dist');
  const build = async (version: string, only = targets) => {
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], {
      env: { ...process.env, SAFESCREEN_LICENSED_LISTS: lists, SAFESCREEN_OUT_DIR: distDir, SAFESCREEN_VERSION: version, SAFESCREEN_TARGETS: only.join(',') },
      maxBuffer: 16 * 1024 * 1024,
    });
  };
  await build('0.1.0');
  const listed = readFileSync(listFile, 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.toLowerCase());
  return { distDir, listed, rebuild: build, remove: () => rmSync(root, { recursive: true, force: true }) };
}
