import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { defined } from '../../unit/support/defined.js';

const SERVER_SCRIPT = new URL('./server-process.ts', import.meta.url).pathname;

/** Starts server-process.ts in its own Node process; resolves when it is listening. */
export function spawnServerProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; credential: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER_SCRIPT], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server process exited early (${code})`)));
    createInterface({ input: defined(child.stdout, "the server process's piped stdout") }).once('line', (line) =>
      resolve({ child, ...JSON.parse(line) }),
    );
  });
}
