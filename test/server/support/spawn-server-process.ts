import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { defined } from '../../unit/support/defined.js';

const SERVER_SCRIPT = new URL('./server-process.ts', import.meta.url).pathname;

/** Starts server-process.ts in its own Node process; resolves with the line it prints when it is listening. */
function spawnWith<Ready>(env: Record<string, string>): Promise<{ child: ChildProcess } & Ready> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER_SCRIPT], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server process exited early (${code})`)));
    const lines = createInterface({ input: defined(child.stdout, "the server process's piped stdout") });
    lines.once('line', (line) => {
      resolve({ child, ...(JSON.parse(line) as Ready) });
      // Later lines are the server's own log (errors only): shown with the test's output.
      lines.on('line', (logLine) => process.stderr.write(`server process: ${logLine}\n`));
    });
  });
}

/** A server process with its own school and limitless devices (the load generator; one unless LOAD_GENERATOR_DEVICES says). */
export const spawnServerProcess = (env: Record<string, string>) =>
  spawnWith<{ url: string; credential: string; credentials: string[] }>(env);

/** A server process that only serves, with the limits the SAFESCREEN_* variables in `env` set. */
export const spawnServingProcess = (env: Record<string, string>) => spawnWith<{ url: string }>({ ...env, SERVER_SETUP: 'none' });

/** Resolves once the process has exited (at once if it already has): its data directory lock is then stale. */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}
