import { createReadStream, type Dirent } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type ReadEntry, Parser as TarParser } from 'tar';
import { isCategoryId } from '../../core/category-id.js';
import { CategoryCollector, type CollectedCategory } from '../category-collector.js';
import { detectListFormat } from '../detect-list-format.js';
import type { LineVerdict, ListFormat } from '../list-line.js';
import { LINE_PARSERS } from '../parse-list-line.js';
import { ListFileError, TextLineSplitter } from './list-text-lines.js';

export interface CollectOptions {
  /** The format of every plain file (default: detected per file, see detect-list-format.ts). */
  format?: ListFormat;
  /**
   * Plain files: the category they compile into (default: the file's name, or its folder's for
   * `domains`/`urls`). Category folders and UT1 archives: the only categories taken (default: all).
   */
  categories?: readonly string[];
  /** Skipped lines kept as examples per reason in the report (default: a few). */
  examplesPerReason?: number;
  /** Bytes read so far out of all the sources' bytes, for a progress bar. */
  onProgress?: (bytesRead: number, bytesTotal: number) => void;
}

const CATEGORY_FILES = ['domains', 'urls'] as const;
const ARCHIVE = /\.(?:tar\.gz|tgz)$/i;
const DETECTION_LINES = 200;
const READ_CHUNK_BYTES = 1 << 20;

/**
 * Reads list files, category folders (`<category>/domains`, `<category>/urls`), folders of them
 * (an unpacked UT1 download) and UT1 `.tar.gz` archives, and gathers every category's hosts.
 * A file that is not a readable text list, or a damaged archive, rejects the whole collection:
 * the caller writes nothing.
 */
export async function collectListSources(sources: readonly string[], options: CollectOptions = {}): Promise<CollectedCategory[]> {
  const collectors = new Map<string, CategoryCollector>();
  const collectorFor = (id: string) => {
    const known = collectors.get(id);
    if (known) return known;
    const collector = new CategoryCollector(id, options.examplesPerReason);
    collectors.set(id, collector);
    return collector;
  };
  const wanted = options.categories && options.categories.length > 0 ? new Set(options.categories) : undefined;
  const plan = await planSources(sources, options.categories?.length === 1 ? options.categories[0] : undefined, wanted);
  const total = plan.reduce((sum, item) => sum + item.bytes, 0);
  let done = 0;
  const progress = (bytes: number) => {
    done += bytes;
    options.onProgress?.(done, total);
  };

  for (const item of plan) {
    if (item.kind === 'archive') {
      await readUt1Archive(item.path, wanted, collectorFor, progress);
    } else {
      const collector = collectorFor(item.category);
      collector.addSource(item.path);
      await readListFile(item.path, item.format ?? options.format, collector, progress);
    }
  }
  if (wanted) {
    const missing = [...wanted].filter((id) => !collectors.has(id));
    if (missing.length > 0 && plan.some((item) => item.kind === 'archive' || item.fromFolder)) {
      throw new ListFileError(`no category ${missing.map((id) => `"${id}"`).join(', ')} in the sources given`);
    }
  }
  return [...collectors.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((collector) => collector.finish());
}

type PlannedSource =
  | { kind: 'file'; path: string; category: string; format?: ListFormat; bytes: number; fromFolder: boolean }
  | { kind: 'archive'; path: string; bytes: number; fromFolder: false };

async function planSources(
  sources: readonly string[],
  namedCategory: string | undefined,
  wanted: Set<string> | undefined,
): Promise<PlannedSource[]> {
  const plan: PlannedSource[] = [];
  for (const source of sources) {
    const info = await stat(source).catch(() => {
      throw new ListFileError(`${source}: no such file or folder`);
    });
    if (info.isDirectory()) {
      const folders = await findCategoryFolders(source);
      if (folders.length === 0)
        throw new ListFileError(
          `${source}: a folder without "domains" or "urls" lists (a squidGuard/UT1 category folder, or a folder of them, was expected)`,
        );
      for (const folder of folders) {
        const id = basename(folder);
        if (wanted && !wanted.has(id)) continue;
        for (const name of CATEGORY_FILES) {
          const path = join(folder, name);
          const file = await lstat(path).catch(() => undefined);
          if (file?.isFile())
            plan.push({ kind: 'file', path, category: checkedCategoryId(id, path), format: name, bytes: file.size, fromFolder: true });
        }
      }
    } else if (ARCHIVE.test(source)) {
      plan.push({ kind: 'archive', path: source, bytes: info.size, fromFolder: false });
    } else {
      const name = basename(source);
      const id =
        namedCategory ?? ((CATEGORY_FILES as readonly string[]).includes(name) ? basename(dirname(source)) : name.replace(/\..*$/, ''));
      const format = (CATEGORY_FILES as readonly string[]).includes(name) ? (name as ListFormat) : undefined;
      plan.push({
        kind: 'file',
        path: source,
        category: checkedCategoryId(id.toLowerCase(), source),
        format,
        bytes: info.size,
        fromFolder: false,
      });
    }
  }
  return plan;
}

function checkedCategoryId(id: string, source: string): string {
  if (!isCategoryId(id))
    throw new ListFileError(`${source}: "${id}" cannot name a category (a-z, 0-9, "-", "_"): name one with --category`);
  return id;
}

/** The category folders at or below `root` (an unpacked UT1 download nests them in `blacklists/`), sorted. */
async function findCategoryFolders(root: string, depth = 0): Promise<string[]> {
  const entries: Dirent[] = await readdir(root, { withFileTypes: true });
  if (entries.some((entry) => entry.isFile() && (CATEGORY_FILES as readonly string[]).includes(entry.name))) return [root];
  if (depth >= 3) return [];
  const found: string[] = [];
  // Symlinked folders are UT1's aliases of other categories: skipped, as in the archive.
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    found.push(...(await findCategoryFolders(join(root, entry.name), depth + 1)));
  }
  return found;
}

/** Feeds a list file into a collector line by line, in its given or detected format. */
async function readListFile(
  path: string,
  format: ListFormat | undefined,
  collector: CategoryCollector,
  progress: (bytes: number) => void,
): Promise<void> {
  const lines = lineFeeder(path, format, collector);
  const stream = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      lines.splitter.push(chunk);
      progress(chunk.length);
    }
  } finally {
    stream.destroy();
  }
  lines.splitter.end();
  lines.finish();
}

/**
 * A line splitter that parses each line in the list's format. When the format is not known, the
 * first lines are held back until there are enough to detect it.
 */
function lineFeeder(path: string, format: ListFormat | undefined, collector: CategoryCollector) {
  let parse: ((line: string) => LineVerdict) | undefined = format ? LINE_PARSERS[format] : undefined;
  const held: [string, number][] = [];
  const takeAs = (parseLine: (line: string) => LineVerdict, text: string, lineNumber: number) =>
    collector.addLine(parseLine(text), path, lineNumber, text);
  const decide = () => {
    const detected =
      LINE_PARSERS[
        detectListFormat(
          basename(path),
          held.map(([text]) => text),
        )
      ];
    parse = detected;
    for (const [text, lineNumber] of held) takeAs(detected, text, lineNumber);
    held.length = 0;
  };
  const splitter = new TextLineSplitter(path, (text, lineNumber) => {
    if (parse) return takeAs(parse, text, lineNumber);
    held.push([text, lineNumber]);
    if (held.length >= DETECTION_LINES) decide();
  });
  return { splitter, finish: () => parse === undefined && decide() };
}

/**
 * A UT1 archive (`blacklists.tar.gz`), read as it streams: every `<category>/domains` and
 * `<category>/urls` inside, nothing unpacked to disk. Symlinks (UT1's category aliases) are
 * skipped. A truncated or damaged archive is an error, never a shorter list.
 */
function readUt1Archive(
  path: string,
  wanted: Set<string> | undefined,
  collectorFor: (id: string) => CategoryCollector,
  progress: (bytes: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed = false;
    let lists = 0;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      stream.destroy();
      reject(error instanceof ListFileError ? error : new ListFileError(`${path}: truncated or damaged archive (${error.message})`));
    };
    const parser = new TarParser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        try {
          readEntry(entry);
        } catch (error) {
          entry.resume();
          fail(error as Error);
        }
      },
    });
    const readEntry = (entry: ReadEntry) => {
      const name = basename(entry.path);
      const id = basename(dirname(entry.path));
      if (entry.type !== 'File' || !(CATEGORY_FILES as readonly string[]).includes(name) || (wanted && !wanted.has(id))) {
        entry.resume();
        return;
      }
      lists++;
      const where = `${path}:${entry.path}`;
      const collector = collectorFor(checkedCategoryId(id, where));
      collector.addSource(where);
      const lines = lineFeeder(where, name as ListFormat, collector);
      entry.on('data', (chunk: Buffer) => {
        try {
          lines.splitter.push(chunk);
        } catch (error) {
          fail(error as Error);
        }
      });
      entry.on('end', () => {
        try {
          lines.splitter.end();
          lines.finish();
        } catch (error) {
          fail(error as Error);
        }
      });
    };
    parser.on('error', fail);
    parser.on('end', () => {
      if (failed) return;
      if (lists === 0 && !wanted)
        fail(
          new ListFileError(
            `${path}: no <category>/domains or <category>/urls lists in this archive (a UT1 blacklists.tar.gz was expected)`,
          ),
        );
      else resolve();
    });
    const stream = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
    stream.on('data', (chunk) => progress(chunk.length));
    stream.on('error', fail);
    stream.pipe(parser);
  });
}
