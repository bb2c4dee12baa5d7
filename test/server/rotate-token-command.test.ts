import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { auditTrail } from '../../src/server/storage/audit-log.js';
import { checkEnrolmentToken } from '../../src/server/storage/enrolment-tokens.js';
import { type DatabaseChoice, openDatabase } from '../../src/server/storage/open-database.js';
import { createSchool } from '../../src/server/storage/schools.js';
import { BACKENDS, databaseFor } from './support/databases.js';

/** `npm run school:rotate-token -- …`, run as npm runs it, with the server's database variables. */
function rotateToken(env: Record<string, string>, args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/rotate-enrolment-token.ts', ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
}

describe.each(BACKENDS)('the rotate-token command on %s', (backend) => {
  let dataDir: string | undefined;
  afterEach(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('prints the new token once with the policy keys; the old token is refused; the rotation is audited', async () => {
    dataDir = backend === 'pglite' ? mkdtempSync(join(tmpdir(), 'safescreen-rotate-')) : undefined;
    const choice: DatabaseChoice = dataDir ? { dataDir } : await databaseFor(backend);
    const env: Record<string, string> = choice.databaseUrl ? { DATABASE_URL: choice.databaseUrl } : { SAFESCREEN_DATA_DIR: dataDir ?? '' };
    let db = await openDatabase(choice);
    const { schoolId, enrollmentToken } = await createSchool(db, { id: 'rowan-primary', name: 'Rowan Primary' });
    // The embedded database is opened by one process at a time: the command runs while the server is stopped.
    await db.close();

    const run = rotateToken(env, ['--school', schoolId, '--expires-in-days', '30']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const token = /^\s+(sse_\S+)$/m.exec(run.stdout)?.[1] ?? '';
    expect(run.stdout).toContain(JSON.stringify({ schoolId, enrollmentToken: token }));

    db = await openDatabase(choice);
    try {
      expect(await checkEnrolmentToken(db, token)).toEqual({ ok: true, schoolId });
      expect(await checkEnrolmentToken(db, enrollmentToken)).toMatchObject({ ok: false, reason: expect.stringContaining('replaced') });
      const [entry] = (await auditTrail(db, schoolId)).filter((row) => row.action === 'enrolment-token.rotate');
      expect(entry).toMatchObject({ actor: 'system', detail: { via: expect.stringContaining('command line') } });
      const days = (Date.parse(String(entry.detail.expiresAt)) - Date.now()) / 86_400_000;
      expect(Math.round(days)).toBe(30);
    } finally {
      await db.close();
    }

    const unknown = rotateToken(env, ['--school', 'no-such-school']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('no school "no-such-school"');
    const wrong = rotateToken(env, ['--school', schoolId, '--expires-in-days', 'forever']);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('usage: npm run school:rotate-token');
  });
});
