// Collects text from a hostile stream up to a limit, counting what it drops.
export class BoundedText {
  private parts: Buffer[] = [];
  private kept = 0;
  private total = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.kept >= this.limit) return;
    const part = chunk.subarray(0, this.limit - this.kept);
    this.parts.push(part);
    this.kept += part.length;
  }

  text(): string {
    const s = Buffer.concat(this.parts).toString('utf8');
    return this.total > this.kept ? `${s}\n… (${this.total - this.kept} more bytes)` : s;
  }
}
