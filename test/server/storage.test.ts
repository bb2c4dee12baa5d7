import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { judgeBreach } from '../../src/server/judge-breach.js';
import { BreachPartitions, groupSummary, insertBreaches, type StorableBreach } from '../../src/server/storage/breaches.js';
import type { Database, Queryable } from '../../src/server/storage/database.js';
import { deviceForCredential, enrolDevice, revokeDevice } from '../../src/server/storage/devices.js';
import { checkEnrolmentToken, issueEnrolmentToken } from '../../src/server/storage/enrolment-tokens.js';
import { listMigrations, runMigrations } from '../../src/server/storage/migrate.js';
import { openDatabase } from '../../src/server/storage/open-database.js';
import { openPgliteDatabase } from '../../src/server/storage/pglite-database.js';
import { openPostgresDatabase } from '../../src/server/storage/postgres-database.js';
import { expireBefore } from '../../src/server/storage/retention.js';
import { createSchool } from '../../src/server/storage/schools.js';
import { erasePupil, pupilBreachPages, pupilRosterEntry } from '../../src/server/storage/subject-access.js';
import { allRows, breach } from './support/breaches.js';
import { BACKENDS, databaseFor } from './support/databases.js';

const NOW = new Date();
const storable = (overrides: Record<string, unknown> = {}, daysAgo = 0): StorableBreach => {
  const judgement = judgeBreach(breach(overrides, daysAgo), 0, NOW, 400);
  if (!judgement.ok) throw new Error(judgement.reason);
  return judgement.record;
};

describe.each(BACKENDS)('storage on %s', (backend) => {
  let db: Database;
  let partitions: BreachPartitions;
  beforeAll(async () => {
    db = await openDatabase(await databaseFor(backend));
    partitions = new BreachPartitions();
  });
  afterAll(() => db?.close());

  test('migrations run once: a second run applies nothing and the tables are there', async () => {
    expect(await runMigrations(db)).toEqual([]);
    const tables = (await db.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'")).map(
      (row) => row.name,
    );
    for (const table of ['schools', 'groups', 'devices', 'breaches', 'unblock_requests', 'staff_users', 'audit_log', 'dropped_reports']) {
      expect(tables).toContain(table);
    }
  });

  test('enrolment tokens and device credentials are stored only as hashes, and revocation ends a credential', async () => {
    const { schoolId, enrollmentToken } = await createSchool(db, { name: 'Hashes' });
    expect(await checkEnrolmentToken(db, enrollmentToken)).toEqual({ ok: true, schoolId });
    const { deviceId, credential } = await enrolDevice(db, schoolId, 'laptop 1');
    const dump =
      JSON.stringify(await db.query("SELECT encode(token_hash, 'escape') AS t FROM enrolment_tokens")) +
      JSON.stringify(await db.query("SELECT encode(credential_hash, 'escape') AS c FROM devices"));
    expect(dump).not.toContain(enrollmentToken.slice(4));
    expect(dump).not.toContain(credential.slice(4));
    expect(await deviceForCredential(db, credential)).toEqual({ deviceId, schoolId, groupId: null });
    expect(await revokeDevice(db, 'another-school', deviceId, null)).toBe(false);
    expect(await revokeDevice(db, schoolId, deviceId, null)).toBe(true);
    expect(await deviceForCredential(db, credential)).toBeNull();
    const rotated = await issueEnrolmentToken(db, schoolId);
    expect(await checkEnrolmentToken(db, enrollmentToken)).toMatchObject({ ok: false, reason: expect.stringContaining('replaced') });
    expect(await checkEnrolmentToken(db, rotated.enrollmentToken)).toEqual({ ok: true, schoolId });
  });

  test('a replayed id is stored once; records land in the authenticated school whatever they claim', async () => {
    const { schoolId } = await createSchool(db, { name: 'Replays' });
    const { deviceId } = await enrolDevice(db, schoolId, '');
    const device = { deviceId, schoolId };
    const records = [storable({ schoolId: 'forged-school' }), storable(), storable()];
    expect((await insertBreaches(db, partitions, device, records)).size).toBe(3);
    expect((await insertBreaches(db, partitions, device, [records[0], storable()])).size).toBe(1);
    const rows = await db.query<{ school_id: string; device_id: string; n: number }>(
      'SELECT school_id, device_id, count(*)::int AS n FROM breaches WHERE device_id = $1 GROUP BY 1, 2',
      [deviceId],
    );
    expect(rows).toEqual([{ school_id: schoolId, device_id: deviceId, n: 4 }]);
  });

  test('breaches go to monthly partitions, and a class summary counts per day and category', async () => {
    const { schoolId } = await createSchool(db, { name: 'Summary' });
    const { deviceId } = await enrolDevice(db, schoolId, '');
    await insertBreaches(db, partitions, { deviceId, schoolId }, [
      storable({ category: 'games', count: 3 }, 1),
      storable({ category: 'games' }, 1),
      storable({ category: 'social-media' }, 2),
      storable({ category: 'social-media', groupId: 'Y5-Ash' }, 2),
      storable({ category: 'games' }, 45),
      storable({ category: 'games' }, 70),
    ]);
    const rows = await groupSummary(db, schoolId, 'Y4-Oak', 30, NOW);
    expect(rows.map(({ category, breaches, blocked }) => ({ category, breaches, blocked }))).toEqual([
      { category: 'social-media', breaches: 1, blocked: 1 },
      { category: 'games', breaches: 2, blocked: 4 },
    ]);
    const partitionNames = (
      await db.query<{ name: string }>(
        "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'breaches'::regclass",
      )
    ).map((row) => row.name);
    const month = (daysAgo: number) =>
      `breaches_${new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 7).replace('-', '_')}`;
    expect(partitionNames).toEqual(expect.arrayContaining([month(0), month(45), month(70)]));
    const plan = (
      await db.query<Record<string, string>>(
        `EXPLAIN SELECT count(*) FROM breaches WHERE school_id = $1 AND group_id = 'Y4-Oak' AND occurred_at >= now() - interval '1 day'`,
        [schoolId],
      )
    )
      .map((row) => Object.values(row)[0])
      .join('\n');
    // Partition pruning: the other months are not read at all.
    expect(plan).not.toContain(month(70));
  });

  test('retention drops whole expired partitions and deletes older rows of the partition on the cutoff', async () => {
    const { schoolId } = await createSchool(db, { name: 'Retention' });
    const { deviceId } = await enrolDevice(db, schoolId, '');
    const old = storable({}, 390);
    const recent = storable({}, 5);
    await insertBreaches(db, partitions, { deviceId, schoolId }, [old, recent]);
    const cutoff = new Date(NOW.getTime() - 380 * 86_400_000);
    const result = await expireBefore(db, partitions, cutoff);
    expect(result.droppedPartitions.length + result.deletedBreaches).toBeGreaterThan(0);
    const left = (await db.query<{ id: string }>('SELECT id FROM breaches WHERE school_id = $1', [schoolId])).map((row) => row.id);
    expect(left).toEqual([recent.id]);
    // Whole partitions or rows, the ids of what expired go with it.
    expect((await db.query<{ id: string }>('SELECT id FROM breach_ids WHERE school_id = $1', [schoolId])).map((row) => row.id)).toEqual([
      recent.id,
    ]);
    expect(
      (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM breaches WHERE occurred_at < $1', [cutoff.toISOString()]))[0].n,
    ).toBe(0);
    // A partition dropped by retention is made again when a (late) record needs it.
    await insertBreaches(db, partitions, { deviceId, schoolId }, [storable({}, 370)]);
  });

  test('subject access: export and erase one pupil, in their school only', async () => {
    const { schoolId } = await createSchool(db, { name: 'SAR' });
    const other = await createSchool(db, { name: 'SAR other' });
    const here = await enrolDevice(db, schoolId, '');
    const there = await enrolDevice(db, other.schoolId, '');
    await insertBreaches(db, partitions, { deviceId: here.deviceId, schoolId }, [
      storable({ user: 'Ada@School.test' }),
      storable({ user: 'bob@school.test' }),
    ]);
    await insertBreaches(db, partitions, { deviceId: there.deviceId, schoolId: other.schoolId }, [storable({ user: 'ada@school.test' })]);
    await db.query(
      "INSERT INTO pupils (school_id, email, display_name) VALUES ($1, 'ada@school.test', 'Ada Lovelace'), ($2, 'ada@school.test', 'Ada L')",
      [schoolId, other.schoolId],
    );
    const exported = await allRows(pupilBreachPages(db, schoolId, 'ADA@school.test'));
    expect(exported).toHaveLength(1);
    expect(exported[0]).toMatchObject({ url: 'https://games.example.test/play?level=2', category: 'games' });
    expect(await pupilRosterEntry(db, schoolId, 'ADA@school.test')).toEqual({ displayName: 'Ada Lovelace', groupId: null });
    expect(await erasePupil(db, schoolId, 'ada@school.test')).toEqual({ breaches: 1, unblockRequests: 0, rosterEntries: 1 });
    expect(await pupilRosterEntry(db, schoolId, 'ada@school.test')).toBeNull();
    expect(await pupilRosterEntry(db, other.schoolId, 'ada@school.test')).toEqual({ displayName: 'Ada L', groupId: null });
    expect(await allRows(pupilBreachPages(db, schoolId, 'ada@school.test'))).toHaveLength(0);
    expect(await allRows(pupilBreachPages(db, other.schoolId, 'ada@school.test'))).toHaveLength(1);
    expect(await allRows(pupilBreachPages(db, schoolId, 'bob@school.test'))).toHaveLength(1);
  });
});

describe.each(BACKENDS)('migration 002 on %s', (backend) => {
  test('copies the old key let in are removed, the first received kept, and every id is registered', async () => {
    const { databaseUrl } = await databaseFor(backend);
    const db = databaseUrl ? await openPostgresDatabase(databaseUrl, 2) : await openPgliteDatabase({ dataDir: undefined, fsync: false });
    try {
      await runMigrations(
        db,
        listMigrations().filter((migration) => migration.version === 1),
      );
      // Written as schema 001 had them: today's createSchool and enrolDevice need later columns.
      const schoolId = 'before-002';
      const deviceId = crypto.randomUUID();
      await db.query("INSERT INTO schools (id, name, enrolment_token_hash) VALUES ($1, 'Before 002', '\\x01')", [schoolId]);
      await db.query("INSERT INTO devices (id, school_id, credential_hash) VALUES ($1, $2, '\\x02')", [deviceId, schoolId]);
      await db.query('SELECT ensure_breach_partition(now())');
      const insert = (id: string, occurredAt: string, url: string, q: Queryable = db) =>
        q.query(
          `INSERT INTO breaches (id, occurred_at, school_id, device_id, url, host, registrable_domain, category, rule_id, rules_version,
                                 resource_type, count)
           VALUES ($1, $2, $3, $4, $5, 'a.test', 'a.test', 'games', 'r', 'v', 'main_frame', 1)`,
          [id, occurredAt, schoolId, deviceId, url],
        );
      const [replayed, twice, single] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
      const now = Date.now();
      await insert(replayed, new Date(now - 60_000).toISOString(), 'https://a.test/first');
      // One batch (one transaction, so one received_at), the id twice with two times: the earlier stays.
      await db.transaction(async (tx) => {
        await insert(twice, new Date(now).toISOString(), 'https://a.test/twice-later', tx);
        await insert(twice, new Date(now - 1000).toISOString(), 'https://a.test/twice', tx);
      });
      await insert(replayed, new Date(now - 30_000).toISOString(), 'https://a.test/replay');
      await insert(single, new Date(now).toISOString(), 'https://a.test/single');
      expect(await runMigrations(db)).toEqual(
        listMigrations()
          .map((migration) => migration.version)
          .filter((version) => version > 1),
      );
      const rows = await db.query<{ id: string; url: string }>('SELECT id, url FROM breaches WHERE school_id = $1 ORDER BY url', [
        schoolId,
      ]);
      expect(rows).toEqual([
        { id: replayed, url: 'https://a.test/first' },
        { id: single, url: 'https://a.test/single' },
        { id: twice, url: 'https://a.test/twice' },
      ]);
      const ids = await db.query<{ id: string }>('SELECT id FROM breach_ids WHERE school_id = $1 ORDER BY id', [schoolId]);
      expect(ids.map((row) => row.id)).toEqual([replayed, single, twice].sort());
    } finally {
      await db.close();
    }
  });
});
