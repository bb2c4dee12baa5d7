/** A list file that cannot be read as text: the compile stops and writes nothing. */
export class ListFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListFileError';
  }
}

/**
 * Turns the bytes of a list, chunk by chunk, into lines (without their line ending), refusing what
 * is not a UTF-8 text: a NUL byte means a binary file (or UTF-16, named as such), an invalid byte
 * sequence a wrong encoding. Nothing is held but the unfinished last line.
 */
export class TextLineSplitter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  private pending = '';
  private lineNumber = 0;
  private bytesSeen = 0;

  constructor(
    private readonly file: string,
    private readonly onLine: (text: string, lineNumber: number) => void,
  ) {}

  push(chunk: Uint8Array): void {
    if (this.bytesSeen === 0 && chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))) {
      throw new ListFileError(`${this.file}: UTF-16 text: save the list as UTF-8`);
    }
    const nul = chunk.indexOf(0);
    if (nul !== -1) throw new ListFileError(`${this.file}: binary file (a NUL byte at offset ${this.bytesSeen + nul}): not a text list`);
    this.bytesSeen += chunk.length;
    this.split(this.decode(chunk, true));
  }

  /** Call at the end of the input: the last line may lack its line ending. */
  end(): void {
    this.split(this.decode(new Uint8Array(0), false));
    if (this.pending !== '') this.emit(this.pending);
    this.pending = '';
  }

  private decode(chunk: Uint8Array, stream: boolean): string {
    try {
      return this.decoder.decode(chunk, { stream });
    } catch {
      // Find the line of the first bad byte sequence: decode leniently and count lines up to it.
      const lenient = new TextDecoder('utf-8').decode(chunk);
      const before = lenient.slice(0, Math.max(0, lenient.indexOf('\ufffd')));
      const line = this.lineNumber + 1 + (before.match(/\n/g)?.length ?? 0);
      throw new ListFileError(`${this.file}:${line}: not valid UTF-8 (a wrong encoding, or not a text file): save the list as UTF-8`);
    }
  }

  private split(decoded: string): void {
    const text = this.pending + decoded;
    let start = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      this.emit(text.slice(start, newline));
      start = newline + 1;
    }
    this.pending = text.slice(start);
  }

  private emit(line: string): void {
    this.lineNumber++;
    this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line, this.lineNumber);
  }
}
