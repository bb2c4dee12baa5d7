import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Who holds an embedded data directory. */
interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

export class DataDirectoryInUseError extends Error {
  constructor(dataDir: string, file: string, holder: LockHolder | undefined) {
    super(
      holder
        ? `SafeScreen: the data directory ${dataDir} is in use by process ${holder.pid} on ${holder.host} (since ${holder.since}); ` +
            'stop that server first, or set SAFESCREEN_DATA_DIR to another directory'
        : `SafeScreen: the data directory ${dataDir} is locked by ${file}, which names no process; delete it if no server uses the directory`,
    );
  }
}

/**
 * An exclusive lock on an embedded data directory: PGlite has no postmaster.pid of its own, and two
 * servers writing one directory lose each other's acknowledged records. The lock is a file created
 * only if absent (`wx`), naming the holder; a holder on this host whose process is gone (killed,
 * power cut) is stale and taken over. Returns the release function.
 */
export function lockDataDirectory(dataDir: string): () => void {
  const file = join(dataDir, 'safescreen.lock');
  const mine: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const text = `${JSON.stringify(mine)}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, text, { flag: 'wx', mode: 0o600 });
      return () => {
        if (readLock(file) === text) unlinkSync(file);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const held = readLock(file);
    if (held === undefined) continue; // released between our two steps
    const holder = parseHolder(held);
    if (attempt > 0 || !holder || holder.host !== mine.host || processIsAlive(holder.pid)) {
      throw new DataDirectoryInUseError(dataDir, file, holder);
    }
    // Stale: remove it only if it is still the same file we judged, then try once more.
    if (readLock(file) === held) unlinkSync(file);
  }
}

function readLock(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    return typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.since === 'string'
      ? { pid: value.pid, host: value.host, since: value.since }
      : undefined;
  } catch {
    return undefined;
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
