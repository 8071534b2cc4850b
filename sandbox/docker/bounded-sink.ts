// A Writable that keeps at most `limit` bytes and counts the rest: how every stream coming out
// of the sandbox is read.
import { Writable } from 'node:stream';

export class BoundedSink extends Writable {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  total = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    this.total += chunk.length;
    if (this.kept < this.limit) {
      const part = chunk.subarray(0, this.limit - this.kept);
      this.chunks.push(part);
      this.kept += part.length;
    }
    done();
  }

  buffer(): Buffer {
    return Buffer.concat(this.chunks);
  }

  text(): string {
    const s = this.buffer().toString('utf8');
    return this.total > this.kept ? `${s}\n… (${this.total - this.kept} more bytes)` : s;
  }
}
