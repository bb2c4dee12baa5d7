import { fsyncSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

/** The part of Emscripten's NODEFS this module changes (not in PGlite's published types). */
interface NodeFsStreamOps {
  stream_ops: { fsync?: (stream: { nfd: number }) => number };
}

/**
 * PGlite 0.5's Node file system never reaches the disk's cache flush: its NODEFS has no `fsync`
 * stream operation (Emscripten's `fsync()` then does nothing), `fdatasync()` is a stub, and PGlite
 * starts PostgreSQL with `-F` (fsync off). Checked with `strace -f -e trace=fsync,fdatasync`: 0 calls
 * over 50 commits as shipped, 73 with this file system and DURABLE_START_PARAMS. Remove when PGlite
 * flushes on its own (re-run that strace after each PGlite upgrade).
 */
export class DurableNodeFS extends NodeFS {
  override async init(pg: PGlite, opts: Parameters<NodeFS['init']>[1]) {
    const { emscriptenOpts } = await super.init(pg, opts);
    const flushOnFsync = (mod: { NODEFS: unknown }) => {
      (mod.NODEFS as NodeFsStreamOps).stream_ops.fsync = (stream) => {
        fsyncSync(stream.nfd);
        return 0;
      };
    };
    return { emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), flushOnFsync] } };
  }
}

/**
 * PGlite's start parameters with fsync on. The WAL is flushed with `fsync` because PostgreSQL's
 * default here, `fdatasync`, is the stub that does nothing.
 */
export const DURABLE_START_PARAMS = [
  ...PGlite.defaultStartParams.filter((param) => param !== '-F'),
  ...['-c', 'fsync=on', '-c', 'synchronous_commit=on', '-c', 'wal_sync_method=fsync'],
];
