import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import type { BreachBatchAnswer, EnrolAnswer } from '../../../src/core/breach-schema.js';
import { openDatabase } from '../../../src/server/storage/open-database.js';
import { createSchool } from '../../../src/server/storage/schools.js';
import { breach, type ErrorAnswer, postJson } from './breaches.js';
import { exited, spawnServingProcess } from './spawn-server-process.js';

/**
 * A soak run: honest devices send records as the extension does (waiting out a 429's Retry-After and
 * sending again after any failure) while hostile clients push at the same server: forged records from
 * an enrolled device, bad credentials, floods of enrolments and log-ins, oversized and malformed
 * bodies, unknown routes and clients that send a byte now and then. Shared by the soak test (short)
 * and `npm run bench -- soak` (long, for the memory figure).
 */
export interface SoakResult {
  honestAcknowledged: number;
  /** Honest records the server refused (there should be none). */
  honestRejected: number;
  honestStored: number;
  honestStoredTwice: number;
  forgedStored: number;
  hostileRequests: number;
  /** Answers with status 500 or more, from any client. */
  serverErrors: number;
  /** Status codes the hostile clients got, with how often. */
  hostileStatuses: Record<number, number>;
  /** The server process's resident memory (KiB): after the warm-up quarter, at the end, and its peak. */
  rssAfterWarmUpKiB: number;
  rssEndKiB: number;
  rssPeakKiB: number;
}

const HONEST_DEVICES = 8;
const HONEST_BATCH = 25;
const HOSTILE_WORKERS = 4;
const SLOW_CLIENTS = 5;
const HONEST_GROUP = 'Y4-Oak';
/** Forged records carry this in their host, so that none may be found stored. */
const FORGED_HOST = 'forged-soak.example.test';

const residentKiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runSoak(options: { seconds: number; dataDir: string }): Promise<SoakResult> {
  const setup = await openDatabase({ dataDir: options.dataDir });
  const { schoolId, enrollmentToken } = await createSchool(setup, { name: 'Soak school' });
  await setup.close();

  const { child, url } = await spawnServingProcess({ SERVER_DATA_DIR: options.dataDir });
  const pid = child.pid ?? 0;
  let serverErrors = 0;
  let honestRejected = 0;
  let hostileRequests = 0;
  const hostileStatuses: Record<number, number> = {};
  const acknowledged = new Set<string>();
  let rssAfterWarmUpKiB = 0;
  let rssPeakKiB = 0;
  let rssEndKiB = 0;
  try {
    const enrol = (groupId: string) =>
      postJson<EnrolAnswer>(`${url}/api/v1/devices/enrol`, { enrollmentToken, deviceName: 'soak', groupId });
    const honest = await Promise.all(Array.from({ length: HONEST_DEVICES }, () => enrol(HONEST_GROUP)));
    const pupilDevice = await enrol('Y6-Ash');
    if ([...honest, pupilDevice].some((answer) => answer.status !== 200)) throw new Error('soak: enrolment failed before the soak began');

    const deadline = Date.now() + options.seconds * 1000;
    const running = () => Date.now() < deadline;
    const countHostile = (status: number) => {
      hostileRequests++;
      hostileStatuses[status] = (hostileStatuses[status] ?? 0) + 1;
      if (status >= 500) serverErrors++;
    };

    const honestDevice = async (credential: string) => {
      let pending = Array.from({ length: HONEST_BATCH }, () => breach({ groupId: HONEST_GROUP }));
      while (running()) {
        const answer = await postJson<BreachBatchAnswer & ErrorAnswer>(`${url}/api/v1/breaches`, { breaches: pending }, credential).catch(
          () => null,
        );
        if (answer && answer.status >= 500) serverErrors++;
        if (answer?.status === 200) {
          const rejected = new Set(answer.json.rejected.map((entry) => entry.id));
          honestRejected += rejected.size;
          for (const record of pending) if (!rejected.has(record.id)) acknowledged.add(record.id);
          pending = Array.from({ length: HONEST_BATCH }, () => breach({ groupId: HONEST_GROUP }));
          await sleep(1000);
        } else {
          // As the extension does: the same records again, after Retry-After or a short pause.
          const retryAfter = Number(answer?.headers.get('retry-after') ?? 1);
          await sleep(Math.min(Math.max(retryAfter, 1) * 1000, Math.max(deadline - Date.now(), 0)));
        }
      }
    };

    const forgedRecords = () => [
      breach({ groupId: HONEST_GROUP, url: `https://${FORGED_HOST}/other-class` }), // not this device's class
      breach({ groupId: 'Y6-Ash', url: `https://${FORGED_HOST}/x`, category: 'made-up' }),
      breach({ groupId: 'Y6-Ash', url: `https://${FORGED_HOST}/x`, count: 1e9 }),
      breach({ groupId: 'Y6-Ash', url: `https://${FORGED_HOST}/x`, occurredAt: '2099-01-01T00:00:00.000Z' }),
      breach({ groupId: 'Y6-Ash', url: `https://${FORGED_HOST}/${'a'.repeat(9000)}` }),
      breach({ groupId: 'Y6-Ash', url: 'not a url', host: FORGED_HOST }),
    ];
    const hostileRequest: (() => Promise<number>)[] = [
      async () => (await postJson(`${url}/api/v1/breaches`, { breaches: forgedRecords() }, pupilDevice.json.credential)).status,
      async () => (await postJson(`${url}/api/v1/breaches`, { breaches: [breach()] }, 'device_notarealcredential')).status,
      async () => (await postJson(`${url}/api/v1/devices/enrol`, { enrollmentToken: 'enrol_guess', deviceName: 'x' })).status,
      async () => (await postJson(`${url}/api/v1/staff/login`, { email: 'dsl@school.test', password: 'guess' })).status,
      async () => (await postJson(`${url}/api/v1/breaches`, 'x'.repeat(3 * 1024 * 1024), pupilDevice.json.credential)).status,
      async () => (await postJson(`${url}/api/v1/breaches`, `{"breaches": [${'['.repeat(5000)}`, pupilDevice.json.credential)).status,
      async () => (await fetch(`${url}/api/v1/${'..%2f'.repeat(50)}etc/passwd?x=${'%00'.repeat(100)}`)).status,
    ];
    const hostileWorker = async (worker: number) => {
      for (let n = worker; running(); n++) {
        countHostile(await hostileRequest[n % hostileRequest.length]().catch(() => 0));
      }
    };
    // A client that sends part of its headers and then a byte now and then, until the server cuts it off.
    const slowClient = async () => {
      while (running()) {
        await new Promise<void>((resolve) => {
          const socket = connect(Number(new URL(url).port), '127.0.0.1', () =>
            socket.write('POST /api/v1/breaches HTTP/1.1\r\nHost: x\r\n'),
          );
          const drip = setInterval(() => socket.write('x'), 2000);
          const end = () => {
            clearInterval(drip);
            socket.destroy();
            resolve();
          };
          socket.on('close', end).on('error', end);
          setTimeout(end, Math.max(deadline - Date.now(), 0));
        });
      }
    };
    const memory = (async () => {
      const warmUpEnds = Date.now() + (options.seconds * 1000) / 4;
      while (running()) {
        const rss = residentKiB(pid);
        rssPeakKiB = Math.max(rssPeakKiB, rss);
        if (!rssAfterWarmUpKiB && Date.now() >= warmUpEnds) rssAfterWarmUpKiB = rss;
        await sleep(250);
      }
      rssEndKiB = residentKiB(pid);
    })();

    await Promise.all([
      ...honest.map((answer) => honestDevice(answer.json.credential)),
      ...Array.from({ length: HOSTILE_WORKERS }, (_, worker) => hostileWorker(worker)),
      ...Array.from({ length: SLOW_CLIENTS }, () => slowClient()),
      memory,
    ]);
  } finally {
    child.kill('SIGTERM');
    await exited(child);
  }

  const check = await openDatabase({ dataDir: options.dataDir });
  try {
    const ids = [...acknowledged];
    const [stored] = await check.query<{ rows: number; distinct: number }>(
      'SELECT count(*)::int AS rows, count(DISTINCT id)::int AS distinct FROM breaches WHERE school_id = $1 AND id = ANY($2::uuid[])',
      [schoolId, ids],
    );
    const [forged] = await check.query<{ rows: number }>('SELECT count(*)::int AS rows FROM breaches WHERE host = $1 OR url LIKE $2', [
      FORGED_HOST,
      `%${FORGED_HOST}%`,
    ]);
    return {
      honestAcknowledged: ids.length,
      honestRejected,
      honestStored: stored.distinct,
      honestStoredTwice: stored.rows - stored.distinct,
      forgedStored: forged.rows,
      hostileRequests,
      serverErrors,
      hostileStatuses,
      rssAfterWarmUpKiB,
      rssEndKiB,
      rssPeakKiB,
    };
  } finally {
    await check.close();
  }
}
