import { groupSummary } from '../../src/server/storage/breaches.js';
import type { Database } from '../../src/server/storage/database.js';
import { openDatabase } from '../../src/server/storage/open-database.js';
import { createDatabase, startPostgresCluster } from '../server/support/postgres-cluster.js';
import type { BenchRow } from './report.js';

const SCHOOLS = 20;
const GROUPS_PER_SCHOOL = 50; // 1,000 classes
const DAYS = 400;
const QUERIES = 200;

/**
 * Fills the breaches table with `rows` rows spread over 20 schools, 1,000 classes and 400 days,
 * generated inside PostgreSQL (fast), in chunks so no transaction grows huge.
 */
async function fill(db: Database, rows: number): Promise<void> {
  for (let day = 0; day <= DAYS + 31; day += 28) await db.query('SELECT ensure_breach_partition(now() - make_interval(days => $1))', [day]);
  await db.query('SELECT ensure_breach_partition(now())');
  const chunk = 1_000_000;
  for (let start = 0; start < rows; start += chunk) {
    await db.query(
      `INSERT INTO breaches (id, occurred_at, school_id, device_id, group_id, url, host, registrable_domain, category, rule_id, rules_version, resource_type, count)
       SELECT gen_random_uuid(), now() - random() * interval '${DAYS} days', 'school-' || (g % ${SCHOOLS}),
              '00000000-0000-4000-8000-000000000000', 'group-' || ((g / ${SCHOOLS}) % ${GROUPS_PER_SCHOOL}),
              'https://site' || (g % 5000) || '.example.test/page', 'site' || (g % 5000) || '.example.test', 'example.test',
              (ARRAY['games','social','gambling','adult','violence','drugs','proxies','weapons'])[1 + (g % 8)],
              'category:x', 'builtin-1', 'main_frame', 1 + (g % 3)
       FROM generate_series($1::bigint, $2::bigint) AS g`,
      [start, Math.min(start + chunk, rows) - 1],
    );
  }
  await db.exec('VACUUM ANALYZE breaches');
}

/** p95 of a class's 30-day summary, over random classes. */
async function summaryP95(db: Database): Promise<number> {
  const timings: number[] = [];
  for (let i = 0; i < QUERIES + 20; i += 1) {
    const school = `school-${Math.floor(Math.random() * SCHOOLS)}`;
    const group = `group-${Math.floor(Math.random() * GROUPS_PER_SCHOOL)}`;
    const started = performance.now();
    await groupSummary(db, school, group, 30);
    if (i >= 20) timings.push(performance.now() - started); // the first queries warm the cache
  }
  timings.sort((a, b) => a - b);
  return timings[Math.floor(timings.length * 0.95)];
}

export async function serverQueryBench(rows = Number(process.env.BENCH_BREACH_ROWS ?? 10_000_000)): Promise<BenchRow[]> {
  const cluster = await startPostgresCluster();
  try {
    const small = await openDatabase({ databaseUrl: await createDatabase(cluster.url) });
    const large = await openDatabase({ databaseUrl: await createDatabase(cluster.url) });
    try {
      const smallRows = Math.round(rows / 100);
      await fill(small, smallRows);
      await fill(large, rows);
      const baseline = await summaryP95(small);
      const candidate = await summaryP95(large);
      return [
        {
          name: `class 30-day summary, PostgreSQL, ${(rows / 1e6).toFixed(0)}M rows (p95)`,
          candidate: `${candidate.toFixed(1)} ms`,
          baseline: `${baseline.toFixed(1)} ms at ${(smallRows / 1e3).toFixed(0)}k rows`,
          ratio: candidate / baseline,
          target: 'p95 ≤ 50 ms',
        },
      ];
    } finally {
      await small.close();
      await large.close();
    }
  } finally {
    await cluster.stop();
  }
}
