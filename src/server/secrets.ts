import { createHash, randomBytes } from 'node:crypto';

/**
 * Enrolment tokens, device credentials, staff sessions and one-time sign-in links: 256 random bits with a prefix that says
 * what the secret is (so a leaked one is recognisable in logs and by secret scanners). Only the
 * SHA-256 is stored: with this much entropy a slow hash adds nothing.
 */
export type SecretKind = 'enrolment' | 'device' | 'session' | 'sign-in-link';
const PREFIX: Record<SecretKind, string> = { enrolment: 'sse_', device: 'ssd_', session: 'sss_', 'sign-in-link': 'ssl_' };

export const newSecret = (kind: SecretKind): string => PREFIX[kind] + randomBytes(32).toString('base64url');

export const hashSecret = (secret: string): Buffer => createHash('sha256').update(secret, 'utf8').digest();

/** Cheap shape check before any database lookup. */
export const looksLikeSecret = (kind: SecretKind, value: string): boolean =>
  value.startsWith(PREFIX[kind]) && /^[A-Za-z0-9_-]{43}$/.test(value.slice(PREFIX[kind].length));
