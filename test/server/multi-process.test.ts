import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { BreachBatchAnswer, EnrolAnswer } from '../../src/core/breach-schema.js';
import type { Database } from '../../src/server/storage/database.js';
import { openDatabase } from '../../src/server/storage/open-database.js';
import { createSchool } from '../../src/server/storage/schools.js';
import { breach, type ErrorAnswer, postJson } from './support/breaches.js';
import { createDatabase } from './support/postgres-cluster.js';
import { spawnServingProcess } from './support/spawn-server-process.js';

// The documented way to grow: several server processes on one PostgreSQL. Limits small enough to
// be reached, so that a limit kept per process (three times the allowance) would show.
const PROCESSES = 3;
const DEVICES = 50;
const ENROLMENT_CAP = 55;
const RECORDS_PER_DEVICE_PER_DAY = 300;
const BATCH = 50;
const BATCHES_PER_MINUTE = 10;
const LIMITS = {
  SAFESCREEN_ENROLMENTS_PER_SCHOOL_PER_HOUR: String(ENROLMENT_CAP),
  SAFESCREEN_ENROLMENTS_PER_MINUTE: '1000',
  SAFESCREEN_RECORDS_PER_DEVICE_PER_DAY: String(RECORDS_PER_DEVICE_PER_DAY),
  SAFESCREEN_DEVICE_BATCHES_PER_MINUTE: String(BATCHES_PER_MINUTE),
};

describe(`${PROCESSES} server processes on one PostgreSQL`, () => {
  let children: ChildProcess[] = [];
  let urls: string[] = [];
  let db: Database;
  let enrollmentToken: string;
  const groupOf = (device: number) => `Y${(device % 6) + 1}-Oak`;

  beforeAll(async () => {
    const databaseUrl = await createDatabase(inject('postgresUrl'));
    // Started together on an empty database: each one migrates it, and none may crash doing so.
    const started = await Promise.allSettled(
      Array.from({ length: PROCESSES }, () => spawnServingProcess({ ...LIMITS, SERVER_DATABASE_URL: databaseUrl })),
    );
    children = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value.child] : []));
    urls = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value.url] : []));
    expect(started.filter((result) => result.status === 'rejected')).toEqual([]);
    db = await openDatabase({ databaseUrl });
    ({ enrollmentToken } = await createSchool(db, { name: 'Three-process school' }));
  }, 60_000);
  afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
    await db?.close();
  });

  test(`${DEVICES} devices sending in parallel: every acknowledged record stored once; the enrolment cap, quotas and rate limits hold across processes`, async () => {
    const at = (n: number) => urls[n % urls.length];
    const enrol = (n: number) =>
      postJson<EnrolAnswer & ErrorAnswer>(`${at(n)}/api/v1/devices/enrol`, {
        enrollmentToken,
        deviceName: `pupil-${n}`,
        groupId: groupOf(n),
      });

    const enrolments = await Promise.all(Array.from({ length: DEVICES }, (_, n) => enrol(n)));
    expect(enrolments.map((answer) => answer.status)).toEqual(Array(DEVICES).fill(200));
    // Past the cap, counted over all processes: five more fit, the sixth is told to wait.
    const extra = await Promise.all(Array.from({ length: ENROLMENT_CAP - DEVICES + 1 }, (_, n) => enrol(DEVICES + n)));
    expect(extra.filter((answer) => answer.status === 200)).toHaveLength(ENROLMENT_CAP - DEVICES);
    const refused = extra.filter((answer) => answer.status === 429);
    expect(refused).toHaveLength(1);
    expect(Number(refused[0].headers.get('retry-after'))).toBeGreaterThan(0);

    const acknowledged = new Set<string>();
    const quotaAnswers: number[] = [];
    // Each device sends its batches one after another, each to the next process, replaying its first
    // batch after the third; it stops at the first 429 of its daily quota.
    await Promise.all(
      enrolments.map(async ({ json: { credential } }, device) => {
        const batches = Array.from({ length: RECORDS_PER_DEVICE_PER_DAY / BATCH + 1 }, () =>
          Array.from({ length: BATCH }, () => breach({ groupId: groupOf(device) })),
        );
        const send = (records: unknown[], n: number) =>
          postJson<BreachBatchAnswer & ErrorAnswer>(`${at(device + n)}/api/v1/breaches`, { breaches: records }, credential);
        const order = [batches[0], batches[1], batches[2], batches[0], ...batches.slice(3)];
        for (const [n, records] of order.entries()) {
          const answer = await send(records, n);
          if (answer.status === 429) {
            quotaAnswers.push(Number(answer.headers.get('retry-after')));
            return;
          }
          expect(answer.status, JSON.stringify(answer.json)).toBe(200);
          expect(answer.json.rejected).toEqual([]);
          expect(answer.json.accepted + answer.json.duplicates).toBe(BATCH);
          for (const record of records) acknowledged.add(record.id);
        }
      }),
    );

    const rows = await db.query<{ id: string; copies: number }>('SELECT id::text, count(*)::int AS copies FROM breaches GROUP BY id');
    expect(rows.filter((row) => row.copies !== 1)).toEqual([]);
    expect(new Set(rows.map((row) => row.id))).toEqual(acknowledged);
    // The quota is the same for all processes together: each device stored exactly its day's allowance.
    const perDevice = await db.query<{ stored: number }>('SELECT count(*)::int AS stored FROM breaches GROUP BY device_id');
    expect(perDevice.map((row) => row.stored)).toEqual(Array(DEVICES).fill(RECORDS_PER_DEVICE_PER_DAY));
    expect(quotaAnswers).toHaveLength(DEVICES);
    expect(quotaAnswers.every((seconds) => seconds > 0)).toBe(true);
  }, 120_000);

  test('one device sending quickly to every process meets one rate limit, not one per process', async () => {
    // Another school: the first has used its enrolments for the hour.
    const other = await createSchool(db, { name: 'Second school' });
    const { json: device } = await postJson<EnrolAnswer>(`${urls[0]}/api/v1/devices/enrol`, {
      enrollmentToken: other.enrollmentToken,
      groupId: 'Y1-Oak',
    });
    const answers = await Promise.all(
      Array.from({ length: BATCHES_PER_MINUTE * 2 }, (_, n) =>
        postJson(`${urls[n % urls.length]}/api/v1/breaches`, { breaches: [breach({ groupId: 'Y1-Oak' })] }, device.credential),
      ),
    );
    const allowed = answers.filter((answer) => answer.status === 200).length;
    // The bucket holds a minute's batches and refills one every six seconds while the requests run.
    expect(allowed).toBeGreaterThanOrEqual(BATCHES_PER_MINUTE);
    expect(allowed).toBeLessThanOrEqual(BATCHES_PER_MINUTE + 1);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(BATCHES_PER_MINUTE * 2 - allowed);
  });
});
