import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { type BreachBatchAnswer, type EnrolAnswer, MAX_BATCH_RECORDS, MAX_URL_LENGTH } from '../../src/core/breach-schema.js';
import { uploadOutcome } from '../../src/core/upload-outcome.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { auditTrail } from '../../src/server/storage/audit-log.js';
import { defined } from '../unit/support/defined.js';
import {
  breach,
  type ErrorAnswer,
  type GroupSummaryAnswer,
  getExport,
  getJson,
  type JsonAnswer,
  type LoginAnswer,
  postJson,
} from './support/breaches.js';
import { BACKENDS, databaseFor } from './support/databases.js';

/** The parts of the OpenAPI document the test reads. */
interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<number, { content: Record<string, { schema: object }> }> }>>;
  components: { schemas: Record<string, object> };
}

describe.each(BACKENDS)('reporting API on %s', (backend) => {
  let server: RunningServer;
  let school: { schoolId: string; enrollmentToken: string };
  // Bound to the group of the test records (support/breaches.ts), as a device whose policy names it.
  const enrol = async (groupId = 'Y4-Oak') =>
    (
      await postJson<EnrolAnswer>(`${server.url}/api/v1/devices/enrol`, {
        enrollmentToken: school.enrollmentToken,
        deviceName: 'Chromebook 7',
        groupId,
      })
    ).json;
  const logIn = async (email: string, password = 'correct horse battery') =>
    (await postJson<LoginAnswer>(`${server.url}/api/v1/staff/login`, { email, password })).json.token;
  const send = (credential: string, breaches: unknown[], extra: object = {}) =>
    postJson<BreachBatchAnswer>(`${server.url}/api/v1/breaches`, { breaches, ...extra }, credential);

  beforeAll(async () => {
    server = await startServer({ port: 0, ...(await databaseFor(backend)), deviceBatchesPerMinute: 1000, enrolmentsPerMinute: 1000 });
    school = await server.createSchool({ id: 'oak-primary', name: 'Oak Primary' });
    await server.createStaffUser({
      schoolId: school.schoolId,
      email: 'tech@oak.test',
      role: 'technician',
      password: 'correct horse battery',
    });
    await server.createStaffUser({ schoolId: school.schoolId, email: 'dsl@oak.test', role: 'dsl', password: 'correct horse battery' });
    await server.createStaffUser({
      schoolId: school.schoolId,
      email: 'teacher@oak.test',
      role: 'teacher',
      password: 'correct horse battery',
      groups: ['Y4-Oak'],
    });
  });
  afterAll(() => server?.close());

  test('enrolment gives a credential for the right token only', async () => {
    const device = await enrol();
    expect(device.deviceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(device.credential).toMatch(/^ssd_/);
    const wrong = await postJson(`${server.url}/api/v1/devices/enrol`, { enrollmentToken: `sse_${'A'.repeat(43)}` });
    expect(wrong.status).toBe(403);
    expect((await postJson(`${server.url}/api/v1/devices/enrol`, {})).status).toBe(400);
  });

  test('the enrolment token alone reads nothing and sends nothing', async () => {
    expect((await send(school.enrollmentToken, [breach()])).status).toBe(401);
    expect((await getJson(`${server.url}/api/v1/subject-access/export?user=a@b.test`, school.enrollmentToken)).status).toBe(401);
    expect((await getJson(`${server.url}/api/v1/groups/Y4-Oak/summary`, school.enrollmentToken)).status).toBe(401);
  });

  test('each record is judged on its own; the answer adds up and the device reads it as stored', async () => {
    const { credential } = await enrol();
    const good = breach({ futureField: { nested: true } });
    const batch = [
      good,
      breach({ count: 'three' }),
      breach({ occurredAt: '1970-01-01T00:00:00Z' }),
      breach({ occurredAt: new Date(Date.now() + 3 * 86_400_000).toISOString() }),
      breach({ occurredAt: 'yesterday' }),
      breach({ url: `https://long.test/${'a'.repeat(MAX_URL_LENGTH)}` }),
      breach({ category: 'games\u0000' }),
      breach({ id: 'not-a-uuid' }),
      { id: crypto.randomUUID() },
      'not an object',
    ];
    const answer = await send(credential, batch);
    expect(answer.status).toBe(200);
    expect(answer.json.accepted).toBe(1);
    expect(answer.json.duplicates).toBe(0);
    expect(answer.json.rejected).toHaveLength(batch.length - 1);
    const reasons = answer.json.rejected.map((entry) => entry.reason).join('\n');
    for (const expected of [
      'count must be integer',
      'retention',
      'future',
      'ISO 8601',
      'url must NOT have more than',
      'category must match',
      'id must match',
      'must have required property',
      'record must be object',
    ]) {
      expect(reasons).toContain(expected);
    }
    const ids = batch.map((record, index) => (typeof record === 'object' && typeof record.id === 'string' ? record.id : `#${index}`));
    const outcome = uploadOutcome(answer.status, JSON.stringify(answer.json), ids);
    expect(outcome.kind).toBe('stored');
    if (outcome.kind === 'stored') expect(outcome.rejected.size).toBe(batch.length - 1);
    const stored = await server.db.query<{ id: string }>('SELECT id FROM breaches WHERE school_id = $1 AND id = ANY($2::uuid[])', [
      school.schoolId,
      batch.flatMap((record) => (typeof record === 'object' && /^[0-9a-f-]{36}$/.test(String(record.id)) ? [record.id] : [])),
    ]);
    expect(stored.map((row) => row.id)).toEqual([good.id]);
  });

  test('a replay is a duplicate, stored once; dropped counts are kept for the DSL', async () => {
    const { credential, deviceId } = await enrol();
    const records = [breach(), breach(), breach()];
    expect((await send(credential, records)).json).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    expect((await send(credential, [...records, records[0], breach()], { dropped: 12 })).json).toEqual({
      accepted: 1,
      duplicates: 4,
      rejected: [],
    });
    const [{ n }] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM breaches WHERE device_id = $1', [deviceId]);
    expect(n).toBe(4);
    expect(await server.db.query('SELECT dropped FROM dropped_reports WHERE device_id = $1', [deviceId])).toEqual([{ dropped: 12 }]);
  });

  test('more than 500 records or more bytes than the limit is 413; a malformed body is 400 with the reason', async () => {
    const { credential } = await enrol();
    const tooMany = await send(
      credential,
      Array.from({ length: MAX_BATCH_RECORDS + 1 }, () => breach()),
    );
    expect(tooMany.status).toBe(413);
    const tooBig = await send(credential, [breach({ url: `https://a.test/${'x'.repeat(3 * 1024 * 1024)}` })]);
    expect(tooBig.status).toBe(413);
    const notArray = await postJson<ErrorAnswer>(`${server.url}/api/v1/breaches`, { breaches: { id: 'x' } }, credential);
    expect(notArray.status).toBe(400);
    expect(notArray.json.reason).toContain('breaches must be array');
    expect((await postJson(`${server.url}/api/v1/breaches`, { breaches: [], dropped: '5' }, credential)).status).toBe(400);
    expect((await postJson(`${server.url}/api/v1/breaches`, { records: [] }, credential)).status).toBe(400);
  });

  test('a technician revokes a device: it gets 401 and is told to enrol again; others cannot', async () => {
    const { credential, deviceId } = await enrol();
    expect((await send(credential, [breach()])).status).toBe(200);
    const teacher = await logIn('teacher@oak.test');
    expect((await postJson(`${server.url}/api/v1/devices/${deviceId}/revoke`, {}, teacher)).status).toBe(403);
    const other = await server.createSchool({ name: 'Elm' });
    await server.createStaffUser({
      schoolId: other.schoolId,
      email: `tech@${other.schoolId}.test`,
      role: 'technician',
      password: 'correct horse battery',
    });
    const otherTech = await logIn(`tech@${other.schoolId}.test`);
    expect((await postJson(`${server.url}/api/v1/devices/${deviceId}/revoke`, {}, otherTech)).status).toBe(404);
    const tech = await logIn('tech@oak.test');
    expect((await postJson(`${server.url}/api/v1/devices/${deviceId}/revoke`, {}, tech)).json).toEqual({ revoked: deviceId });
    const refused = await send(credential, [breach()]);
    expect(refused.status).toBe(401);
    expect(uploadOutcome(refused.status, JSON.stringify(refused.json), []).kind).toBe('unauthorised');
    expect(
      (await auditTrail(server.db, school.schoolId)).some(
        (entry) => entry.action === 'device.revoke' && entry.target === deviceId && entry.actor === 'tech@oak.test',
      ),
    ).toBe(true);
  });

  test('staff log-in refuses a wrong password the same way as an unknown email', async () => {
    const wrong = await postJson(`${server.url}/api/v1/staff/login`, { email: 'dsl@oak.test', password: 'nope' });
    const unknown = await postJson(`${server.url}/api/v1/staff/login`, { email: 'nobody@oak.test', password: 'nope' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.json).toEqual(unknown.json);
  });

  test('a teacher sees only their own classes; every view, export and erasure is in the audit log', async () => {
    const { credential } = await enrol();
    await send(credential, [breach({ user: 'Pupil.One@oak.test' }), breach({ user: 'pupil.two@oak.test' })]);
    const elm = await enrol('Y6-Elm');
    await send(elm.credential, [breach({ user: 'pupil.one@oak.test', groupId: 'Y6-Elm', category: 'social-media' })]);
    const teacher = await logIn('teacher@oak.test');
    const own = await getJson<GroupSummaryAnswer>(`${server.url}/api/v1/groups/Y4-Oak/summary?days=30`, teacher);
    expect(own.status).toBe(200);
    expect(own.json.rows.length).toBeGreaterThan(0);
    expect((await getJson(`${server.url}/api/v1/groups/Y6-Elm/summary`, teacher)).status).toBe(403);
    const dsl = await logIn('dsl@oak.test');
    expect((await getJson<GroupSummaryAnswer>(`${server.url}/api/v1/groups/Y6-Elm/summary`, dsl)).json.rows).toEqual([
      expect.objectContaining({ category: 'social-media', breaches: 1 }),
    ]);
    expect((await getExport(`${server.url}/api/v1/subject-access/export?user=pupil.one@oak.test`, teacher)).status).toBe(403);
    await server.db.query("INSERT INTO pupils (school_id, email, display_name) VALUES ($1, 'pupil.one@oak.test', 'Pupil One')", [
      school.schoolId,
    ]);
    const exported = await getExport(`${server.url}/api/v1/subject-access/export?user=pupil.one@oak.test`, dsl);
    expect(exported.status).toBe(200);
    expect(exported.lines[1]).toEqual({ type: 'pupil', displayName: 'Pupil One', groupId: null });
    expect(exported.headers.get('cache-control')).toBe('no-store');
    expect(exported.breaches).toHaveLength(2);
    expect((await postJson(`${server.url}/api/v1/subject-access/erase`, { user: 'PUPIL.ONE@oak.test' }, dsl)).json).toEqual({
      breaches: 2,
      unblockRequests: 0,
      rosterEntries: 1,
    });
    expect((await getExport(`${server.url}/api/v1/subject-access/export?user=pupil.one@oak.test`, dsl)).breaches).toHaveLength(0);
    expect((await getExport(`${server.url}/api/v1/subject-access/export?user=pupil.two@oak.test`, dsl)).breaches).toHaveLength(1);
    // The audit entry is written once the last byte was sent, just after the client has it.
    await vi.waitFor(async () =>
      expect((await auditTrail(server.db, school.schoolId)).filter((e) => e.action === 'pupil.export')).toHaveLength(3),
    );
    const trail = await auditTrail(server.db, school.schoolId);
    const actions = trail.map((entry) => `${entry.actor} ${entry.action} ${entry.target}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'teacher@oak.test group-summary.view Y4-Oak',
        'dsl@oak.test group-summary.view Y6-Elm',
        'dsl@oak.test pupil.export pupil.one@oak.test',
        'dsl@oak.test pupil.erase pupil.one@oak.test',
      ]),
    );
    expect(actions).not.toContain('teacher@oak.test group-summary.view Y6-Elm');
  });

  test("unblock requests are stored for the device's school", async () => {
    const { credential, deviceId } = await enrol();
    const answer = await postJson(
      `${server.url}/api/v1/unblock-requests`,
      { url: 'https://maths.example.test/', reason: 'homework' },
      credential,
    );
    expect(answer.status).toBe(201);
    expect(await server.db.query('SELECT school_id, url, reason, status FROM unblock_requests WHERE device_id = $1', [deviceId])).toEqual([
      { school_id: school.schoolId, url: 'https://maths.example.test/', reason: 'homework', status: 'pending' },
    ]);
  });

  test('the OpenAPI document describes exactly the real routes, and real answers match it', async () => {
    const document = (await getJson<OpenApiDocument>(`${server.url}/api/v1/openapi.json`)).json;
    const documented = Object.entries<Record<string, unknown>>(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    for (const path of Object.keys(document.paths)) {
      const fastifyPath = path.replace(/\{(\w+)\}/g, ':$1');
      for (const method of Object.keys(document.paths[path])) {
        expect(server.app.hasRoute({ method: method.toUpperCase() as 'GET', url: fastifyPath }), `${method} ${path}`).toBe(true);
      }
    }
    for (const route of [
      'POST /api/v1/devices/enrol',
      'POST /api/v1/breaches',
      'POST /api/v1/unblock-requests',
      'POST /api/v1/staff/login',
      'POST /api/v1/staff/logout',
      'POST /api/v1/devices/{deviceId}/revoke',
      'GET /api/v1/groups/{groupId}/summary',
      'GET /api/v1/subject-access/export',
      'POST /api/v1/subject-access/erase',
      'POST /api/v1/school/enrolment-token/rotate',
      'GET /api/v1/school/ingest-usage',
      'GET /api/v1/openapi.json',
      'GET /api/v1/health',
      'GET /api/v1/school',
      'GET /api/v1/school/classes',
      'POST /api/v1/school/classes',
      'PATCH /api/v1/school/classes/{classId}',
      'PUT /api/v1/school/classes/{classId}/teachers',
      'GET /api/v1/school/teachers',
      'POST /api/v1/school/roster-import/preview',
      'POST /api/v1/school/roster-import/apply',
      'GET /api/v1/groups/{groupId}/breach-summary',
      'GET /api/v1/groups/{groupId}/breaches-per-day.svg',
      'GET /api/v1/groups/{groupId}/breaches',
      'GET /api/v1/groups/{groupId}/breaches/export',
      'GET /api/v1/breaches/{breachId}',
      'POST /api/v1/breaches/{breachId}/actions',
      'GET /api/v1/breach-references/{reference}',
    ]) {
      expect(documented).toContain(route);
    }
    expect(documented).toHaveLength(28);
    // Real answers, checked against the document's own response schemas.
    const ajv = new Ajv({ strict: false, validateFormats: false });
    const schemaFor = (method: string, path: string, status: number) =>
      document.paths[path][method].responses[status].content['application/json'].schema;
    const enrolled = await postJson<EnrolAnswer>(`${server.url}/api/v1/devices/enrol`, {
      enrollmentToken: school.enrollmentToken,
      groupId: 'Y4-Oak',
    });
    expect(ajv.validate(schemaFor('post', '/api/v1/devices/enrol', 200), enrolled.json), ajv.errorsText()).toBe(true);
    const stored = await send(enrolled.json.credential, [breach(), { id: 'bad' }]);
    expect(ajv.validate(schemaFor('post', '/api/v1/breaches', 200), stored.json), ajv.errorsText()).toBe(true);
    const unauthorised = await send('ssd_forged', [breach()]);
    expect(ajv.validate(schemaFor('post', '/api/v1/breaches', 401), unauthorised.json), ajv.errorsText()).toBe(true);
    // The documented record schema accepts what the extension makes.
    expect(ajv.validate(document.components.schemas.BreachRecord, breach()), ajv.errorsText()).toBe(true);
  });
});

describe('rate limit', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, deviceBatchesPerMinute: 3, retentionJob: false });
  });
  afterAll(() => server?.close());

  test('a device over its rate gets 429 with Retry-After, which the device honours as retry; other devices are unaffected', async () => {
    const school = await server.createSchool();
    const enrol = async () =>
      (await postJson<EnrolAnswer>(`${server.url}/api/v1/devices/enrol`, { enrollmentToken: school.enrollmentToken, groupId: 'Y4-Oak' }))
        .json.credential;
    const busy = await enrol();
    const quiet = await enrol();
    const statuses: number[] = [];
    let limited: JsonAnswer | undefined;
    for (let i = 0; i < 5; i += 1) {
      const answer = await postJson(`${server.url}/api/v1/breaches`, { breaches: [breach()] }, busy);
      statuses.push(answer.status);
      if (answer.status === 429) limited = answer;
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(defined(limited, 'a 429 answer').headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(uploadOutcome(429, '', []).kind).toBe('retry');
    expect((await postJson(`${server.url}/api/v1/breaches`, { breaches: [breach()] }, quiet)).status).toBe(200);
  });
});
