import { afterAll, beforeAll, expect, test } from 'vitest';
import { addDemoBreaches } from '../../src/server/demo-breaches.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { classSummary } from '../../src/server/storage/class-breaches.js';

let server: RunningServer;
const NOW = new Date('2026-12-02T12:00:00Z');

beforeAll(async () => {
  server = await startServer({ port: 0, retentionJob: false, now: () => NOW });
  await server.createSchool({ id: 'demo-school', name: 'Demo Primary School' });
});
afterAll(() => server?.close());

test("the demo school's generated breaches fill each class's last four weeks, on school days, by named pupils and shared devices", async () => {
  const stored = await addDemoBreaches(server.db, 'demo-school', NOW);
  expect(stored).toBeGreaterThan(50);
  const rows = await server.db.query<{ groupId: string; n: number; first: Date; last: Date; named: number; shared: number }>(
    `SELECT b.group_id AS "groupId", count(*)::int AS n, min(occurred_at) AS first, max(occurred_at) AS last,
            count(p.email)::int AS named, count(*) FILTER (WHERE b.user_email IS NULL)::int AS shared
     FROM breaches b LEFT JOIN pupils p ON p.school_id = b.school_id AND p.email = b.user_email
     WHERE b.school_id = 'demo-school' GROUP BY 1 ORDER BY 1`,
  );
  expect(rows.map((row) => row.groupId)).toEqual(['Y3-Ash', 'Y4-Oak', 'Y5-Birch']);
  for (const row of rows) {
    expect(row.first.getTime()).toBeGreaterThanOrEqual(NOW.getTime() - 28 * 86_400_000);
    expect(row.last.getTime()).toBeLessThanOrEqual(NOW.getTime());
    // Every pupil's breach names a pupil in the pupils table; the rest are shared log-ins.
    expect(row.named + row.shared).toBe(row.n);
    expect(row.shared).toBeGreaterThan(0);
  }
  const summary = await classSummary(server.db, 'demo-school', 'Y4-Oak', 'Europe/London', NOW);
  expect(summary.totals.breaches).toBe(rows.find((row) => row.groupId === 'Y4-Oak')?.n);
  const weekends = summary.perDay.filter((day) => [0, 6].includes(new Date(`${day.day}T12:00:00Z`).getUTCDay()));
  expect(weekends.every((day) => day.breaches === 0)).toBe(true);
});
