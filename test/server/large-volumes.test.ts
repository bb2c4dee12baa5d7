import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { MAX_BREACH_COUNT } from '../../src/core/breach-schema.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { auditTrail } from '../../src/server/storage/audit-log.js';
import { enrolDevice } from '../../src/server/storage/devices.js';
import { type GroupSummaryAnswer, getJson, type LoginAnswer, postJson } from './support/breaches.js';
import { BACKENDS, databaseFor } from './support/databases.js';

/** More rows than one pupil's year could hold, and enough full counts to pass a 32-bit sum (2^31 - 1). */
const ROWS = 220_000;
const PUPIL = 'busy.pupil@big.test';

/** Reads an NDJSON export line by line as it arrives, keeping only counts and the last line. */
async function readExport(response: Response): Promise<{ types: Record<string, number>; first: unknown; last: unknown }> {
  const types: Record<string, number> = {};
  let first: unknown;
  let last: unknown;
  let rest = '';
  const decoder = new TextDecoder();
  const take = (line: string) => {
    const parsed = JSON.parse(line) as { type: string };
    types[parsed.type] = (types[parsed.type] ?? 0) + 1;
    first ??= parsed;
    last = parsed;
  };
  for await (const chunk of response.body ?? []) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) take(line);
  }
  expect(rest).toBe('');
  return { types, first, last };
}

describe.each(BACKENDS)('large volumes on %s', (backend) => {
  let server: RunningServer;
  let dsl: string;
  let schoolId: string;

  beforeAll(async () => {
    server = await startServer({ port: 0, ...(await databaseFor(backend)), retentionJob: false });
    ({ schoolId } = await server.createSchool({ id: 'big-school', name: 'Big' }));
    await server.createStaffUser({ schoolId, email: 'dsl@big.test', role: 'dsl', password: 'correct horse battery' });
    dsl = (await postJson<LoginAnswer>(`${server.url}/api/v1/staff/login`, { email: 'dsl@big.test', password: 'correct horse battery' }))
      .json.token;
    const { deviceId } = await enrolDevice(server.db, schoolId, 'big');
    // Straight into the tables (no HTTP), each at the count cap, one per millisecond from yesterday noon
    // (London): all on one day, so one summary row's sum passes 32 bits.
    await server.db.query("SELECT ensure_breach_partition(now()), ensure_breach_partition(now() - interval '1 day')");
    await server.db.query(
      `INSERT INTO breaches (id, occurred_at, school_id, device_id, group_id, user_email, url, host, registrable_domain,
                             category, rule_id, rules_version, resource_type, count)
       SELECT gen_random_uuid(), (date_trunc('day', now() AT TIME ZONE 'Europe/London') - interval '12 hours') AT TIME ZONE 'Europe/London' + i * interval '1 millisecond', $1, $2, 'Y6-Big', $3,
              'https://games.example.test/play?level=' || i, 'games.example.test', 'example.test', 'games', 'policy:categories',
              'builtin-1', 'sub_frame', $4
       FROM generate_series(1, $5::int) AS i`,
      [schoolId, deviceId, PUPIL, MAX_BREACH_COUNT, ROWS],
    );
    await server.db.query(
      `INSERT INTO unblock_requests (school_id, device_id, user_email, url, reason) VALUES ($1, $2, $3, 'https://a.test/', 'homework'),
       ($1, $2, $3, 'https://b.test/', null)`,
      [schoolId, deviceId, PUPIL],
    );
  }, 180_000);
  afterAll(() => server?.close());

  const exportUrl = () => `${server.url}/api/v1/subject-access/export?user=${encodeURIComponent(PUPIL)}`;
  const exportsAudited = async () =>
    (await auditTrail(server.db, schoolId)).filter((entry) => entry.action.startsWith('pupil.export')).map((entry) => entry);

  test(`a subject access export of ${ROWS} records streams as NDJSON, ends with a count, and is audited once it was sent`, async () => {
    const response = await fetch(exportUrl(), { headers: { authorization: `Bearer ${dsl}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { types, first, last } = await readExport(response);
    expect(types).toEqual({ export: 1, breach: ROWS, unblockRequest: 2, end: 1 });
    expect(first).toMatchObject({ type: 'export', user: PUPIL, schoolId });
    expect(last).toEqual({ type: 'end', breaches: ROWS, unblockRequests: 2 });
    await vi.waitFor(async () => expect((await exportsAudited()).map((entry) => entry.action)).toEqual(['pupil.export']), {
      timeout: 10_000,
    });
    expect((await exportsAudited())[0].detail).toEqual({ breaches: ROWS, unblockRequests: 2 });
  }, 180_000);

  test('an export the client abandons mid-way is audited as incomplete, with what was sent, never as exported', async () => {
    const before = (await exportsAudited()).length;
    const abort = new AbortController();
    const response = await fetch(exportUrl(), { headers: { authorization: `Bearer ${dsl}` }, signal: abort.signal });
    const reader = response.body?.getReader();
    await reader?.read();
    abort.abort();
    await vi.waitFor(async () => expect((await exportsAudited()).length).toBe(before + 1), { timeout: 30_000 });
    const entry = (await exportsAudited())[before];
    expect(entry.action).toBe('pupil.export.incomplete');
    expect(entry.detail.breaches).toBeLessThan(ROWS);
  }, 180_000);

  test('a class summary sums counts past 32 bits exactly', async () => {
    const summary = await getJson<GroupSummaryAnswer>(`${server.url}/api/v1/groups/Y6-Big/summary?days=2`, dsl);
    expect(summary.status).toBe(200);
    const rows = summary.json.rows;
    expect(rows.reduce((sum, row) => sum + row.breaches, 0)).toBe(ROWS);
    expect(rows.reduce((sum, row) => sum + row.blocked, 0)).toBe(ROWS * MAX_BREACH_COUNT);
  }, 60_000);
});
