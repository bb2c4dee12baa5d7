import { argon2, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Staff passwords: Argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane), by Node's built-in,
 * stored as a PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`) so the parameters travel with
 * the hash. Hashes from before (scrypt, `scrypt$N$r$p$salt$key`) still verify, and say they want
 * re-hashing, as does an Argon2id hash with weaker parameters than today's.
 */
const ARGON2_VERSION = 19;
const PARAMETERS = { memory: 19_456, passes: 2, parallelism: 1 };
const SALT_BYTES = 16;
const TAG_LENGTH = 32;

export interface PasswordCheck {
  ok: boolean;
  /** The hash is of an older scheme or weaker parameters: store a new one now the password is known. */
  needsRehash: boolean;
}

const base64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');
const phc = (parameters: typeof PARAMETERS, salt: Buffer, tag: Buffer) =>
  `$argon2id$v=${ARGON2_VERSION}$m=${parameters.memory},t=${parameters.passes},p=${parameters.parallelism}$${base64(salt)}$${base64(tag)}`;

const argon2id = (password: string, salt: Buffer, parameters: typeof PARAMETERS, tagLength: number) =>
  new Promise<Buffer>((resolve, reject) =>
    argon2('argon2id', { message: password.normalize('NFC'), nonce: salt, tagLength, ...parameters }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  return phc(PARAMETERS, salt, await argon2id(password, salt, PARAMETERS, TAG_LENGTH));
}

/**
 * Checked against when the email matches nobody, so an unknown address costs what a known one does:
 * today's parameters, a salt and tag no password produces.
 */
export const UNKNOWN_USER_HASH = phc(PARAMETERS, Buffer.alloc(SALT_BYTES), Buffer.alloc(TAG_LENGTH));

export async function verifyPassword(password: string, stored: string): Promise<PasswordCheck> {
  try {
    if (stored.startsWith('$argon2id$')) return await verifyArgon2id(password, stored);
    if (stored.startsWith('scrypt$')) {
      const ok = await verifyScrypt(password, stored);
      return { ok, needsRehash: ok };
    }
  } catch {
    // A stored hash the primitives refuse (a damaged row) matches no password.
  }
  return { ok: false, needsRehash: false };
}

const ARGON2ID_PHC = /^\$argon2id\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;
// Bounds on what a stored string may ask of the server, so a bad row cannot exhaust it.
const LIMITS = { memory: 1 << 20, passes: 10, parallelism: 16 };

async function verifyArgon2id(password: string, stored: string): Promise<PasswordCheck> {
  const match = ARGON2ID_PHC.exec(stored);
  if (!match || Number(match[1]) !== ARGON2_VERSION) return { ok: false, needsRehash: false };
  const parameters = { memory: Number(match[2]), passes: Number(match[3]), parallelism: Number(match[4]) };
  if (parameters.memory > LIMITS.memory || parameters.passes > LIMITS.passes || parameters.parallelism > LIMITS.parallelism) {
    return { ok: false, needsRehash: false };
  }
  const salt = Buffer.from(match[5], 'base64');
  const expected = Buffer.from(match[6], 'base64');
  const actual = await argon2id(password, salt, parameters, expected.length);
  const ok = timingSafeEqual(actual, expected);
  const weaker = parameters.memory < PARAMETERS.memory || parameters.passes < PARAMETERS.passes || expected.length < TAG_LENGTH;
  return { ok, needsRehash: ok && weaker };
}

/** The scheme used before Argon2id: verified so existing staff can still sign in, never written. */
async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const [, n, r, p, salt, key] = stored.split('$');
  if (!key) return false;
  const options = { N: Number(n), r: Number(r), p: Number(p), maxmem: 256 * 1024 * 1024 };
  const expected = Buffer.from(key, 'base64url');
  const actual = await new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64url'), expected.length, options, (error, derived) =>
      error ? reject(error) : resolve(derived),
    ),
  );
  return timingSafeEqual(actual, expected);
}
