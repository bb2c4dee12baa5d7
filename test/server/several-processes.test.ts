import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, inject, test } from 'vitest';
import type { BreachBatchAnswer } from '../../src/core/breach-schema.js';
import { openDatabase } from '../../src/server/storage/open-database.js';
import { breach, postJson } from './support/breaches.js';
import { createDatabase } from './support/postgres-cluster.js';
import { spawnServerProcess } from './support/spawn-server-process.js';
import { runStartScript, stopProcess } from './support/start-script.js';

const START_SCRIPT = new URL('../../scripts/start.ts', import.meta.url).pathname;
const dirs: string[] = [];
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'safescreen-processes-'));
  dirs.push(dir);
  return dir;
};

test('a second server on the same embedded data directory refuses, naming the first; the first keeps working', async () => {
  const dataDir = tempDir();
  const first = await spawnServerProcess({ SERVER_DATA_DIR: dataDir });
  stops.push(() => stopProcess(first.child));
  const second = spawnSync(process.execPath, ['--import', 'tsx', START_SCRIPT], {
    env: { ...process.env, SAFESCREEN_DATA_DIR: dataDir, SAFESCREEN_PORT: '0' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(second.status).toBe(1);
  expect(second.stderr.trim()).toMatch(new RegExp(`^SafeScreen: the data directory .* is in use by process ${first.child.pid} on `));
  const answer = await postJson<BreachBatchAnswer>(`${first.url}/api/v1/breaches`, { breaches: [breach()] }, first.credential);
  expect(answer.json.accepted).toBe(1);
}, 90_000);

test('a lock left by a killed server does not block the next start', async () => {
  const dataDir = tempDir();
  const first = await spawnServerProcess({ SERVER_DATA_DIR: dataDir });
  await stopProcess(first.child, 'SIGKILL');
  const db = await openDatabase({ dataDir });
  await db.close();
}, 90_000);

test('four server processes started together on an empty PostgreSQL database all come up', async () => {
  const databaseUrl = await createDatabase(inject('postgresUrl'));
  const started = await Promise.allSettled(Array.from({ length: 4 }, () => spawnServerProcess({ SERVER_DATABASE_URL: databaseUrl })));
  for (const result of started) if (result.status === 'fulfilled') stops.push(() => stopProcess(result.value.child));
  expect(started.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
}, 90_000);

test('npm start against PostgreSQL makes no demo school and prints no logins, on any machine, unless asked', async () => {
  const databaseUrl = await createDatabase(inject('postgresUrl'));
  for (const machine of [tempDir(), tempDir()]) {
    const { child, output } = await runStartScript({ DATABASE_URL: databaseUrl, SAFESCREEN_DATA_DIR: machine });
    stops.push(() => stopProcess(child));
    expect(output).not.toMatch(/demo/i);
  }
  const db = await openDatabase({ databaseUrl });
  try {
    expect(await db.query('SELECT id FROM schools')).toEqual([]);
  } finally {
    await db.close();
  }
}, 90_000);

test('npm start on a fresh data directory makes the demo school and shows its passwords once; the next start does not', async () => {
  const dataDir = tempDir();
  const first = await runStartScript({ SAFESCREEN_DATA_DIR: dataDir });
  await stopProcess(first.child);
  expect(first.output).toMatch(/technician@demo\.school {2}\S{16}/);
  const second = await runStartScript({ SAFESCREEN_DATA_DIR: dataDir });
  stops.push(() => stopProcess(second.child));
  expect(second.output).toContain('enrolment token: sse_');
  expect(second.output).not.toContain('technician@demo.school');
  expect(second.output).toContain('shown once');
}, 90_000);
