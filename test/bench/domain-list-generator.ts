import { createWriteStream } from 'node:fs';

const SUFFIXES = ['com', 'net', 'org', 'co.uk', 'org.uk', 'de', 'fr', 'io', 'info', 'ru', 'com.br', 'xyz', 'online', 'nl', 'top'];
const SUBDOMAINS = ['www', 'cdn', 'static', 'img', 'm', 'api'];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A small seeded PRNG (mulberry32): the same seed always gives the same list. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes a plain domain list of `count` names that looks like a real category list: names of
 * 5–16 characters under common suffixes, one in five with a subdomain, a few in upper case, a
 * comment now and then. Generated at test and bench time, never committed.
 */
export async function writeGeneratedDomainList(path: string, count: number, seed = 1): Promise<void> {
  const next = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const out = createWriteStream(path);
  let batch: string[] = [];
  for (let i = 0; i < count; i++) {
    let label = '';
    const length = 5 + Math.floor(next() * 12);
    for (let j = 0; j < length; j++) label += LETTERS[Math.floor(next() * LETTERS.length)];
    let line = `${label}.${pick(SUFFIXES)}`;
    if (next() < 0.2) line = `${pick(SUBDOMAINS)}.${line}`;
    if (next() < 0.01) line = line.toUpperCase();
    if (i % 10_000 === 0) batch.push(`# block ${i / 10_000}`);
    batch.push(line);
    if (batch.length >= 10_000) {
      if (!out.write(`${batch.join('\n')}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      batch = [];
    }
  }
  out.end(batch.length > 0 ? `${batch.join('\n')}\n` : '');
  await new Promise<void>((resolve, reject) => out.on('finish', resolve).on('error', reject));
}
