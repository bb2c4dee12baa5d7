import 'fake-indexeddb/auto';
import { describe, expect, test } from 'vitest';
import { BreachStore, MAX_COUNTING_MS } from '../../extension/background/breach-store.js';
import { MAX_BREACH_COUNT } from '../../src/core/breach-schema.js';
import { breach } from './support/breaches.js';

const open = (limits = { maxRecords: 5, sentRetentionMs: 1000 }, clock = { now: 0 }) =>
  BreachStore.open(`test-${Math.random()}`, limits, () => clock.now);

describe('BreachStore', () => {
  test('keeps records pending until marked sent, oldest first', async () => {
    const clock = { now: 0 };
    const store = await open(undefined, clock);
    const records = [breach(), breach(), breach()];
    for (const record of records) {
      clock.now += 1;
      await store.add(record);
    }
    expect((await store.pending(2)).map((r) => r.id)).toEqual([records[0].id, records[1].id]);
    await store.markSent([records[0].id]);
    await store.markRejected(new Map([[records[1].id, 'url too long']]));
    expect((await store.pending(10)).map((r) => r.id)).toEqual([records[2].id]);
    expect(await store.counts()).toEqual({ pending: 1, sent: 1, rejected: 1, dropped: 0 });
    expect((await store.all()).find((e) => e.record.id === records[1].id)?.reason).toBe('url too long');
  });

  test('at the cap, sent records go first; unsent ones only as a last resort, and are counted', async () => {
    const clock = { now: 0 };
    const store = await open({ maxRecords: 3, sentRetentionMs: 1e9 }, clock);
    const first = [breach(), breach(), breach()];
    for (const record of first) {
      clock.now += 1;
      await store.add(record);
    }
    await store.markSent([first[0].id]);
    clock.now += 1;
    await store.add(breach());
    expect(await store.counts()).toMatchObject({ pending: 3, sent: 0, dropped: 0 });
    clock.now += 1;
    await store.add(breach());
    expect(await store.counts()).toMatchObject({ pending: 3, dropped: 1 });
    expect((await store.pending(10)).map((r) => r.id)).not.toContain(first[1].id);
    await store.droppedReported(1);
    expect(await store.dropped()).toBe(0);
  });

  test('sent records expire after the retention period; unsent never do', async () => {
    const clock = { now: 0 };
    const store = await open({ maxRecords: 100, sentRetentionMs: 1000 }, clock);
    const [old, pending] = [breach(), breach()];
    await store.add(old);
    await store.add(pending);
    await store.markSent([old.id]);
    clock.now = 999;
    expect(await store.expireSent()).toBe(0);
    clock.now = 1001;
    expect(await store.expireSent()).toBe(1);
    expect(await store.counts()).toMatchObject({ pending: 1, sent: 0 });
  });

  test('adds to the count of a pending record only', async () => {
    const store = await open();
    const record = breach();
    await store.add(record);
    expect(await store.addToCount(record.id, 199)).toBe(true);
    expect((await store.pending(1))[0].count).toBe(200);
    await store.markSent([record.id]);
    expect(await store.addToCount(record.id, 5)).toBe(false);
    expect((await store.all())[0].record.count).toBe(200);
  });

  test('a full record takes no more counts, so the recorder starts another the server accepts', async () => {
    const store = await open();
    const record = breach();
    await store.add(record);
    expect(await store.addToCount(record.id, MAX_BREACH_COUNT - 1)).toBe(true);
    expect(await store.addToCount(record.id, 1)).toBe(false);
    expect((await store.pending(1))[0].count).toBe(MAX_BREACH_COUNT);
  });

  test('a record still being counted waits for upload until counting stops, for a minute at most', async () => {
    const clock = { now: 0 };
    const store = await open(undefined, clock);
    const record = breach();
    await store.add(record);
    const readyAfter = async (waitMs: number) => (await store.pending(10, clock.now - waitMs)).map((r) => r.id);
    clock.now = 2_500;
    await store.addToCount(record.id, 1);
    clock.now = 4_000;
    expect(await readyAfter(3_000)).toEqual([]);
    clock.now = 5_500;
    expect(await readyAfter(3_000)).toEqual([record.id]);

    clock.now = 70_000;
    await store.addToCount(record.id, 1);
    expect(await readyAfter(10_000)).toEqual([record.id]);
    expect((await store.all())[0]).toMatchObject({ recordedAt: MAX_COUNTING_MS, firstRecordedAt: 0, record: { count: 3 } });
  });
});

test('a full disk is handled like the cap: room is made, the new record is kept', async () => {
  const clock = { now: 0 };
  const store = await BreachStore.open(`quota-${Math.random()}`, { maxRecords: 100, sentRetentionMs: 1e9 }, () => clock.now);
  const sent = [breach(), breach(), breach()];
  for (const record of sent) await store.add(record);
  await store.markSent(sent.map((r) => r.id));
  const realAdd = IDBObjectStore.prototype.add;
  let refused = false;
  IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
    if (!refused) {
      refused = true;
      throw new DOMException('disk full', 'QuotaExceededError');
    }
    return realAdd.apply(this, args);
  };
  try {
    const fresh = breach();
    await store.add(fresh);
    expect((await store.pending(10)).map((r) => r.id)).toEqual([fresh.id]);
    expect(await store.counts()).toMatchObject({ sent: 2, pending: 1, dropped: 0 });
  } finally {
    IDBObjectStore.prototype.add = realAdd;
  }
});
