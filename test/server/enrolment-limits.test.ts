import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BreachBatchAnswer, EnrolAnswer } from '../../src/core/breach-schema.js';
import { hashSecret, newSecret } from '../../src/server/secrets.js';
import { type RunningServer, type StartServerOptions, startServer } from '../../src/server/start-server.js';
import { auditTrail } from '../../src/server/storage/audit-log.js';
import { checkEnrolmentToken, DEFAULT_TOKEN_DAYS } from '../../src/server/storage/enrolment-tokens.js';
import { listMigrations, runMigrations } from '../../src/server/storage/migrate.js';
import { openPgliteDatabase } from '../../src/server/storage/pglite-database.js';
import { openPostgresDatabase } from '../../src/server/storage/postgres-database.js';
import { breach, type ErrorAnswer, getJson, type LoginAnswer, postJson } from './support/breaches.js';
import { BACKENDS, databaseFor } from './support/databases.js';

/** A UK day is at most 25 hours long (the autumn clock change). */
const LONGEST_DAY_SECONDS = 25 * 3600;

interface Rotation {
  enrollmentToken: string;
  expiresAt: string;
  policy: { schoolId: string; enrollmentToken: string };
}
interface IngestUsage {
  day: string;
  renewsInSeconds: number;
  quotas: { recordsPerDevicePerDay: number; bytesPerSchoolPerDay: number };
  school: { records: number; bytes: number; devices: number; bytesShare: number };
  nearestLimit: { deviceId: string; name: string; records: number; bytes: number; share: number }[];
}

const enrolAt = (server: RunningServer, body: Record<string, unknown>) =>
  postJson<EnrolAnswer & ErrorAnswer>(`${server.url}/api/v1/devices/enrol`, body);
const sendTo = (server: RunningServer, credential: string, breaches: unknown[]) =>
  postJson<BreachBatchAnswer & ErrorAnswer>(`${server.url}/api/v1/breaches`, { breaches }, credential);

async function staffToken(server: RunningServer, schoolId: string, role: 'technician' | 'teacher'): Promise<string> {
  const email = `${role}-${crypto.randomUUID()}@limits.test`;
  await server.createStaffUser({ schoolId, email, role, password: 'correct horse battery', groups: role === 'teacher' ? ['Y4-Oak'] : [] });
  return (await postJson<LoginAnswer>(`${server.url}/api/v1/staff/login`, { email, password: 'correct horse battery' })).json.token;
}

describe.each(BACKENDS)('enrolment and ingest limits on %s', (backend) => {
  let server: RunningServer;
  const options: StartServerOptions = {
    port: 0,
    retentionJob: false,
    enrolmentsPerMinute: 1000,
    deviceBatchesPerMinute: 1000,
    enrolmentsPerSchoolPerHour: 3,
    recordsPerDevicePerDay: 5,
    bytesPerSchoolPerDay: 10_000,
  };
  beforeAll(async () => {
    server = await startServer({ ...options, ...(await databaseFor(backend)) });
  });
  afterAll(() => server?.close());

  test('an expired enrolment token is refused with 403 and a reason that says so and whom to ask', async () => {
    const school = await server.createSchool();
    await server.db.query("UPDATE enrolment_tokens SET expires_at = now() - interval '1 day' WHERE school_id = $1", [school.schoolId]);
    const answer = await enrolAt(server, { enrollmentToken: school.enrollmentToken });
    expect(answer.status).toBe(403);
    expect(answer.json.reason).toMatch(/expired on \d{4}-\d{2}-\d{2}: ask your technician/);
  });

  test('a new token expires after 90 days unless the technician chooses otherwise', async () => {
    const school = await server.createSchool();
    const [{ days }] = await server.db.query<{ days: number }>(
      'SELECT round(extract(epoch FROM expires_at - created_at) / 86400)::int AS days FROM enrolment_tokens WHERE school_id = $1',
      [school.schoolId],
    );
    expect(days).toBe(90);
    const technician = await staffToken(server, school.schoolId, 'technician');
    const rotated = await postJson<Rotation>(`${server.url}/api/v1/school/enrolment-token/rotate`, { expiresInDays: 7 }, technician);
    expect(Date.parse(rotated.json.expiresAt) - Date.now()).toBeGreaterThan(6 * 86_400_000);
    expect(Date.parse(rotated.json.expiresAt) - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);
    const tooLong = await postJson(`${server.url}/api/v1/school/enrolment-token/rotate`, { expiresInDays: 5000 }, technician);
    expect(tooLong.status).toBe(400);
  });

  test('a technician rotates the token: the old one is refused at once, enrolled devices keep working, and it is audited', async () => {
    const school = await server.createSchool();
    const before = (await enrolAt(server, { enrollmentToken: school.enrollmentToken, groupId: 'Y4-Oak' })).json;
    const teacher = await staffToken(server, school.schoolId, 'teacher');
    expect((await postJson(`${server.url}/api/v1/school/enrolment-token/rotate`, {}, teacher)).status).toBe(403);
    const technician = await staffToken(server, school.schoolId, 'technician');
    const rotated = await postJson<Rotation>(`${server.url}/api/v1/school/enrolment-token/rotate`, {}, technician);
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get('cache-control')).toBe('no-store');
    expect(rotated.json.policy).toEqual({ schoolId: school.schoolId, enrollmentToken: rotated.json.enrollmentToken });
    const old = await enrolAt(server, { enrollmentToken: school.enrollmentToken });
    expect(old.status).toBe(403);
    expect(old.json.reason).toContain('replaced');
    expect((await enrolAt(server, { enrollmentToken: rotated.json.enrollmentToken })).status).toBe(200);
    expect((await sendTo(server, before.credential, [breach()])).json.accepted).toBe(1);
    const trail = await auditTrail(server.db, school.schoolId);
    expect(trail.filter((entry) => entry.action === 'enrolment-token.rotate')).toEqual([
      expect.objectContaining({ actor: expect.stringMatching(/^technician-/), detail: { via: 'api', expiresAt: rotated.json.expiresAt } }),
    ]);
  });

  test('a school enrols at most the hourly cap: then 429 with Retry-After and a reason; other schools are unaffected', async () => {
    const school = await server.createSchool();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await enrolAt(server, { enrollmentToken: school.enrollmentToken })).status);
    const capped = await enrolAt(server, { enrollmentToken: school.enrollmentToken });
    expect([...statuses, capped.status]).toEqual([200, 200, 200, 429]);
    const wait = Number(capped.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(3600);
    expect(capped.json.reason).toContain('enrolled its 3 devices for this hour');
    const other = await server.createSchool();
    expect((await enrolAt(server, { enrollmentToken: other.enrollmentToken })).status).toBe(200);
  });

  test('a device writes only the group it enrolled for; one enrolled without a group writes records without one', async () => {
    const school = await server.createSchool();
    const oak = (await enrolAt(server, { enrollmentToken: school.enrollmentToken, groupId: 'Y4-Oak' })).json;
    const own = breach({ groupId: 'Y4-Oak' });
    const forged = breach({ groupId: 'Y6-Ash' });
    const groupless = breach({ groupId: undefined });
    const answer = await sendTo(server, oak.credential, [own, forged, groupless]);
    expect(answer.json.accepted).toBe(1);
    expect(answer.json.rejected).toEqual([
      { id: forged.id, reason: 'groupId Y6-Ash is not Y4-Oak, the group this device enrolled for' },
      { id: groupless.id, reason: 'groupId (none) is not Y4-Oak, the group this device enrolled for' },
    ]);
    const unbound = (await enrolAt(server, { enrollmentToken: school.enrollmentToken })).json;
    const sneaky = breach({ groupId: 'Y4-Oak' });
    const plain = breach({ groupId: undefined });
    const unboundAnswer = await sendTo(server, unbound.credential, [sneaky, plain]);
    expect(unboundAnswer.json.accepted).toBe(1);
    expect(unboundAnswer.json.rejected.map((entry) => entry.id)).toEqual([sneaky.id]);
    expect(unboundAnswer.json.rejected[0].reason).toContain('enrolled without a group');
    // An unblock request is filed under the device's group, whatever the body claims.
    await postJson(`${server.url}/api/v1/unblock-requests`, { url: 'https://maths.test/', groupId: 'Y6-Ash' }, oak.credential);
    expect(await server.db.query('SELECT group_id FROM unblock_requests WHERE device_id = $1', [oak.deviceId])).toEqual([
      { group_id: 'Y4-Oak' },
    ]);
  });

  test('a device over its daily records gets 429 with Retry-After until the UK day ends; the technician sees it', async () => {
    const school = await server.createSchool();
    const busy = (await enrolAt(server, { enrollmentToken: school.enrollmentToken, groupId: 'Y4-Oak', deviceName: 'Busy' })).json;
    const quiet = (await enrolAt(server, { enrollmentToken: school.enrollmentToken, groupId: 'Y4-Oak', deviceName: 'Quiet' })).json;
    const first = [breach(), breach(), breach(), breach(), breach()];
    expect((await sendTo(server, busy.credential, first)).json.accepted).toBe(5);
    // Replays store nothing and so count nothing; the answer still comes (here: the quota is reached).
    const over = await sendTo(server, busy.credential, [breach()]);
    expect(over.status).toBe(429);
    const wait = Number(over.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(LONGEST_DAY_SECONDS);
    expect(over.json.reason).toContain('stored its 5 records for today');
    expect((await sendTo(server, quiet.credential, [breach()])).json.accepted).toBe(1);
    const technician = await staffToken(server, school.schoolId, 'technician');
    const usage = await getJson<IngestUsage>(`${server.url}/api/v1/school/ingest-usage`, technician);
    expect(usage.status).toBe(200);
    expect(usage.json.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(usage.json.quotas).toEqual({ recordsPerDevicePerDay: 5, bytesPerSchoolPerDay: 10_000 });
    expect(usage.json.school).toMatchObject({ records: 6, devices: 2 });
    expect(usage.json.nearestLimit.map(({ name, records, share }) => ({ name, records, share }))).toEqual([
      { name: 'Busy', records: 5, share: 1 },
      { name: 'Quiet', records: 1, share: 0.2 },
    ]);
    const teacher = await staffToken(server, school.schoolId, 'teacher');
    expect((await getJson(`${server.url}/api/v1/school/ingest-usage`, teacher)).status).toBe(403);
  });

  test("a school over its daily bytes gets 429 for every device; another school's devices are unaffected", async () => {
    const school = await server.createSchool();
    const devices = [];
    for (let i = 0; i < 3; i += 1)
      devices.push((await enrolAt(server, { enrollmentToken: school.enrollmentToken, groupId: 'Y4-Oak' })).json);
    const long = () => breach({ url: `https://long.test/${'x'.repeat(2500)}` });
    expect((await sendTo(server, devices[0].credential, [long(), long()])).json.accepted).toBe(2);
    expect((await sendTo(server, devices[1].credential, [long(), long()])).json.accepted).toBe(2);
    const over = await sendTo(server, devices[2].credential, [breach()]);
    expect(over.status).toBe(429);
    expect(over.json.reason).toContain('this school stored its 10000 bytes');
    const other = await server.createSchool();
    const elsewhere = (await enrolAt(server, { enrollmentToken: other.enrollmentToken, groupId: 'Y4-Oak' })).json;
    expect((await sendTo(server, elsewhere.credential, [breach()])).status).toBe(200);
  });

  test("yesterday's usage does not count today", async () => {
    const school = await server.createSchool();
    const device = (await enrolAt(server, { enrollmentToken: school.enrollmentToken, groupId: 'Y4-Oak' })).json;
    await server.db.query(
      `INSERT INTO ingest_usage (school_id, day, device_id, records, bytes)
       VALUES ($1, (now() AT TIME ZONE 'Europe/London')::date - 1, $2, 1000, 1000000)`,
      [school.schoolId, device.deviceId],
    );
    expect((await sendTo(server, device.credential, [breach()])).json.accepted).toBe(1);
  });
});

// Two servers on one PostgreSQL stand for two server processes: neither shares memory with the other.
describe('limits hold across servers on one PostgreSQL', () => {
  const servers: RunningServer[] = [];
  beforeAll(async () => {
    const database = await databaseFor('postgres');
    for (let i = 0; i < 2; i += 1) {
      servers.push(
        await startServer({
          port: 0,
          retentionJob: false,
          ...database,
          enrolmentsPerMinute: 4,
          deviceBatchesPerMinute: 3,
          enrolmentsPerSchoolPerHour: 3,
          recordsPerDevicePerDay: 4,
        }),
      );
    }
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
  });
  const alternate = (i: number) => servers[i % servers.length];

  test('the enrolment cap and the per-address limit count the enrolments of both servers', async () => {
    const school = await servers[0].createSchool();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await enrolAt(alternate(i), { enrollmentToken: school.enrollmentToken })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    // 4 attempts an address a minute: the fifth, on either server, is refused before the token is read.
    const limited = await enrolAt(servers[1], { enrollmentToken: school.enrollmentToken });
    expect(limited.status).toBe(429);
    expect(limited.json.reason).toMatch(/^retry after \d+ s$/);
  });

  const enrolFresh = async () => {
    const school = await servers[0].createSchool();
    // The per-address budget is spent by the test above; this one is about the device.
    await servers[0].db.query("DELETE FROM rate_limit_buckets WHERE key LIKE 'address:%'");
    return (await enrolAt(servers[0], { enrollmentToken: school.enrollmentToken, groupId: 'Y4-Oak' })).json;
  };

  test("a device's batch rate counts its requests to both servers", async () => {
    const device = await enrolFresh();
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await sendTo(alternate(i), device.credential, [breach()]));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
    expect(answers[3].json.reason).toMatch(/^retry after \d+ s$/);
  });

  test("a device's daily records count what both servers stored", async () => {
    const device = await enrolFresh();
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push(await sendTo(alternate(i), device.credential, [breach(), breach()]));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429]);
    expect(answers[2].json.reason).toContain('stored its 4 records for today');
  });
});

describe.each(BACKENDS)('upgrading to enrolment limits on %s', (backend) => {
  test('a token made before tokens expired still enrols, now with the default lifetime', async () => {
    const { databaseUrl } = await databaseFor(backend);
    const db = databaseUrl ? await openPostgresDatabase(databaseUrl, 2) : await openPgliteDatabase({ dataDir: undefined, fsync: false });
    try {
      const all = listMigrations();
      await runMigrations(
        db,
        all.filter((migration) => migration.version < 3),
      );
      const token = newSecret('enrolment');
      await db.query("INSERT INTO schools (id, name, enrolment_token_hash) VALUES ('old-school', 'Old', $1)", [hashSecret(token)]);
      await runMigrations(db, all);
      expect(await checkEnrolmentToken(db, token)).toEqual({ ok: true, schoolId: 'old-school' });
      const [{ days }] = await db.query<{ days: number }>(
        "SELECT round(extract(epoch FROM expires_at - now()) / 86400)::int AS days FROM enrolment_tokens WHERE school_id = 'old-school'",
      );
      expect(days).toBe(DEFAULT_TOKEN_DAYS);
    } finally {
      await db.close();
    }
  });
});
