// Splits a byte stream into newline-terminated lines with a hard cap per line: how the server's
// stdout (hostile) is read. An over-long line is dropped whole and reported, never buffered.

export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private dropping = false;

  constructor(
    private readonly maxLine: number,
    private readonly onLine: (line: string) => void,
    private readonly onOversize: (bytes: number) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      this.append(chunk.subarray(start, nl));
      this.flush();
      start = nl + 1;
    }
    this.append(chunk.subarray(start));
  }

  private append(part: Buffer): void {
    if (part.length === 0) return;
    this.size += part.length;
    if (this.dropping) return;
    if (this.size > this.maxLine) {
      this.dropping = true;
      this.parts = [];
      return;
    }
    this.parts.push(part);
  }

  private flush(): void {
    if (this.dropping) this.onOversize(this.size);
    else this.onLine(Buffer.concat(this.parts).toString('utf8').replace(/\r$/, ''));
    this.parts = [];
    this.size = 0;
    this.dropping = false;
  }
}
