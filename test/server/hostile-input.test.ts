import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type BreachBatchAnswer, type EnrolAnswer, MAX_BATCH_RECORDS } from '../../src/core/breach-schema.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { pupilBreachPages } from '../../src/server/storage/subject-access.js';
import { allRows, breach, type LoginAnswer, postJson } from './support/breaches.js';
import { BACKENDS, databaseFor } from './support/databases.js';

/** Sends raw bytes, so a test can send what no well-behaved client would; resolves with the status (0: connection cut). */
function rawPost(url: string, body: Buffer | string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/** Fields stored as sent; the URL is stored as the URL parser writes it, and its names are the server's own. */
const STRING_FIELDS = ['url', 'host', 'registrableDomain', 'ruleId', 'rulesVersion', 'resourceType', 'groupId', 'user'] as const;
const NASTY = [
  "'; DROP TABLE breaches; --",
  '"); DELETE FROM schools; --',
  "\\' OR '1'='1",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '=HYPERLINK("http://evil.test","x")',
  '$1 $$ $body$ %s %n \\x00',
];

describe.each(BACKENDS)('hostile input on %s', (backend) => {
  let server: RunningServer;
  let school: { schoolId: string; enrollmentToken: string };
  let credential: string;
  let deviceId: string;
  const count = async () => (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM breaches'))[0].n;

  beforeAll(async () => {
    server = await startServer({ port: 0, ...(await databaseFor(backend)), deviceBatchesPerMinute: 10_000, retentionJob: false });
    school = await server.createSchool({ id: 'hostile-school', name: 'Hostile' });
    ({ credential, deviceId } = (
      await postJson<EnrolAnswer>(`${server.url}/api/v1/devices/enrol`, { enrollmentToken: school.enrollmentToken, groupId: 'Y4-Oak' })
    ).json);
  });
  afterAll(() => server?.close());

  test('malformed JSON, wrong content types and prototype pollution are 4xx and store nothing', async () => {
    const before = await count();
    const url = `${server.url}/api/v1/breaches`;
    const auth = { authorization: `Bearer ${credential}` };
    for (const body of [
      '{"breaches": [',
      '{"breaches": [}',
      'null',
      '[]',
      '"breaches"',
      '',
      '{"breaches": [], "__proto__": {"admin": true}}',
    ]) {
      const status = await rawPost(url, body, { 'content-type': 'application/json', ...auth });
      expect(status, body).toBeGreaterThanOrEqual(400);
      expect(status, body).toBeLessThan(500);
    }
    // text/plain is read as a string, which is not the documented shape.
    expect(await rawPost(url, JSON.stringify({ breaches: [breach()] }), { 'content-type': 'text/plain', ...auth })).toBe(400);
    expect(
      await rawPost(url, JSON.stringify({ breaches: [breach()] }), { 'content-type': 'application/x-www-form-urlencoded', ...auth }),
    ).toBe(415);
    expect(await count()).toBe(before);
  });

  test('a 10 MB body is 413 (or the connection is cut) and the server carries on', async () => {
    const before = await count();
    const huge = Buffer.from(JSON.stringify({ breaches: [breach({ url: `https://a.test/${'x'.repeat(10 * 1024 * 1024)}` })] }));
    const status = await rawPost(`${server.url}/api/v1/breaches`, huge, {
      'content-type': 'application/json',
      authorization: `Bearer ${credential}`,
    });
    expect([413, 0]).toContain(status);
    // Without a declared length (chunked), the limit is enforced while reading.
    const chunked = await rawPost(`${server.url}/api/v1/breaches`, huge, {
      'content-type': 'application/json',
      'transfer-encoding': 'chunked',
      authorization: `Bearer ${credential}`,
    });
    expect([413, 0]).toContain(chunked);
    expect(await count()).toBe(before);
    expect((await postJson<BreachBatchAnswer>(`${server.url}/api/v1/breaches`, { breaches: [breach()] }, credential)).json.accepted).toBe(
      1,
    );
  });

  test('deeply nested JSON is refused or rejected per record, never a crash', async () => {
    const before = await count();
    const depth = 100_000;
    const nestedTop = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const top = await rawPost(`${server.url}/api/v1/breaches`, nestedTop, {
      'content-type': 'application/json',
      authorization: `Bearer ${credential}`,
    });
    expect(top).toBe(400);
    const nestedRecord = `{"breaches":[{"id":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}]}`;
    const inRecord = await postJson<BreachBatchAnswer>(`${server.url}/api/v1/breaches`, nestedRecord, credential);
    expect(inRecord.status).toBe(200);
    expect(inRecord.json).toMatchObject({ accepted: 0, duplicates: 0 });
    expect(inRecord.json.rejected).toHaveLength(1);
    // An unknown field nested deep is simply dropped from a good record.
    const good = breach();
    const withDeepExtra = `{"breaches":[${JSON.stringify(good).slice(0, -1)},"future":${'['.repeat(depth)}${']'.repeat(depth)}}]}`;
    expect((await postJson(`${server.url}/api/v1/breaches`, withDeepExtra, credential)).json).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [],
    });
    expect(await count()).toBe(before + 1);
  });

  test('forged, malformed and revoked credentials get 401 and store nothing', async () => {
    const before = await count();
    const forged = [
      `ssd_${'A'.repeat(43)}`,
      'ssd_forged',
      credential.slice(0, -1) + (credential.endsWith('A') ? 'B' : 'A'),
      school.enrollmentToken,
      "' OR 1=1 --",
      '',
    ];
    for (const candidate of forged) {
      expect((await postJson(`${server.url}/api/v1/breaches`, { breaches: [breach()] }, candidate)).status, candidate).toBe(401);
    }
    expect(
      await rawPost(`${server.url}/api/v1/breaches`, JSON.stringify({ breaches: [breach()] }), {
        'content-type': 'application/json',
        authorization: `Basic ${credential}`,
      }),
    ).toBe(401);
    const spare = (await postJson<EnrolAnswer>(`${server.url}/api/v1/devices/enrol`, { enrollmentToken: school.enrollmentToken })).json;
    await server.createStaffUser({
      schoolId: school.schoolId,
      email: `tech-${backend}@hostile.test`,
      role: 'technician',
      password: 'a long passphrase',
    });
    const { token } = (
      await postJson<LoginAnswer>(`${server.url}/api/v1/staff/login`, {
        email: `tech-${backend}@hostile.test`,
        password: 'a long passphrase',
      })
    ).json;
    expect((await postJson(`${server.url}/api/v1/devices/${spare.deviceId}/revoke`, {}, token)).status).toBe(200);
    expect((await postJson(`${server.url}/api/v1/breaches`, { breaches: [breach()] }, spare.credential)).status).toBe(401);
    // A device credential is not a staff session, and a staff session is not a device credential.
    expect((await postJson(`${server.url}/api/v1/devices/${spare.deviceId}/revoke`, {}, credential)).status).toBe(401);
    expect((await postJson(`${server.url}/api/v1/breaches`, { breaches: [breach()] }, token)).status).toBe(401);
    expect(await count()).toBe(before);
  });

  test("another school's ids in the body: records are tied to the authenticated device's school and device", async () => {
    const other = await server.createSchool({ name: 'Victim' });
    const victim = (
      await postJson<EnrolAnswer>(`${server.url}/api/v1/devices/enrol`, { enrollmentToken: other.enrollmentToken, groupId: 'Y4-Oak' })
    ).json;
    const victimRecord = breach({ user: 'victim@school.test' });
    expect(
      (await postJson<BreachBatchAnswer>(`${server.url}/api/v1/breaches`, { breaches: [victimRecord] }, victim.credential)).json.accepted,
    ).toBe(1);
    const forged = breach({ schoolId: other.schoolId, deviceId: victim.deviceId, user: 'attacker@school.test' });
    // Replaying the victim's record with a changed body must not alter or re-home it: ids are kept per
    // school, so it is only a record of this school (neither blocked by nor revealing the victim's).
    const replay = { ...victimRecord, url: 'https://changed.test/', schoolId: other.schoolId };
    const answer = await postJson(`${server.url}/api/v1/breaches`, { breaches: [forged, replay] }, credential);
    expect(answer.json).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    const [row] = await server.db.query<{ school_id: string; device_id: string }>(
      'SELECT school_id, device_id FROM breaches WHERE id = $1',
      [forged.id],
    );
    expect(row).toEqual({ school_id: school.schoolId, device_id: deviceId });
    const victimRows = await server.db.query<{ school_id: string; url: string }>(
      'SELECT school_id, url FROM breaches WHERE id = $1 ORDER BY school_id = $2',
      [victimRecord.id, school.schoolId],
    );
    expect(victimRows).toEqual([
      { school_id: other.schoolId, url: victimRecord.url },
      { school_id: school.schoolId, url: 'https://changed.test/' },
    ]);
    expect(await allRows(pupilBreachPages(server.db, other.schoolId, 'attacker@school.test'))).toHaveLength(0);
  });

  test('SQL metacharacters and script tags in every string field are stored as data, or refused', async () => {
    const tablesBefore = await server.db.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    const schools = (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM schools'))[0].n;
    const valueFor = (field: (typeof STRING_FIELDS)[number], nasty: string) =>
      field === 'user'
        ? `${nasty}@x.test`
        : field === 'url'
          ? `https://games.example.test/${nasty}`
          : nasty.slice(0, field === 'resourceType' ? 32 : 64);
    const records = STRING_FIELDS.flatMap((field) => NASTY.map((nasty) => breach({ [field]: valueFor(field, nasty) })));
    // A device writes its own group's records only: each hostile group name comes from a device enrolled for it.
    const ownGroup = records.filter((record) => record.groupId === 'Y4-Oak');
    for (let start = 0; start < ownGroup.length; start += MAX_BATCH_RECORDS) {
      const answer = await postJson<BreachBatchAnswer>(
        `${server.url}/api/v1/breaches`,
        { breaches: ownGroup.slice(start, start + MAX_BATCH_RECORDS) },
        credential,
      );
      expect(answer.json.rejected).toEqual([]);
    }
    for (const record of records.filter((candidate) => candidate.groupId !== 'Y4-Oak')) {
      const enrolled = await postJson<EnrolAnswer>(`${server.url}/api/v1/devices/enrol`, {
        enrollmentToken: school.enrollmentToken,
        groupId: record.groupId,
      });
      const answer = await postJson<BreachBatchAnswer>(`${server.url}/api/v1/breaches`, { breaches: [record] }, enrolled.json.credential);
      expect(answer.json.rejected).toEqual([]);
    }
    const columns: Record<(typeof STRING_FIELDS)[number], string> = {
      url: 'url',
      host: 'host',
      registrableDomain: 'registrable_domain',
      ruleId: 'rule_id',
      rulesVersion: 'rules_version',
      resourceType: 'resource_type',
      groupId: 'group_id',
      user: 'user_email',
    };
    const expected = (field: (typeof STRING_FIELDS)[number], sent: string | undefined) => {
      if (field === 'url') return new URL(String(sent)).href;
      if (field === 'host') return 'games.example.test';
      if (field === 'registrableDomain') return 'example.test';
      return sent === undefined ? null : field === 'user' ? sent.toLowerCase() : sent;
    };
    for (const record of records) {
      const [row] = await server.db.query<Record<string, string>>('SELECT * FROM breaches WHERE id = $1', [record.id]);
      for (const field of STRING_FIELDS) expect(row[columns[field]]).toBe(expected(field, record[field] as string | undefined));
    }
    // A category is one the extension can name, or the record is refused.
    const categories = await postJson<BreachBatchAnswer>(
      `${server.url}/api/v1/breaches`,
      { breaches: NASTY.map((nasty) => breach({ category: nasty.slice(0, 64) })) },
      credential,
    );
    expect(categories.json.rejected.map((entry) => entry.reason)).toEqual(
      NASTY.map((nasty) => `category "${nasty.slice(0, 64)}" is not known`),
    );
    expect(await server.db.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).toEqual(tablesBefore);
    expect((await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM schools'))[0].n).toBe(schools);
    // The device name and enrolment token get the same treatment.
    const named = await postJson<EnrolAnswer>(`${server.url}/api/v1/devices/enrol`, {
      enrollmentToken: school.enrollmentToken,
      deviceName: NASTY[0],
    });
    expect(named.status).toBe(200);
    expect(await server.db.query('SELECT name FROM devices WHERE id = $1', [named.json.deviceId])).toEqual([{ name: NASTY[0] }]);
    expect((await postJson(`${server.url}/api/v1/devices/enrol`, { enrollmentToken: NASTY[0] })).status).toBe(403);
  });
});
