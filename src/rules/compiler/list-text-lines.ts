import { isUtf8 } from 'node:buffer';

/** A list file that cannot be read as text: the compile stops and writes nothing. */
export class ListFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListFileError';
  }
}

const NEWLINE = 0x0a;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Turns the bytes of a list, chunk by chunk, into lines (without their line ending), refusing what
 * is not UTF-8 text: a NUL byte means a binary file (or UTF-16, named as such), an invalid byte
 * sequence a wrong encoding. Nothing is held but the unfinished last line. Each line is decoded
 * from the bytes on its own, so the strings kept for millions of hosts are compact and do not pin
 * the chunks they came from.
 */
export class TextLineSplitter {
  private pending: Buffer = Buffer.alloc(0);
  private lineNumber = 0;
  private bytesSeen = 0;

  constructor(
    private readonly file: string,
    private readonly onLine: (text: string, lineNumber: number) => void,
  ) {}

  push(chunk: Uint8Array): void {
    let bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.bytesSeen === 0) {
      if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
        throw new ListFileError(`${this.file}: UTF-16 text: save the list as UTF-8`);
      }
      if (bytes.subarray(0, 3).equals(UTF8_BOM)) bytes = bytes.subarray(3);
    }
    const nul = bytes.indexOf(0);
    if (nul !== -1) throw new ListFileError(`${this.file}: binary file (a NUL byte at offset ${this.bytesSeen + nul}): not a text list`);
    this.bytesSeen += chunk.length;
    const text = this.pending.length > 0 ? Buffer.concat([this.pending, bytes]) : bytes;
    const lastNewline = text.lastIndexOf(NEWLINE);
    if (lastNewline === -1) {
      this.pending = Buffer.from(text);
      return;
    }
    this.emitLines(text.subarray(0, lastNewline + 1));
    // A copy: the rest of the chunk is not kept alive by the pending partial line.
    this.pending = Buffer.from(text.subarray(lastNewline + 1));
  }

  /** Call at the end of the input: the last line may lack its line ending. */
  end(): void {
    if (this.pending.length > 0) this.emitLines(this.pending);
    this.pending = Buffer.alloc(0);
  }

  private emitLines(text: Buffer): void {
    if (!isUtf8(text)) this.failOnEncoding(text);
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf(NEWLINE, start);
      if (end === -1) end = text.length;
      const stop = end > start && text[end - 1] === 0x0d ? end - 1 : end;
      this.lineNumber++;
      this.onLine(text.toString('utf8', start, stop), this.lineNumber);
      start = end + 1;
    }
  }

  private failOnEncoding(text: Buffer): never {
    let line = this.lineNumber;
    for (let start = 0; start < text.length; ) {
      let end = text.indexOf(NEWLINE, start);
      if (end === -1) end = text.length;
      line++;
      if (!isUtf8(text.subarray(start, end))) break;
      start = end + 1;
    }
    throw new ListFileError(`${this.file}:${line}: not valid UTF-8 (a wrong encoding, or not a text file): save the list as UTF-8`);
  }
}
