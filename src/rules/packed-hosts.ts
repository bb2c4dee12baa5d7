/**
 * A sorted list of hosts kept as bytes: one buffer and an offset per host. Millions of compiled
 * names never become millions of JavaScript strings (each costs about 40 bytes of heap and time to
 * make); they are written to a ruleset file straight from the bytes, and turned into strings only
 * where a caller needs them (`at`, `toArray`: the extension build's small lists, lookups).
 * Hosts are ASCII (list-host.ts), one byte a character.
 */
export class PackedHosts {
  /** `starts[i]..starts[i + 1]` are host i's bytes; `starts` has length + 1 entries. */
  private constructor(
    private readonly bytes: Uint8Array,
    private readonly starts: Uint32Array,
  ) {}

  static fromBytes(bytes: Uint8Array, starts: Uint32Array): PackedHosts {
    return new PackedHosts(bytes, starts);
  }

  static fromArray(hosts: readonly string[]): PackedHosts {
    const starts = new Uint32Array(hosts.length + 1);
    let size = 0;
    hosts.forEach((host, index) => {
      starts[index] = size;
      size += host.length;
    });
    starts[hosts.length] = size;
    const bytes = new Uint8Array(size);
    hosts.forEach((host, index) => {
      for (let i = 0; i < host.length; i++) bytes[starts[index] + i] = host.charCodeAt(i);
    });
    return new PackedHosts(bytes, starts);
  }

  get length(): number {
    return this.starts.length - 1;
  }

  /** Characters of all hosts together. */
  get characters(): number {
    return this.starts[this.length] - this.starts[0];
  }

  at(index: number): string {
    return latin1(this.bytes, this.starts[index], this.starts[index + 1]);
  }

  toArray(): string[] {
    return Array.from({ length: this.length }, (_, index) => this.at(index));
  }

  /** Hosts `start` to `end` (exclusive), sharing this list's bytes. */
  slice(start: number, end: number): PackedHosts {
    return new PackedHosts(this.bytes, this.starts.subarray(start, Math.min(end, this.length) + 1));
  }

  /** The hosts for which `keep(host)` holds, as a new list (strings made one at a time). */
  filter(keep: (host: string) => boolean): PackedHosts {
    const kept: string[] = [];
    for (let index = 0; index < this.length; index++) {
      const host = this.at(index);
      if (keep(host)) kept.push(host);
    }
    return kept.length === this.length ? this : PackedHosts.fromArray(kept);
  }

  /** `"a","b",…` for hosts `start` to `end`: the inside of a JSON array (names never need escaping). */
  jsonList(start: number, end: number): string {
    const first = this.starts[start];
    const count = end - start;
    if (count <= 0) return '';
    const out = new Uint8Array(this.starts[end] - first + count * 3 - 1);
    let at = 0;
    for (let index = start; index < end; index++) {
      if (index > start) out[at++] = 44; // ,
      out[at++] = 34; // "
      const to = this.starts[index + 1];
      for (let from = this.starts[index]; from < to; from++) out[at++] = this.bytes[from];
      out[at++] = 34;
    }
    return latin1(out, 0, out.length);
  }
}

type NodeBuffer = Uint8Array & { latin1Slice(start: number, end: number): string };
const NODE_BUFFER = (globalThis as unknown as { Buffer?: { from(buffer: ArrayBufferLike, offset: number, length: number): NodeBuffer } })
  .Buffer;
const views = new WeakMap<Uint8Array, NodeBuffer>();

/** Bytes to string: Node's latin1 decoder where there is one; String.fromCharCode keeps this browser-safe. */
function latin1(bytes: Uint8Array, start: number, end: number): string {
  if (NODE_BUFFER) {
    let view = views.get(bytes);
    if (!view) {
      view = NODE_BUFFER.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      views.set(bytes, view);
    }
    return view.latin1Slice(start, end);
  }
  let text = '';
  for (let from = start; from < end; from += 8192) {
    text += String.fromCharCode.apply(null, bytes.subarray(from, Math.min(end, from + 8192)) as unknown as number[]);
  }
  return text;
}
