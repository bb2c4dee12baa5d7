import { type ChildProcess, spawn } from 'node:child_process';

const START_SCRIPT = new URL('../../../scripts/start.ts', import.meta.url).pathname;

/** `npm start` without the build: resolves with everything it printed once it says it is serving. */
export function runStartScript(env: Record<string, string>): Promise<{ child: ChildProcess; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', START_SCRIPT], {
    env: { ...process.env, SAFESCREEN_PORT: '0', SAFESCREEN_LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('Ctrl+C stops it')) resolve({ child, output });
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}): ${output}`)));
  });
}

/** Stops a started process and waits until it is gone. */
export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
