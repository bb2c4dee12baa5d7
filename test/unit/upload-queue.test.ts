import 'fake-indexeddb/auto';
import { describe, expect, test } from 'vitest';
import { BreachStore } from '../../extension/background/breach-store.js';
import { Enrolment } from '../../extension/background/enrolment.js';
import { AGGREGATION_MS, UPLOAD_ALARM, UploadQueue } from '../../extension/background/upload-queue.js';
import { FakeLocalStore } from './fakes/fake-browser-apis.js';
import { enrolled, FakeAlarms, json, raw, ScriptedServer, storesAll } from './fakes/fake-upload-world.js';
import { breach } from './support/breaches.js';
import { defined } from './support/defined.js';

const REPORTING = 'http://127.0.0.1:8787';

async function setUp(
  answers: ConstructorParameters<typeof ScriptedServer>[0],
  { policy = { reportingUrl: REPORTING, enrollmentToken: 'token' } as object, maxRecords = 10_000 } = {},
) {
  const clock = { now: Date.parse('2026-11-23T10:00:00Z') };
  const store = await BreachStore.open(`upload-${Math.random()}`, { maxRecords, sentRetentionMs: 1e12 }, () => clock.now);
  const server = new ScriptedServer(answers);
  const local = new FakeLocalStore();
  const alarms = new FakeAlarms();
  const queue = new UploadQueue({
    store,
    enrolment: new Enrolment(local, server.transport),
    transport: server.transport,
    alarms,
    local,
    target: async () => policy,
    deviceName: 'test',
    now: () => new Date(clock.now),
    random: () => 0.5,
  });
  /** Lets the counting window of everything recorded so far pass, then uploads. */
  const sendNow = async () => {
    clock.now += AGGREGATION_MS;
    await queue.kick();
  };
  return { clock, store, server, local, alarms, queue, sendNow };
}

describe('UploadQueue', () => {
  test('enrols once, then sends pending records in batches of at most 500 and marks them sent', async () => {
    const { store, server, queue, sendNow } = await setUp([enrolled, storesAll]);
    for (let i = 0; i < 1201; i++) await store.add(breach());
    await sendNow();
    const batches = server.breachCalls();
    expect(batches.map((call) => call.body.breaches.length)).toEqual([500, 500, 201]);
    expect(batches.every((call) => call.credential === 'secret-1')).toBe(true);
    expect(server.calls.filter((call) => call.url.endsWith('/enrol'))).toHaveLength(1);
    expect(await store.counts()).toMatchObject({ pending: 0, sent: 1201 });
    expect((await queue.state()).lastSuccessAt).toBeDefined();
  });

  test('a failure keeps everything pending and schedules a retry with backoff and an alarm', async () => {
    const { store, server, queue, alarms, clock, sendNow } = await setUp([enrolled, raw(500, 'oops')]);
    await store.add(breach());
    await sendNow();
    expect(await store.counts()).toMatchObject({ pending: 1, sent: 0 });
    const state = await queue.state();
    expect(state).toMatchObject({ failures: 1, lastError: 'HTTP 500' });
    const nextAttemptAt = defined(state.nextAttemptAt, 'the next attempt time after a failure');
    expect(Date.parse(nextAttemptAt)).toBeGreaterThan(clock.now);
    expect(alarms.scheduled.get(UPLOAD_ALARM)).toBeGreaterThanOrEqual(clock.now + 30_000);
    // A kick during the backoff does not hammer the server.
    await queue.kick();
    expect(server.breachCalls()).toHaveLength(1);
    clock.now = Date.parse(nextAttemptAt) + 1;
    server.script([storesAll]);
    alarms.fire(UPLOAD_ALARM);
    await queue.kick();
    expect(await store.counts()).toMatchObject({ pending: 0, sent: 1 });
  });

  test('Retry-After is honoured', async () => {
    const { store, queue, clock, sendNow } = await setUp([enrolled, json(429, { error: 'slow down' }, '120')]);
    await store.add(breach());
    await sendNow();
    expect(Date.parse(defined((await queue.state()).nextAttemptAt, 'the next attempt time')) - clock.now).toBeGreaterThanOrEqual(120_000);
  });

  test.each([
    ['an HTML error page', raw(200, '<html>proxy error</html>')],
    ['truncated JSON', raw(200, '{"accepted": 1, "dupl')],
    ['answer counts that do not add up', json(200, { accepted: 0, duplicates: 0, rejected: [] })],
    ['connection refused', raw(0, 'TypeError: Failed to fetch')],
  ])('%s: nothing marked sent, nothing lost', async (_name, answer) => {
    const { store, sendNow } = await setUp([enrolled, answer]);
    await store.add(breach());
    await sendNow();
    expect(await store.counts()).toMatchObject({ pending: 1, sent: 0 });
  });

  test('413 halves the batch until the server takes it', async () => {
    const { store, server, sendNow } = await setUp([
      enrolled,
      (body) => (body.breaches.length > 120 ? raw(413, 'too large')() : storesAll(body)),
    ]);
    for (let i = 0; i < 300; i++) await store.add(breach());
    await sendNow();
    expect(server.breachCalls().map((call) => call.body.breaches.length)).toEqual([300, 150, 75, 75, 75, 75]);
    expect(await store.counts()).toMatchObject({ pending: 0, sent: 300 });
  });

  test('records the server rejects are kept aside with the reason; a refused batch too', async () => {
    const first = breach();
    const second = breach();
    const { store, server, sendNow } = await setUp([
      enrolled,
      json(200, { accepted: 1, duplicates: 0, rejected: [{ id: second.id, reason: 'url over 8 KB' }] }),
    ]);
    await store.add(first);
    await store.add(second);
    await sendNow();
    expect(await store.counts()).toMatchObject({ pending: 0, sent: 1, rejected: 1 });
    await store.add(breach());
    server.script([raw(400, 'body is not the documented shape\nmore')]);
    await sendNow();
    const refused = (await store.all()).filter((entry) => entry.state === 'rejected').map((entry) => entry.reason);
    expect(refused).toEqual(['url over 8 KB', 'HTTP 400: body is not the documented shape']);
  });

  test('401 means enrol again, without losing the queue', async () => {
    const { store, server, sendNow } = await setUp([
      enrolled,
      raw(401, 'revoked'),
      json(200, { deviceId: 'dev-1', credential: 'secret-2' }),
      storesAll,
    ]);
    await store.add(breach());
    await sendNow();
    expect(server.breachCalls().map((call) => call.credential)).toEqual(['secret-1', 'secret-2']);
    expect(await store.counts()).toMatchObject({ pending: 0, sent: 1 });
  });

  test('records dropped at the cap are reported with the next batch, once', async () => {
    const { store, server, sendNow } = await setUp([enrolled, storesAll], { maxRecords: 1 });
    await store.add(breach());
    await store.add(breach());
    await sendNow();
    expect(server.breachCalls()[0].body).toMatchObject({ dropped: 1, breaches: [expect.anything()] });
    expect(await store.dropped()).toBe(0);
    await store.add(breach());
    await sendNow();
    expect(server.breachCalls()[1].body.dropped).toBeUndefined();
  });

  test('a record waits out its counting window before it is sent', async () => {
    const { store, server, queue, clock } = await setUp([enrolled, storesAll]);
    await store.add(breach());
    await queue.kick();
    expect(server.breachCalls()).toHaveLength(0);
    clock.now += AGGREGATION_MS;
    await queue.kick();
    expect(server.breachCalls()).toHaveLength(1);
  });

  test("enrolment names the policy's group; the device re-enrols when the policy's group changes", async () => {
    const policy = { reportingUrl: REPORTING, enrollmentToken: 'token', groupId: 'Y4-Oak' };
    const { store, server, local, sendNow } = await setUp([enrolled, storesAll], { policy });
    await store.add({ ...breach(), groupId: 'Y4-Oak' });
    await sendNow();
    expect(server.calls[0].body).toEqual({ enrollmentToken: 'token', deviceName: 'test', groupId: 'Y4-Oak' });
    expect(await local.get('deviceCredential')).toMatchObject({ credential: 'secret-1', groupId: 'Y4-Oak' });
    policy.groupId = 'Y5-Oak';
    server.script([json(200, { deviceId: 'dev-2', credential: 'secret-2' }), storesAll]);
    await sendNow();
    expect(server.calls.filter((call) => call.url.endsWith('/enrol')).map((call) => call.body)).toEqual([
      { enrollmentToken: 'token', deviceName: 'test', groupId: 'Y4-Oak' },
      { enrollmentToken: 'token', deviceName: 'test', groupId: 'Y5-Oak' },
    ]);
    expect(await local.get('deviceCredential')).toMatchObject({ credential: 'secret-2', groupId: 'Y5-Oak' });
  });

  test("after a class change the old class's records go first, under its own enrolment, and none is refused", async () => {
    const policy = { reportingUrl: REPORTING, enrollmentToken: 'token', groupId: 'Y4-Oak' };
    const { store, server, sendNow } = await setUp([enrolled, storesAll], { policy });
    await sendNow();
    const old = [
      { ...breach(), groupId: 'Y4-Oak' },
      { ...breach(), groupId: 'Y4-Oak' },
    ];
    for (const record of old) await store.add(record);
    policy.groupId = 'Y5-Oak';
    const fresh = { ...breach(), groupId: 'Y5-Oak' };
    await store.add(fresh);
    server.script([storesAll, json(200, { deviceId: 'dev-2', credential: 'secret-2' }), storesAll]);
    await sendNow();
    expect(server.breachCalls().map((call) => [call.credential, call.body.breaches.map((record) => record.groupId)])).toEqual([
      ['secret-1', ['Y4-Oak', 'Y4-Oak']],
      ['secret-2', ['Y5-Oak']],
    ]);
    expect(await store.counts()).toMatchObject({ pending: 0, sent: 3, rejected: 0 });
  });

  test("a refused enrolment keeps the server's reason (an expired token) for the technician", async () => {
    const { store, queue, sendNow } = await setUp([
      json(403, { error: 'forbidden', reason: 'this enrolment token expired on 2026-11-01: ask your technician for a new one' }),
    ]);
    await store.add(breach());
    await sendNow();
    expect((await queue.state()).lastError).toBe(
      'enrolment refused (HTTP 403): this enrolment token expired on 2026-11-01: ask your technician for a new one',
    );
    expect(await store.counts()).toMatchObject({ pending: 1 });
  });

  test('without a reporting server nothing is sent and records stay pending', async () => {
    const { store, server, sendNow } = await setUp([enrolled], { policy: {} });
    await store.add(breach());
    await sendNow();
    expect(server.calls).toEqual([]);
    expect(await store.counts()).toMatchObject({ pending: 1 });
  });
});
