// Bundled for the benchmark page: runs inside a real browser's IndexedDB.
import { openDB } from 'idb';
import { BreachStore } from '../../extension/background/breach-store.js';
import { type BreachRecord, makeBreachRecord } from '../../src/core/breach.js';

const record = (n: number): BreachRecord =>
  makeBreachRecord({
    id: crypto.randomUUID(),
    occurredAt: new Date(),
    url: `http://h${n}.gambling-sample.test/page?q=${n}`,
    category: 'gambling',
    ruleId: 'dynamic:4005',
    rulesVersion: 'builtin-0123456789ab',
    resourceType: 'main_frame',
    schoolId: 'eastfield',
    groupId: 'Y4-Oak',
    deviceId: crypto.randomUUID(),
  });

/** Per-write time of the extension's breach store against a bare idb put of the same records. */
async function run(writes: number, rounds: number) {
  const candidate: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const store = await BreachStore.open(`bench-store-${round}`);
    const bare = await openDB(`bench-bare-${round}`, 1, {
      upgrade(db) {
        db.createObjectStore('breaches', { keyPath: 'record.id' }).createIndex('byState', ['state', 'recordedAt']);
      },
    });
    // Alternate which goes first, so neither always meets a warmer disk.
    const measure = async (order: 0 | 1) => {
      for (const which of order ? ['bare', 'store'] : ['store', 'bare']) {
        const records = Array.from({ length: writes }, (_, n) => record(n));
        const started = performance.now();
        for (const r of records) {
          if (which === 'store') await store.add(r);
          else await bare.put('breaches', { record: r, state: 'pending', recordedAt: Date.now() });
        }
        (which === 'store' ? candidate : baseline).push((performance.now() - started) / writes);
      }
    };
    await measure((round % 2) as 0 | 1);
  }
  return { candidate, baseline };
}

// The bench page calls it by name (see breach-recording.ts).
(globalThis as typeof globalThis & { runBreachStoreBench: typeof run }).runBreachStoreBench = run;
