import { CsvError, parse } from 'csv-parse/sync';

/**
 * Reading the CSV a school's MIS exports (SIMS, Arbor, Bromcom, a spreadsheet): a UTF-8 byte-order
 * mark, CRLF or CR line ends, quoted fields holding commas and line breaks, and the semicolons or
 * tabs that Excel writes in some locales. No cell is interpreted here: `=SUM(A1)` stays that text.
 */

/** The largest file the import reads: a big secondary's pupils and staff fit many times over. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
/** Data rows per import (pupils, teachers and their classes, one per row). */
export const MAX_IMPORT_ROWS = 10_000;
/** Far above any real record; a longer one means a stray quote swallowed the rest of the file. */
const MAX_RECORD_BYTES = 64 * 1024;
const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** A problem with the file, at a line of it (1 = the header) when it has one. */
export interface ImportProblem {
  line?: number;
  reason: string;
}

export interface CsvRow {
  /** The file's line where the row starts (a quoted field may run over several lines). */
  line: number;
  cells: string[];
}

export interface CsvTable {
  delimiter: Delimiter;
  header: string[];
  rows: CsvRow[];
}

export type CsvReading = { ok: true; table: CsvTable } | { ok: false; problems: ImportProblem[] };

interface ParsedRecord {
  record: string[];
  raw: string;
  info: { lines: number };
}

const byteLength = (text: string) => new TextEncoder().encode(text).length;

/** The file's header and rows, or why it cannot be read (too large, empty, a quote never closed). */
export function readRosterCsv(text: string): CsvReading {
  const bytes = byteLength(text);
  if (bytes > MAX_IMPORT_BYTES) {
    return fail(
      `the file is ${formatBytes(bytes)}; at most ${formatBytes(MAX_IMPORT_BYTES)} can be imported at once (split it, e.g. by year group)`,
    );
  }
  // One line break for the parser and for line numbers: CRLF and old Mac CR become LF.
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (normalised.trim() === '') return fail('the file is empty');
  const delimiter = guessDelimiter(normalised);
  let records: ParsedRecord[];
  let lastRecordEnd = 0;
  try {
    // With `info` and `raw`, each record comes with its text and the line it ends on.
    records = parse(normalised, {
      delimiter,
      record_delimiter: '\n',
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_BYTES,
      on_record: (record, context) => {
        lastRecordEnd = context.lines;
        return record;
      },
    }) as unknown as ParsedRecord[];
  } catch (error) {
    if (error instanceof CsvError) return { ok: false, problems: [csvErrorProblem(error, nextRecordLine(normalised, lastRecordEnd))] };
    throw error;
  }
  const rows = records
    .map(({ record, raw, info }) => ({ line: info.lines - lineBreaksWithin(raw), cells: record }))
    .filter((row) => row.cells.some((cell) => cell.trim() !== ''));
  const [headerRow, ...dataRows] = rows;
  if (!headerRow) return fail('the file is empty');
  if (dataRows.length === 0) return fail('the file has a header but no rows', headerRow.line);
  if (dataRows.length > MAX_IMPORT_ROWS) {
    return fail(
      `the file has ${dataRows.length.toLocaleString('en-GB')} rows; at most ${MAX_IMPORT_ROWS.toLocaleString('en-GB')} can be imported at once`,
    );
  }
  return { ok: true, table: { delimiter, header: headerRow.cells.map((cell) => cell.trim()), rows: dataRows } };
}

/** The delimiter the header line uses most (outside quotes); a comma when none appears. */
export function guessDelimiter(text: string): Delimiter {
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of text.trimStart()) {
    if (char === '"') quoted = !quoted;
    else if (char === '\n' && !quoted) break;
    else if (!quoted && counts.has(char as Delimiter)) counts.set(char as Delimiter, (counts.get(char as Delimiter) ?? 0) + 1);
  }
  return DELIMITERS.reduce((best, d) => ((counts.get(d) ?? 0) > (counts.get(best) ?? 0) ? d : best), ',');
}

/** Line breaks inside a record's raw text, not counting the skipped blank lines before it or its own end. */
function lineBreaksWithin(raw: string): number {
  return (raw.replace(/^\n+/, '').replace(/\n$/, '').match(/\n/g) ?? []).length;
}

/** The line where the record after `lastEnd` starts, past blank lines: where a quote left open began. */
function nextRecordLine(text: string, lastEnd: number): number {
  const lines = text.split('\n');
  let line = lastEnd + 1;
  while (line < lines.length && (lines[line - 1] ?? '').trim() === '') line++;
  return line;
}

/** csv-parse's error in words a technician can act on, at the line where the faulty row starts. */
function csvErrorProblem(error: CsvError, recordLine: number): ImportProblem {
  // A quote left open runs to the end of the file (or the size limit): the parser's own line is where it gave up.
  const fromStart = error.code === 'CSV_QUOTE_NOT_CLOSED' || error.code === 'CSV_MAX_RECORD_SIZE';
  const reported = (error as unknown as { lines?: unknown }).lines;
  const line = fromStart ? recordLine : typeof reported === 'number' ? reported : undefined;
  const reasons: Record<string, string> = {
    CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed (a " is missing)',
    CSV_INVALID_CLOSING_QUOTE: 'a quoted field has text after its closing quote (write a " inside quotes as "")',
    INVALID_OPENING_QUOTE: 'a " appears inside an unquoted field (quote the whole field and write the " as "")',
    CSV_MAX_RECORD_SIZE: `a row is longer than ${formatBytes(MAX_RECORD_BYTES)}, usually a stray " that swallowed the lines after it`,
  };
  return { line, reason: reasons[error.code] ?? 'the file is not valid CSV' };
}

function fail(reason: string, line?: number): CsvReading {
  return { ok: false, problems: [line === undefined ? { reason } : { line, reason }] };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

export type DecodedFile = { ok: true; text: string; encoding: 'utf-8' | 'windows-1252' } | { ok: false; reason: string };

/**
 * An uploaded file's text. UTF-8 when it is (with or without a byte-order mark); otherwise
 * Windows-1252, which Excel's "CSV" on a UK Windows PC writes (a name like "Zoë" arrives as one
 * byte). A workbook or a binary file is refused with what to do instead.
 */
export function decodeRosterFile(bytes: Uint8Array): DecodedFile {
  if (bytes.length > MAX_IMPORT_BYTES) {
    return {
      ok: false,
      reason: `the file is ${formatBytes(bytes.length)}; at most ${formatBytes(MAX_IMPORT_BYTES)} can be imported at once`,
    };
  }
  // "PK\3\4" starts a zip: .xlsx and .ods are zips; D0 CF 11 E0 starts an old .xls.
  const starts = (...signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0xd0, 0xcf, 0x11, 0xe0)) {
    return { ok: false, reason: 'this is a spreadsheet workbook, not a CSV file: open it and save it as "CSV UTF-8 (comma delimited)"' };
  }
  let text: string;
  let encoding: 'utf-8' | 'windows-1252' = 'utf-8';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
    encoding = 'windows-1252';
  }
  if (text.includes('\u0000'))
    return { ok: false, reason: 'the file holds NUL characters, so it is not a text CSV file (was it saved as UTF-16?)' };
  return { ok: true, text, encoding };
}
