import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NOT_ON_ALLOW_LIST, SCHOOL_BLOCK_LIST } from '../../src/core/block-index.js';
import { type BreachBatchAnswer, type EnrolAnswer, MAX_BATCH_RECORDS, MAX_BREACH_COUNT } from '../../src/core/breach-schema.js';
import { parseCatalogue } from '../../src/core/categories.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { breach, type GroupSummaryAnswer, getJson, type LoginAnswer, postJson } from './support/breaches.js';
import { BACKENDS, databaseFor } from './support/databases.js';

const CATALOGUE = parseCatalogue(JSON.parse(readFileSync('rules/categories.json', 'utf8')));

describe.each(BACKENDS)('the server judges what a device could have seen, on %s', (backend) => {
  let server: RunningServer;
  let credential: string;
  const send = (breaches: unknown[], as = credential) => postJson<BreachBatchAnswer>(`${server.url}/api/v1/breaches`, { breaches }, as);
  let enrollmentToken: string;
  const stored = async (id: string) =>
    (
      await server.db.query<{ url: string; host: string; registrable_domain: string; occurred_at: Date }>(
        'SELECT url, host, registrable_domain, occurred_at FROM breaches WHERE id = $1',
        [id],
      )
    )[0];

  beforeAll(async () => {
    server = await startServer({ port: 0, ...(await databaseFor(backend)), deviceBatchesPerMinute: 10_000, retentionJob: false });
    const school = await server.createSchool({ id: 'checks-school', name: 'Checks' });
    ({ enrollmentToken } = school);
    ({ credential } = (await postJson<EnrolAnswer>(`${server.url}/api/v1/devices/enrol`, { enrollmentToken, groupId: 'Y4-Oak' })).json);
    await server.createStaffUser({ schoolId: school.schoolId, email: 'dsl@checks.test', role: 'dsl', password: 'correct horse battery' });
  });
  afterAll(() => server?.close());

  test('the URL must be http(s); credentials are stripped and host and registrable domain come from the URL, not the body', async () => {
    const forgedNames = breach({
      url: 'https://pupil:secret@www.Games.Example.co.uk:8443/play?level=2',
      host: 'innocent.test',
      registrableDomain: 'innocent.test',
    });
    const ip = breach({ url: 'http://[::1]/x', host: 'localhost' });
    const refused = ['javascript:alert(1)', 'ftp://files.example.test/a', 'not a url', 'file:///etc/passwd', 'https://'];
    const answer = await send([forgedNames, ip, ...refused.map((url) => breach({ url }))]);
    expect(answer.json.accepted).toBe(2);
    expect(answer.json.rejected.map((entry) => entry.reason)).toEqual(refused.map(() => 'url is not an http(s) URL'));
    expect(await stored(forgedNames.id)).toMatchObject({
      url: 'https://www.games.example.co.uk:8443/play?level=2',
      host: 'www.games.example.co.uk',
      registrable_domain: 'example.co.uk',
    });
    expect(await stored(ip.id)).toMatchObject({ host: '[::1]', registrable_domain: '[::1]' });
  });

  test('the category must be one the extension can record: a catalogue id or one of the policy’s own', async () => {
    const known = [...CATALOGUE.categories.map((category) => category.id), SCHOOL_BLOCK_LIST, NOT_ON_ALLOW_LIST];
    const unknown = ['social', 'made-up', 'GAMES'];
    const answer = await send([...known.map((category) => breach({ category })), ...unknown.map((category) => breach({ category }))]);
    expect(answer.json.accepted).toBe(known.length);
    expect(answer.json.rejected.map((entry) => entry.reason)).toEqual(unknown.map((category) => `category "${category}" is not known`));
  });

  test(`a count above what one record can hold (${MAX_BREACH_COUNT}) is rejected, not clipped`, async () => {
    const full = breach({ count: MAX_BREACH_COUNT });
    const answer = await send([full, breach({ count: MAX_BREACH_COUNT + 1 }), breach({ count: 1_000_000 })]);
    expect(answer.json.accepted).toBe(1);
    expect(answer.json.rejected.map((entry) => entry.reason)).toEqual([
      `count must be <= ${MAX_BREACH_COUNT}`,
      `count must be <= ${MAX_BREACH_COUNT}`,
    ]);
  });

  test('dates that do not exist are refused, not moved to another day', async () => {
    const year = new Date().getUTCFullYear();
    const impossible = [`${year}-02-30T10:00:00Z`, `${year}-01-01T24:00:00Z`, `${year}-04-31T10:00Z`, `${year}-01-01T10:60:00Z`];
    const impossibleToo = [`${year}-01-01T10:00:60Z`, `${year}-13-01T10:00:00Z`, `${year}-01-00T10:00:00Z`, `${year}-01-01T10:00:00+24:00`];
    const answer = await send([...impossible, ...impossibleToo].map((occurredAt) => breach({ occurredAt })));
    expect(answer.json.accepted).toBe(0);
    expect(answer.json.rejected.map((entry) => entry.reason)).toEqual(
      [...impossible, ...impossibleToo].map(() => 'occurredAt is not an ISO 8601 date-time'),
    );
    // An offset is honoured: 00:30 at +01:00 is 23:30 the day before in UTC.
    const day = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    const offset = breach({ occurredAt: `${day}T00:30:00.5+01:00` });
    expect((await send([offset])).json.accepted).toBe(1);
    expect((await stored(offset.id)).occurred_at.toISOString()).toBe(
      new Date(Date.parse(`${day}T00:00:00Z`) - 1_800_000 + 500).toISOString(),
    );
  });

  test('five batches with huge counts cannot break the class summary, and large sums come back exact', async () => {
    const huge = (await postJson<EnrolAnswer>(`${server.url}/api/v1/devices/enrol`, { enrollmentToken, groupId: 'Y5-Huge' })).json
      .credential;
    const batch = () => Array.from({ length: MAX_BATCH_RECORDS }, () => breach({ groupId: 'Y5-Huge', count: 1_000_000 }));
    for (let i = 0; i < 5; i += 1) expect((await send(batch(), huge)).json.accepted).toBe(0);
    const full = () => Array.from({ length: MAX_BATCH_RECORDS }, () => breach({ groupId: 'Y5-Huge', count: MAX_BREACH_COUNT }));
    for (let i = 0; i < 5; i += 1) expect((await send(full(), huge)).json.accepted).toBe(MAX_BATCH_RECORDS);
    const dsl = (
      await postJson<LoginAnswer>(`${server.url}/api/v1/staff/login`, { email: 'dsl@checks.test', password: 'correct horse battery' })
    ).json.token;
    const summary = await getJson<GroupSummaryAnswer>(`${server.url}/api/v1/groups/Y5-Huge/summary?days=7`, dsl);
    expect(summary.status).toBe(200);
    expect(summary.json.rows).toEqual([
      expect.objectContaining({ category: 'games', breaches: 5 * MAX_BATCH_RECORDS, blocked: 5 * MAX_BATCH_RECORDS * MAX_BREACH_COUNT }),
    ]);
  });
});
