import { PackedHosts } from './packed-hosts.js';

/**
 * Normalised hosts packed as bytes in one growing buffer: the compiler's working set for lists of
 * millions. Compared with a Set or array of strings it takes about a third of the memory, and the
 * sort works on typed arrays instead of chasing strings scattered over the heap (which is what
 * made a plain sort of 5,000,000 names take many seconds).
 *
 * Each host is stored after a 0 byte and known by the offset where it ends: names are read from
 * their end, and the 0 says where they start, so a sort entry is one number and finding a host's
 * bytes costs no lookup in another table.
 *
 * The order is hosts-from-end.ts's (compareHostsFromEnd): from the last character backwards, end
 * of name first, then ".", so a domain is followed at once by its subdomains and a duplicate by
 * its twin, and one linear pass removes both.
 */
export class HostStore {
  // Small to start (the build makes a store per category), growing by half each time it fills.
  private bytes = new Uint8Array(1 << 16);
  private used = 0;
  private ends = new Uint32Array(1 << 12);
  count = 0;

  /** Appends a host already normalised by list-host.ts (ASCII, at most 253 characters). */
  add(host: string): void {
    if (this.count === this.ends.length) this.ends = grow(this.ends, Math.ceil(this.ends.length * 1.5));
    while (this.used + host.length + 1 > this.bytes.length) this.bytes = grow(this.bytes, Math.ceil(this.bytes.length * 1.5));
    const bytes = this.bytes;
    let at = this.used;
    bytes[at++] = 0;
    for (let i = 0; i < host.length; i++) {
      const code = host.charCodeAt(i);
      if (code > 127 || SYMBOL[code] === 0) throw new Error(`not a normalised host: ${JSON.stringify(host)}`);
      bytes[at++] = code;
    }
    this.used = at;
    this.ends[this.count++] = at;
  }

  /**
   * The hosts in order, without duplicates and without any host that a listed parent covers,
   * packed in that order (every later step reads memory in sequence). Empties the store.
   */
  sortedUncovered(): { hosts: PackedHosts; duplicates: number; covered: number } {
    const order = this.sortedOrder();
    const bytes = this.bytes;
    const sorted = new Uint8Array(this.used);
    const starts = new Uint32Array(order.length + 1);
    let duplicates = 0;
    let covered = 0;
    let kept = 0;
    let previousStart = 0;
    let previousEnd = 0;
    for (let i = 0; i < order.length; i++) {
      const end = order[i];
      let start = end;
      while (bytes[start - 1] !== 0) start--;
      // Twins are neighbours in this order, and the one before was just read: no cache miss.
      const duplicate = i > 0 && sameBytes(bytes, start, end, bytes, previousStart, previousEnd);
      previousStart = start;
      previousEnd = end;
      if (duplicate) {
        duplicates++;
        continue;
      }
      if (kept > 0 && isSubdomainBytes(bytes, start, end, sorted, starts[kept - 1], starts[kept])) {
        covered++;
        continue;
      }
      let at = starts[kept];
      for (let byte = start; byte < end; byte++) sorted[at++] = bytes[byte];
      starts[kept + 1] = at;
      kept++;
    }
    this.bytes = new Uint8Array(0);
    this.ends = new Uint32Array(0);
    this.used = 0;
    this.count = 0;
    return { hosts: PackedHosts.fromBytes(sorted.slice(0, starts[kept]), starts.slice(0, kept + 1)), duplicates, covered };
  }

  /** The hosts' end offsets, in order. */
  private sortedOrder(): Uint32Array {
    const order = this.ends.slice(0, this.count);
    this.sortRange(order, 0);
    return order;
  }

  /**
   * Sorts `order` (hosts whose first `depth` characters from the end agree) on the next few:
   * each host becomes one 64-bit number, as many characters' 6-bit symbols as fit above its
   * position in the group, which the engine's native typed-array sort orders in one call. Hosts
   * that still agree are sorted on the characters after, and small groups by plain comparison.
   */
  private sortRange(order: Uint32Array, depth: number): void {
    const n = order.length;
    if (n <= SMALL_GROUP) {
      this.insertionSort(order, depth);
      return;
    }
    if (!LITTLE_ENDIAN || n > MAX_GROUP) {
      order.sort((a, b) => this.compareFrom(a, b, depth));
      return;
    }
    const { groups, characters } = this.sortOnNextCharacters(order, depth);
    for (let i = 0; i < groups.length; i += 2) this.sortRange(order.subarray(groups[i], groups[i + 1]), depth + characters);
  }

  /**
   * One step of sortRange: reorders `order` on the characters from `depth` and returns the groups
   * that still agree (start, end pairs). Its keys are freed before sortRange goes deeper.
   */
  private sortOnNextCharacters(order: Uint32Array, depth: number): { groups: number[]; characters: number } {
    const n = order.length;
    const positionBits = 32 - Math.clz32(n - 1);
    const characters = Math.floor((64 - positionBits) / 6);
    const keys = new BigUint64Array(n);
    const halves = new Uint32Array(keys.buffer);
    const bytes = this.bytes;
    for (let i = 0; i < n; i++) {
      const last = order[i] - 1;
      // A 64-bit number in two 32-bit halves, shifted left as symbols come in, the position last.
      let high = 0;
      let low = 0;
      let ended = false;
      for (let d = depth; d < depth + characters; d++) {
        let symbol = 0;
        if (!ended) {
          const byte = bytes[last - d];
          if (byte === 0) ended = true;
          else symbol = SYMBOL[byte];
        }
        high = ((high << 6) | (low >>> 26)) >>> 0;
        low = ((low << 6) | symbol) >>> 0;
      }
      halves[2 * i + 1] = ((high << positionBits) | (low >>> (32 - positionBits))) >>> 0; // little-endian: high half second
      halves[2 * i] = ((low << positionBits) | i) >>> 0;
    }
    keys.sort();
    const positionMask = (1 << positionBits) - 1;
    const unsorted = order.slice();
    for (let i = 0; i < n; i++) order[i] = unsorted[halves[2 * i] & positionMask];
    const groups: number[] = [];
    for (let start = 0; start < n; ) {
      const high = halves[2 * start + 1];
      const low = halves[2 * start] >>> positionBits;
      let end = start + 1;
      while (end < n && halves[2 * end + 1] === high && halves[2 * end] >>> positionBits === low) end++;
      // A last symbol of 0 means the names ended within these characters: they are equal.
      const lastSymbol = (((high << (32 - positionBits)) | low) >>> 0) & 63;
      if (end - start > 1 && lastSymbol !== 0) groups.push(start, end);
      start = end;
    }
    return { groups, characters };
  }

  private insertionSort(order: Uint32Array, depth: number): void {
    for (let i = 1; i < order.length; i++) {
      const entry = order[i];
      let j = i - 1;
      while (j >= 0 && this.compareFrom(order[j], entry, depth) > 0) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = entry;
    }
  }

  /** compareHostsFromEnd for two stored hosts known by their end offsets. */
  private compareFrom(endA: number, endB: number, depth: number): number {
    const bytes = this.bytes;
    for (let d = depth; ; d++) {
      const byteA = bytes[endA - 1 - d];
      const byteB = bytes[endB - 1 - d];
      const rankA = byteA === 0 ? 0 : rank(byteA);
      const rankB = byteB === 0 ? 0 : rank(byteB);
      if (rankA !== rankB) return rankA - rankB;
      if (rankA === 0) return 0;
    }
  }
}

const SMALL_GROUP = 48;
// Positions take up to 28 bits, leaving 36 for six characters at least.
const MAX_GROUP = 1 << 28;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function sameBytes(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = aEnd - aStart - 1; i >= 0; i--) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}

/** A subdomain: longer, ends with the parent after a "."; IP literals (ending in a digit or "]") have none. */
function isSubdomainBytes(
  host: Uint8Array,
  start: number,
  end: number,
  parent: Uint8Array,
  parentStart: number,
  parentEnd: number,
): boolean {
  const parentLength = parentEnd - parentStart;
  if (end - start <= parentLength) return false;
  const lastByte = host[end - 1];
  if ((lastByte >= 48 && lastByte <= 57) || lastByte === 93) return false;
  if (host[end - parentLength - 1] !== 46) return false;
  for (let i = 1; i <= parentLength; i++) if (host[end - i] !== parent[parentEnd - i]) return false;
  return true;
}

/** The ranks of compareHostsFromEnd, for bytes (0, the end of a name, is handled by the caller). */
const rank = (byte: number) => (byte === 46 ? 1 : byte + 2);

/**
 * 6-bit symbols for the characters a normalised host can hold, in compareHostsFromEnd's order
 * ("." first, then by character code); 0 is the end of the name, and marks characters no host has.
 */
const SYMBOL = (() => {
  const table = new Uint8Array(128);
  const allowed = ['-', ...'0123456789', ':', '[', ']', '_', ...'abcdefghijklmnopqrstuvwxyz'];
  table[46] = 1;
  for (const [index, char] of allowed.entries()) table[char.charCodeAt(0)] = index + 2;
  return table;
})();

function grow<T extends Uint8Array | Uint32Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (size: number) => T)(size);
  bigger.set(array);
  return bigger;
}
