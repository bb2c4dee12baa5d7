import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { BreachBatchAnswer } from '../../src/core/breach-schema.js';
import { openDatabase } from '../../src/server/storage/open-database.js';
import { defined } from '../unit/support/defined.js';
import { breach, postJson } from './support/breaches.js';
import { BACKENDS, databaseFor } from './support/databases.js';
import { exited, spawnServerProcess } from './support/spawn-server-process.js';

describe.each(BACKENDS)('crash in the middle of ingest on %s', (backend) => {
  let dataDir: string | undefined;
  afterEach(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('killing the server process loses nothing that was acknowledged, and no batch is half-stored', async () => {
    const database = await databaseFor(backend);
    dataDir = backend === 'pglite' ? mkdtempSync(join(tmpdir(), 'safescreen-crash-')) : undefined;
    const env: Record<string, string> = database.databaseUrl
      ? { SERVER_DATABASE_URL: database.databaseUrl }
      : { SERVER_DATA_DIR: defined(dataDir, 'the PGlite data folder') };
    const { child, url, credential } = await spawnServerProcess(env);

    const acknowledged: string[] = [];
    const sentBatches: string[][] = [];
    let killed = false;
    const sender = async () => {
      while (!killed) {
        const batch = Array.from({ length: 100 }, () => breach());
        sentBatches.push(batch.map((record) => record.id));
        try {
          const answer = await postJson<BreachBatchAnswer>(`${url}/api/v1/breaches`, { breaches: batch }, credential);
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
    // A killed process may still be exiting; until it has, its lock on the data directory stands.
    await exited(child);
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
