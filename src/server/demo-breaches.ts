import { breachLocation } from '../core/breach.js';
import { BreachPartitions, insertBreaches, type StorableBreach } from './storage/breaches.js';
import type { Database } from './storage/database.js';
import { enrolDevice } from './storage/devices.js';

/** The demo school's classes and pupils: made-up names, clearly a demonstration. */
const DEMO_CLASSES = [
  {
    id: 'Y4-Oak',
    name: 'Y4 Oak',
    keyStage: 'KS2',
    pupils: ['Amara Okafor', 'Ben Carter', 'Chloe Evans', 'Dev Patel', 'Ella Hughes', 'Finn Murphy'],
  },
  { id: 'Y3-Ash', name: 'Y3 Ash', keyStage: 'KS2', pupils: ['Grace Lee', 'Harry Wilson', 'Isla Brown', 'Jack Taylor'] },
  { id: 'Y5-Birch', name: 'Y5 Birch', keyStage: 'KS2', pupils: ['Kai Thomas', 'Lily Roberts', 'Max Walker', 'Noor Ahmed', 'Olly Green'] },
] as const;

/** Made-up sites per category (reserved `.example` names: nothing real is ever named). */
const DEMO_SITES: Record<string, string[]> = {
  games: ['https://play.fungames.example/level/3', 'https://www.blockbuilder.example/world', 'https://arcade.example/racing'],
  'social-media': ['https://www.chatspace.example/feed', 'https://clips.example/trending'],
  gambling: ['https://spin.luckycasino.example/slots'],
  proxies: ['https://unblock-me.example/browse?u=games'],
  'school-block-list': ['https://www.videohub.example/watch?v=demo'],
};

/** A small deterministic generator (mulberry32), so every demo database looks the same. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Four weeks of generated breaches across the demo school's classes, on school days in school
 * hours, so its charts and lists are not empty: most from pupils' own log-ins (named in the pupils
 * table), some from a shared class Chromebook. Only ever called for the demo school.
 */
export async function addDemoBreaches(db: Database, schoolId: string, now: Date): Promise<number> {
  const next = random(20261202);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const categories = Object.keys(DEMO_SITES);
  let stored = 0;
  await db.transaction(async (tx) => {
    const partitions = new BreachPartitions();
    for (const cls of DEMO_CLASSES) {
      await tx.query(
        'INSERT INTO groups (school_id, id, name, key_stage) VALUES ($1, $2, $3, $4) ON CONFLICT (school_id, id) DO UPDATE SET name = $3, key_stage = $4',
        [schoolId, cls.id, cls.name, cls.keyStage],
      );
      const emails = cls.pupils.map((name) => `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@pupils.demo.school`);
      for (const [index, email] of emails.entries()) {
        await tx.query('INSERT INTO pupils (school_id, email, display_name, group_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
          schoolId,
          email,
          cls.pupils[index],
          cls.id,
        ]);
      }
      const laptop = await enrolDevice(tx, schoolId, `${cls.name} laptop trolley`, cls.id);
      const shared = await enrolDevice(tx, schoolId, `${cls.name} shared Chromebook`, cls.id);
      const records: { device: string; record: StorableBreach }[] = [];
      for (let daysAgo = 27; daysAgo >= 0; daysAgo--) {
        const day = new Date(now.getTime() - daysAgo * 86_400_000);
        if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
        const count = Math.floor(next() * 6);
        for (let n = 0; n < count; n++) {
          // Between 09:00 and 15:00 UTC (school hours in the UK), never after now.
          const at = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 9) + Math.floor(next() * 6 * 3_600_000));
          if (at > now) continue;
          const category = pick(categories);
          const location = breachLocation(pick(DEMO_SITES[category]));
          if (!location) continue;
          const sharedLogIn = next() < 0.2;
          records.push({
            device: sharedLogIn ? shared.deviceId : laptop.deviceId,
            record: {
              id: crypto.randomUUID(),
              occurredAt: at.toISOString(),
              ...location,
              category,
              ruleId: category === 'school-block-list' ? 'policy:blockList' : 'policy:categories',
              rulesVersion: 'builtin-1',
              resourceType: 'main_frame',
              count: 1,
              groupId: cls.id,
              user: sharedLogIn ? null : pick(emails),
            },
          });
        }
      }
      for (const device of [laptop.deviceId, shared.deviceId]) {
        const mine = records.filter((entry) => entry.device === device).map((entry) => entry.record);
        stored += (await insertBreaches(tx, partitions, { schoolId, deviceId: device }, mine)).size;
      }
    }
  });
  return stored;
}
