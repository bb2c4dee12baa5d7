import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { BreachRecord } from '../../src/core/breach.js';
import { MAX_BREACH_COUNT } from '../../src/core/breach-schema.js';

export type BreachState = 'pending' | 'sent' | 'rejected';

export interface StoredBreach {
  record: BreachRecord;
  state: BreachState;
  /** When it was written, or last counted (see addToCount): uploads wait a moment after this. */
  recordedAt: number;
  /** When it was first written, once it has been counted since. */
  firstRecordedAt?: number;
  sentAt?: number;
  /** Why the server (or a refused batch) set it aside. */
  reason?: string;
}

interface BreachDb extends DBSchema {
  breaches: { key: string; value: StoredBreach; indexes: { byState: [BreachState, number] } };
  meta: { key: string; value: number };
}

export interface BreachStoreLimits {
  /** Records kept on the device, of every state. */
  maxRecords: number;
  /** Sent records older than this are deleted. */
  sentRetentionMs: number;
}

export const DEFAULT_LIMITS: BreachStoreLimits = { maxRecords: 50_000, sentRetentionMs: 30 * 24 * 60 * 60 * 1000 };
/** How long counting may hold a record back from upload, from when it was first written. */
export const MAX_COUNTING_MS = 60_000;
const DROPPED = 'droppedUnsent';

/**
 * The device's breach log in IndexedDB: a breach is written here before anything else happens to
 * it. Bounded: past the cap, sent records go first; unsent ones are dropped only as a last resort,
 * and then the number dropped is kept so the server hears about it.
 */
export class BreachStore {
  private constructor(
    private readonly db: IDBPDatabase<BreachDb>,
    private readonly limits: BreachStoreLimits,
    private readonly now: () => number,
    /** Records held, kept here so that recording a breach does not count the whole store. */
    private size: number,
  ) {}

  static async open(name = 'safescreen', limits = DEFAULT_LIMITS, now = () => Date.now()): Promise<BreachStore> {
    const db = await openDB<BreachDb>(name, 1, {
      upgrade(database) {
        const breaches = database.createObjectStore('breaches', { keyPath: 'record.id' });
        breaches.createIndex('byState', ['state', 'recordedAt']);
        database.createObjectStore('meta');
      },
    });
    return new BreachStore(db, limits, now, await db.count('breaches'));
  }

  async add(record: BreachRecord): Promise<void> {
    const entry: StoredBreach = { record, state: 'pending', recordedAt: this.now() };
    try {
      await this.db.add('breaches', entry);
    } catch (error) {
      if ((error as DOMException)?.name !== 'QuotaExceededError') throw error;
      // Out of disk quota: make room the same way as at the cap, then try once more.
      await this.makeRoom(Math.max(1, Math.ceil(this.size / 10)));
      await this.db.add('breaches', entry);
    }
    this.size += 1;
    if (this.size > this.limits.maxRecords) await this.makeRoom(this.size - this.limits.maxRecords);
  }

  /**
   * Adds to the count of a record not yet sent; false when it has gone (sent, or dropped) or is
   * full (MAX_BREACH_COUNT, more than the server takes), so the caller starts a new one. Each
   * count moves the record's upload wait on (for up to MAX_COUNTING_MS), so a page still loading
   * its blocked images on a busy device is sent as one whole breach, not as the first few.
   */
  async addToCount(id: string, extra: number): Promise<boolean> {
    const tx = this.db.transaction('breaches', 'readwrite');
    const entry = await tx.store.get(id);
    const pending = entry?.state === 'pending' && entry.record.count + extra <= MAX_BREACH_COUNT;
    if (pending) {
      const firstRecordedAt = entry.firstRecordedAt ?? entry.recordedAt;
      const recordedAt = Math.max(entry.recordedAt, Math.min(this.now(), firstRecordedAt + MAX_COUNTING_MS));
      await tx.store.put({ ...entry, firstRecordedAt, recordedAt, record: { ...entry.record, count: entry.record.count + extra } });
    }
    await tx.done;
    return pending;
  }

  /** The oldest pending records, up to `limit`, recorded at or before `recordedBefore` (ms). */
  async pending(limit: number, recordedBefore = Infinity): Promise<BreachRecord[]> {
    const range = IDBKeyRange.bound(['pending', 0], ['pending', recordedBefore]);
    const found: BreachRecord[] = [];
    for (
      let cursor = await this.db.transaction('breaches').store.index('byState').openCursor(range);
      cursor && found.length < limit;
      cursor = await cursor.continue()
    ) {
      found.push(cursor.value.record);
    }
    return found;
  }

  /** When the oldest pending record was written, if there is one. */
  async oldestPendingAt(): Promise<number | undefined> {
    const range = IDBKeyRange.bound(['pending', 0], ['pending', Infinity]);
    return (await this.db.transaction('breaches').store.index('byState').openCursor(range))?.value.recordedAt;
  }

  async markSent(ids: readonly string[]): Promise<void> {
    await this.update(ids, (entry) => ({ ...entry, state: 'sent', sentAt: this.now() }));
  }

  async markRejected(reasons: ReadonlyMap<string, string>): Promise<void> {
    await this.update([...reasons.keys()], (entry) => ({ ...entry, state: 'rejected', reason: reasons.get(entry.record.id) }));
  }

  async counts(): Promise<Record<BreachState, number> & { dropped: number }> {
    const index = this.db.transaction('breaches').store.index('byState');
    const count = (state: BreachState) => index.count(IDBKeyRange.bound([state, 0], [state, Infinity]));
    return { pending: await count('pending'), sent: await count('sent'), rejected: await count('rejected'), dropped: await this.dropped() };
  }

  async dropped(): Promise<number> {
    return (await this.db.get('meta', DROPPED)) ?? 0;
  }

  /** After the server has heard about `reported` dropped records. */
  async droppedReported(reported: number): Promise<void> {
    await this.db.put('meta', Math.max(0, (await this.dropped()) - reported), DROPPED);
  }

  /** Deletes sent records past the retention period. */
  async expireSent(): Promise<number> {
    const cutoff = this.now() - this.limits.sentRetentionMs;
    return this.deleteOldest('sent', Infinity, (entry) => (entry.sentAt ?? entry.recordedAt) < cutoff);
  }

  async all(): Promise<StoredBreach[]> {
    return this.db.getAll('breaches');
  }

  private async makeRoom(needed: number): Promise<void> {
    let freed = await this.deleteOldest('sent', needed);
    if (freed < needed) freed += await this.deleteOldest('rejected', needed - freed);
    if (freed < needed) {
      const dropped = await this.deleteOldest('pending', needed - freed);
      await this.db.put('meta', (await this.dropped()) + dropped, DROPPED);
    }
  }

  private async deleteOldest(state: BreachState, limit: number, eligible: (entry: StoredBreach) => boolean = () => true): Promise<number> {
    const tx = this.db.transaction('breaches', 'readwrite');
    let deleted = 0;
    const range = IDBKeyRange.bound([state, 0], [state, Infinity]);
    for (let cursor = await tx.store.index('byState').openCursor(range); cursor && deleted < limit; cursor = await cursor.continue()) {
      if (!eligible(cursor.value)) continue;
      await cursor.delete();
      deleted += 1;
    }
    await tx.done;
    this.size -= deleted;
    return deleted;
  }

  private async update(ids: readonly string[], change: (entry: StoredBreach) => StoredBreach): Promise<void> {
    const tx = this.db.transaction('breaches', 'readwrite');
    await Promise.all(
      ids.map(async (id) => {
        const entry = await tx.store.get(id);
        if (entry) await tx.store.put(change(entry));
      }),
    );
    await tx.done;
  }
}
