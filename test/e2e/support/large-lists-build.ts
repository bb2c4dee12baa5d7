import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeGeneratedDomainList } from '../../bench/domain-list-generator.js';

export interface LargeListsBuild {
  /** Pass as `distDir` to a session. */
  distDir: string;
  /** Every name a category's generated list holds (lower case), for picking samples and neighbours. */
  listed(category: string): string[];
  /** Builds again into the same folder as `version`, for `targets`: what an update delivers. */
  rebuild(version: string, targets?: readonly string[]): Promise<void>;
  remove(): void;
}

/**
 * The extension built with generated lists added to catalogue categories (`domains` names each),
 * through the same build a school's technician runs: the lists go in where licensed lists do.
 * Never committed.
 */
export async function buildWithLargeLists(
  lists: Record<string, number>,
  targets: readonly string[],
  { acceptStartWindow = false } = {},
): Promise<LargeListsBuild> {
  const root = mkdtempSync(join(tmpdir(), 'safescreen-lists-'));
  const listsDir = join(root, 'lists');
  mkdirSync(listsDir);
  const listFile = (category: string) => join(listsDir, `${category}.txt`);
  let seed = 1;
  for (const [category, domains] of Object.entries(lists)) await writeGeneratedDomainList(listFile(category), domains, seed++);
  const distDir = join(root, 'dist');
  const build = async (version: string, only = targets) => {
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], {
      env: {
        ...process.env,
        SAFESCREEN_LICENSED_LISTS: listsDir,
        SAFESCREEN_OUT_DIR: distDir,
        SAFESCREEN_VERSION: version,
        SAFESCREEN_TARGETS: only.join(','),
        ...(acceptStartWindow ? { SAFESCREEN_ACCEPT_START_WINDOW: '1' } : {}),
      },
      maxBuffer: 16 * 1024 * 1024,
    });
  };
  await build('0.1.0');
  return {
    distDir,
    listed: (category) =>
      readFileSync(listFile(category), 'utf8')
        .split('\n')
        .filter((line) => line && !line.startsWith('#'))
        .map((line) => line.toLowerCase()),
    rebuild: build,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
