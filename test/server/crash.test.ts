import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, test } from 'vitest';
import { openDatabase } from '../../src/server/storage/open-database.js';
import { breach, postJson } from './support/breaches.js';
import { BACKENDS, databaseFor } from './support/databases.js';

const SERVER_SCRIPT = new URL('./support/server-process.ts', import.meta.url).pathname;

function startServerProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; credential: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER_SCRIPT], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server process exited early (${code})`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve({ child, ...JSON.parse(line) }));
  });
}

describe.each(BACKENDS)('crash in the middle of ingest on %s', (backend) => {
  let dataDir: string | undefined;
  afterEach(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('killing the server process loses nothing that was acknowledged, and no batch is half-stored', async () => {
    const database = await databaseFor(backend);
    dataDir = backend === 'pglite' ? mkdtempSync(join(tmpdir(), 'safescreen-crash-')) : undefined;
    const env = database.databaseUrl ? { CRASH_DATABASE_URL: database.databaseUrl } : { CRASH_DATA_DIR: dataDir! };
    const { child, url, credential } = await startServerProcess(env);

    const acknowledged: string[] = [];
    const sentBatches: string[][] = [];
    let killed = false;
    const sender = async () => {
      while (!killed) {
        const batch = Array.from({ length: 100 }, () => breach());
        sentBatches.push(batch.map((record) => record.id));
        try {
          const answer = await postJson(`${url}/api/v1/breaches`, { breaches: batch }, credential);
          if (answer.status === 200 && answer.json.accepted === batch.length) acknowledged.push(...batch.map((record) => record.id));
        } catch {
          return; // the connection died with the process
        }
      }
    };
    const senders = [sender(), sender(), sender(), sender()];
    while (acknowledged.length < 3000) await new Promise((resolve) => setTimeout(resolve, 5));
    // SIGKILL: no shutdown hook, no flush; requests are in flight.
    child.kill('SIGKILL');
    killed = true;
    await Promise.all(senders);
    expect(sentBatches.length * 100).toBeGreaterThan(acknowledged.length);

    const db = await openDatabase({ dataDir, databaseUrl: database.databaseUrl });
    try {
      const stored = new Set((await db.query<{ id: string }>('SELECT id FROM breaches')).map((row) => row.id));
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
      for (const batch of sentBatches) {
        const present = batch.filter((id) => stored.has(id)).length;
        expect([0, batch.length]).toContain(present);
      }
    } finally {
      await db.close();
    }
  }, 60_000);
});
