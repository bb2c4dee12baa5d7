import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { judgeBreach } from '../../src/server/judge-breach.js';
import { BreachPartitions, insertBreaches, type StorableBreach } from '../../src/server/storage/breaches.js';
import { enrolDevice } from '../../src/server/storage/devices.js';
import { type DatabaseChoice, openDatabase } from '../../src/server/storage/open-database.js';
import { createSchool } from '../../src/server/storage/schools.js';
import { createDatabase, startPostgresCluster } from '../server/support/postgres-cluster.js';
import { spawnServerProcess } from '../server/support/spawn-server-process.js';
import { defined } from '../unit/support/defined.js';
import type { BenchRow } from './report.js';

const BATCH = 500;
const BATCHES = 120; // 60,000 breaches per measurement
const CONNECTIONS = 4;

function batches(count: number): Record<string, unknown>[][] {
  const now = Date.now();
  return Array.from({ length: count }, (_, b) =>
    Array.from({ length: BATCH }, (_, i) => {
      const host = `site${(b * BATCH + i) % 4000}.example.test`;
      return {
        id: crypto.randomUUID(),
        occurredAt: new Date(now - ((b * BATCH + i) % 30) * 86_400_000 - i * 1000).toISOString(),
        url: `https://${host}/path/to/page?q=${i}`,
        host,
        registrableDomain: 'example.test',
        category: ['games', 'social-media', 'gambling', 'pornography'][i % 4],
        ruleId: 'category:games',
        rulesVersion: 'builtin-1',
        resourceType: 'main_frame',
        count: 1 + (i % 3),
        // The one device of the load generator is enrolled for this group (server-process.ts).
        groupId: 'Y4-Oak',
        deviceId: 'bench',
      };
    }),
  );
}

/** Baseline: the same kind of rows straight into the same database with the server's own insert, no HTTP. */
async function directInsert(choice: DatabaseChoice): Promise<number> {
  const db = await openDatabase(choice);
  try {
    const { schoolId } = await createSchool(db, { name: 'Baseline' });
    const devices = await Promise.all(Array.from({ length: CONNECTIONS }, (_, n) => enrolDevice(db, schoolId, `baseline-${n}`)));
    const partitions = new BreachPartitions();
    const now = new Date();
    const work = batches(BATCHES).map((batch) =>
      batch.map((record, index) => (judgeBreach(record, index, now, 400) as { record: StorableBreach }).record),
    );
    const warmUp = defined(work.shift(), 'the warm-up batch');
    await insertBreaches(db, partitions, { deviceId: devices[0].deviceId, schoolId }, warmUp); // partitions made, connections warm
    const started = performance.now();
    let next = 0;
    await Promise.all(
      devices.map(async ({ deviceId }) => {
        while (next < work.length) await insertBreaches(db, partitions, { deviceId, schoolId }, work[next++]);
      }),
    );
    return ((work.length * BATCH) / (performance.now() - started)) * 1000;
  } finally {
    await db.close();
  }
}

/** Candidate: a server in its own process, fed 500-record batches by autocannon over loopback. */
async function overHttp(env: Record<string, string>): Promise<{ perSecond: number; p99: number; errors: number }> {
  // As many devices as connections, batches given to them in turn: a device sends one batch at a time,
  // so one device's batches in parallel would contend for its rows (usage, rate limit) as none really do.
  const { child, url, credentials } = await spawnServerProcess({ ...env, LOAD_GENERATOR_DEVICES: String(CONNECTIONS) });
  try {
    const bodies = batches(BATCHES + 1).map((batch) => JSON.stringify({ breaches: batch }));
    let next = 0;
    const common = {
      url: `${url}/api/v1/breaches`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${credentials[0]}` },
    };
    // One warm-up batch (partitions, JIT), then the measured run.
    await fetch(common.url, { method: 'POST', headers: common.headers, body: bodies[next++] });
    // autocannon's own start and finish are whole seconds: a 3-second run would read as 2 or 4.
    const started = performance.now();
    const result = await autocannon({
      ...common,
      connections: CONNECTIONS,
      amount: BATCHES,
      timeout: 60,
      requests: [
        {
          setupRequest: (request: autocannon.Request) => ({
            ...request,
            headers: { ...common.headers, authorization: `Bearer ${credentials[next % credentials.length]}` },
            body: bodies[next++],
          }),
        },
      ],
    });
    const seconds = (performance.now() - started) / 1000;
    return { perSecond: (result['2xx'] * BATCH) / seconds, p99: result.latency.p99, errors: result.non2xx + result.errors };
  } finally {
    child.kill('SIGTERM');
  }
}

export async function serverIngestBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const row = (name: string, http: { perSecond: number; p99: number; errors: number }, baseline: number, target: string): BenchRow => ({
    name,
    candidate: `${Math.round(http.perSecond)} breaches/s, p99 ${http.p99} ms${http.errors ? `, ${http.errors} errors` : ''}`,
    baseline: `${Math.round(baseline)} breaches/s direct insert`,
    ratio: baseline / http.perSecond,
    target,
  });

  const dir = mkdtempSync(join(tmpdir(), 'safescreen-bench-'));
  const fsyncOffDir = mkdtempSync(join(tmpdir(), 'safescreen-bench-fsync-off-'));
  try {
    const baseline = await directInsert({ dataDir: dir });
    const durable = await overHttp({ SERVER_DATA_DIR: dir });
    rows.push(row('server ingest, PGlite durable (HTTP vs direct)', durable, baseline, 'ratio ≤ 2'));
    // The price of flushing each commit: the same ingest with SAFESCREEN_EMBEDDED_FSYNC=off.
    const fsyncOff = await overHttp({ SERVER_DATA_DIR: fsyncOffDir, SERVER_EMBEDDED_FSYNC: 'off' });
    rows.push({
      name: 'server ingest, PGlite durable vs fsync off (HTTP)',
      candidate: `${Math.round(durable.perSecond)} breaches/s durable`,
      baseline: `${Math.round(fsyncOff.perSecond)} breaches/s fsync off`,
      ratio: fsyncOff.perSecond / durable.perSecond,
      target: 'reported (the cost of surviving a power cut)',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(fsyncOffDir, { recursive: true, force: true });
  }

  const cluster = await startPostgresCluster();
  try {
    const databaseUrl = await createDatabase(cluster.url);
    const baseline = await directInsert({ databaseUrl });
    rows.push(
      row(
        'server ingest, PostgreSQL (HTTP vs direct)',
        await overHttp({ SERVER_DATABASE_URL: databaseUrl }),
        baseline,
        '≥ 20,000/s, ratio ≤ 2',
      ),
    );
  } finally {
    await cluster.stop();
  }
  return rows;
}
