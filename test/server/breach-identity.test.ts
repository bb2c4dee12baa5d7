import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BreachBatchAnswer, EnrolAnswer } from '../../src/core/breach-schema.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { breach, type LoginAnswer, postJson } from './support/breaches.js';
import { BACKENDS, databaseFor } from './support/databases.js';

describe.each(BACKENDS)('an id is stored once per school, whatever else the body says, on %s', (backend) => {
  let server: RunningServer;
  let school: { schoolId: string; enrollmentToken: string };
  let clock = new Date();
  const enrol = async (enrollmentToken = school.enrollmentToken) =>
    (await postJson<EnrolAnswer>(`${server.url}/api/v1/devices/enrol`, { enrollmentToken, groupId: 'Y4-Oak' })).json.credential;
  const send = (credential: string, breaches: unknown[]) =>
    postJson<BreachBatchAnswer>(`${server.url}/api/v1/breaches`, { breaches }, credential);
  const rows = async (table: 'breaches' | 'breach_ids', id: string) =>
    (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE id = $1`, [id]))[0].n;

  beforeAll(async () => {
    server = await startServer({
      port: 0,
      ...(await databaseFor(backend)),
      deviceBatchesPerMinute: 10_000,
      retentionJob: false,
      retentionDays: 30,
      now: () => clock,
    });
    school = await server.createSchool({ id: 'replay-school', name: 'Replays' });
    await server.createStaffUser({ schoolId: school.schoolId, email: 'dsl@replay.test', role: 'dsl', password: 'correct horse battery' });
  });
  afterAll(() => server?.close());

  test('a replay with another occurredAt, or another device of the school, is a duplicate and stored once', async () => {
    const [first, second] = [await enrol(), await enrol()];
    const record = breach({}, 2);
    expect((await send(first, [record])).json).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const moved = { ...record, occurredAt: new Date(Date.now() - 25 * 86_400_000).toISOString() };
    expect((await send(first, [moved])).json).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    expect((await send(second, [{ ...record, id: record.id.toUpperCase(), url: 'https://changed.test/' }])).json).toEqual({
      accepted: 0,
      duplicates: 1,
      rejected: [],
    });
    expect(await rows('breaches', record.id)).toBe(1);
  });

  test('the same id twice in one batch is answered as one stored and one duplicate, and stored once', async () => {
    const credential = await enrol();
    const record = breach();
    const again = { ...record, occurredAt: new Date(Date.now() - 60_000).toISOString() };
    expect((await send(credential, [record, again, record, breach()])).json).toEqual({ accepted: 2, duplicates: 2, rejected: [] });
    expect(await rows('breaches', record.id)).toBe(1);
  });

  test("one school's ids neither block nor reveal another's: each school keeps its own record", async () => {
    const other = await server.createSchool({ name: 'Other' });
    const record = breach();
    expect((await send(await enrol(), [record])).json.accepted).toBe(1);
    expect((await send(await enrol(other.enrollmentToken), [record])).json.accepted).toBe(1);
    expect(await rows('breaches', record.id)).toBe(2);
  });

  test('retention and erasure remove the id rows with the breaches', async () => {
    const credential = await enrol();
    const old = breach({}, 25);
    const erased = breach({ user: 'leaving@replay.test' });
    const kept = breach();
    expect((await send(credential, [old, erased, kept])).json.accepted).toBe(3);
    clock = new Date(Date.now() + 10 * 86_400_000);
    try {
      await server.enforceRetention();
    } finally {
      clock = new Date();
    }
    expect([await rows('breaches', old.id), await rows('breach_ids', old.id)]).toEqual([0, 0]);
    const dsl = (
      await postJson<LoginAnswer>(`${server.url}/api/v1/staff/login`, { email: 'dsl@replay.test', password: 'correct horse battery' })
    ).json.token;
    expect((await postJson(`${server.url}/api/v1/subject-access/erase`, { user: 'leaving@replay.test' }, dsl)).json).toMatchObject({
      breaches: 1,
    });
    expect([await rows('breaches', erased.id), await rows('breach_ids', erased.id)]).toEqual([0, 0]);
    expect([await rows('breaches', kept.id), await rows('breach_ids', kept.id)]).toEqual([1, 1]);
  });
});
