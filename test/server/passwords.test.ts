import { argon2Sync, scrypt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from '../../src/server/passwords.js';
import type { Database } from '../../src/server/storage/database.js';
import { openDatabase } from '../../src/server/storage/open-database.js';
import { createSchool } from '../../src/server/storage/schools.js';
import { checkPassword, createStaffUser } from '../../src/server/storage/staff.js';

/** A hash as the server wrote them before Argon2id: scrypt N=2^14, r=8, p=1. */
const legacyScryptHash = (password: string) =>
  new Promise<string>((resolve, reject) => {
    const salt = Buffer.from('0123456789abcdef');
    scrypt(password.normalize('NFC'), salt, 32, { N: 16384, r: 8, p: 1 }, (error, key) =>
      error ? reject(error) : resolve(`scrypt$16384$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`),
    );
  });

describe('staff passwords', () => {
  test('are hashed with Argon2id at 19 MiB and 2 passes, salted afresh each time', async () => {
    const first = await hashPassword('correct horse battery');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await hashPassword('correct horse battery')).not.toBe(first);
    expect(await verifyPassword('correct horse battery', first)).toEqual({ ok: true, needsRehash: false });
    expect(await verifyPassword('correct horse batterY', first)).toEqual({ ok: false, needsRehash: false });
  });

  test('compare the same password typed in either Unicode form', async () => {
    const composed = 'caf\u00e9 au lait';
    expect((await verifyPassword(composed.normalize('NFD'), await hashPassword(composed))).ok).toBe(true);
  });

  test('an old scrypt hash still verifies and asks to be re-hashed; a wrong password does not', async () => {
    const legacy = await legacyScryptHash('old password');
    expect(await verifyPassword('old password', legacy)).toEqual({ ok: true, needsRehash: true });
    expect(await verifyPassword('wrong', legacy)).toEqual({ ok: false, needsRehash: false });
  });

  test('an Argon2id hash with weaker parameters than today verifies and asks to be re-hashed', async () => {
    const salt = Buffer.from('fedcba9876543210');
    const tag = argon2Sync('argon2id', { message: 'pw', nonce: salt, parallelism: 1, tagLength: 32, memory: 8192, passes: 1 });
    const weak = `$argon2id$v=19$m=8192,t=1,p=1$${salt.toString('base64').replace(/=+$/, '')}$${tag.toString('base64').replace(/=+$/, '')}`;
    expect(await verifyPassword('pw', weak)).toEqual({ ok: true, needsRehash: true });
    expect(await verifyPassword('pW', weak)).toEqual({ ok: false, needsRehash: false });
  });

  test('a damaged or hostile stored hash matches nothing and never throws', async () => {
    for (const stored of [
      '',
      'plain',
      'scrypt$3$8$1$AAAA$AAAA',
      'scrypt$16384$8$1$AAAA$',
      '$argon2id$v=19$m=99999999,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAA',
      '$argon2id$v=19$m=19456,t=2,p=1$AA$A',
    ]) {
      expect(await verifyPassword('anything', stored)).toEqual({ ok: false, needsRehash: false });
    }
  });

  test("the stand-in hash for unknown emails has today's parameters and matches no password", async () => {
    expect(UNKNOWN_USER_HASH).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await verifyPassword('', UNKNOWN_USER_HASH)).ok).toBe(false);
  });
});

describe('signing in', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({});
  });
  afterAll(() => db?.close());

  test('an account with an old scrypt hash signs in, and its hash is replaced by Argon2id', async () => {
    const { schoolId } = await createSchool(db, { name: 'Rehash' });
    const staffId = await createStaffUser(db, {
      schoolId,
      email: 'old@rehash.test',
      displayName: 'Old',
      role: 'teacher',
      password: 'placeholder',
    });
    await db.query('UPDATE staff_users SET password_hash = $1 WHERE id = $2', [await legacyScryptHash('kept password'), staffId]);

    expect(await checkPassword(db, 'old@rehash.test', 'wrong')).toBeNull();
    const stored = async () =>
      (await db.query<{ hash: string }>('SELECT password_hash AS hash FROM staff_users WHERE id = $1', [staffId]))[0].hash;
    expect(await stored()).toMatch(/^scrypt\$/);

    expect((await checkPassword(db, 'old@rehash.test', 'kept password'))?.staffId).toBe(staffId);
    expect(await stored()).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await checkPassword(db, 'old@rehash.test', 'kept password'))?.staffId).toBe(staffId);
  });

  test('an unknown email is refused like a wrong password', async () => {
    expect(await checkPassword(db, 'nobody@rehash.test', 'kept password')).toBeNull();
  });
});
