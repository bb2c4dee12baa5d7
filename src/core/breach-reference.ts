/**
 * The short reference a pupil's block screen shows an adult (e.g. `K7F-2QX`), to type into the
 * dashboard. Crockford's base 32 (no I, L, O or U), from the leading 30 bits of the breach id: ids
 * are random UUIDs, so a reference names a range of ids, and the server lists every breach of the
 * school in that range (rarely more than one).
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHARACTERS = 6;
/** What a person may type for a character: the look-alikes read as the digit they resemble. */
const READS_AS: Record<string, string> = { O: '0', I: '1', L: '1' };

export type ParsedReference = { ok: true; reference: string; firstId: string; lastId: string } | { ok: false; reason: string };

/** The reference of a breach id (a UUID). */
export function breachReference(id: string): string {
  const bits = Number.parseInt(id.slice(0, 8), 16) >>> 2;
  let code = '';
  for (let index = 0; index < CHARACTERS; index++) code += ALPHABET[(bits >>> (5 * (CHARACTERS - 1 - index))) & 31];
  return `${code.slice(0, 3)}-${code.slice(3)}`;
}

/**
 * Reads a reference as typed: any case, with or without the dash or spaces, O for 0 and I or L
 * for 1. Answers the range of ids it stands for (inclusive).
 */
export function parseBreachReference(text: string): ParsedReference {
  const typed = text.toUpperCase().replace(/[\s-]/g, '');
  if (typed.length !== CHARACTERS) return { ok: false, reason: `a reference has ${CHARACTERS} letters and digits, like K7F-2QX` };
  let bits = 0;
  let code = '';
  for (const character of typed) {
    const read = READS_AS[character] ?? character;
    const value = ALPHABET.indexOf(read);
    if (value < 0) return { ok: false, reason: `"${character}" is not used in references` };
    bits = bits * 32 + value;
    code += read;
  }
  const prefix = (bits * 4).toString(16).padStart(8, '0');
  const last = (bits * 4 + 3).toString(16).padStart(8, '0');
  return {
    ok: true,
    reference: `${code.slice(0, 3)}-${code.slice(3)}`,
    firstId: `${prefix}-0000-0000-0000-000000000000`,
    lastId: `${last}-ffff-ffff-ffff-ffffffffffff`,
  };
}
