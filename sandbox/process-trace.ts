// Host-side process tracing with forkstat (Linux proc connector): every fork and exec on the
// host, timestamped as read, kept in memory (bounded) for src/observe/process-tree.ts to filter
// down to the target's processes. Invisible to the package (nothing runs in its container).
// Needs root on the Docker host and the forkstat package; without them the report says process
// tracing was unavailable.
import { execa, type ResultPromise } from 'execa';
import type { TraceLine } from '../src/observe/process-tree.js';

const MAX_LINES = 200_000;

export class ProcessTrace {
  readonly lines: TraceLine[] = [];
  private child: ResultPromise | undefined;
  error: string | undefined;

  /** Start tracing; resolves once forkstat is running (or has failed, see `error`). */
  async start(): Promise<void> {
    if (typeof process.getuid === 'function' && process.getuid() !== 0) {
      this.error = 'process tracing needs root on the Docker host';
      return;
    }
    try {
      const child = execa('forkstat', ['-e', 'fork,exec,exit', '-l'], {
        reject: false,
        buffer: false,
        stdin: 'ignore',
      });
      this.child = child;
      let partial = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        const t = Date.now();
        const text = partial + chunk.toString('utf8');
        const parts = text.split('\n');
        partial = (parts.pop() ?? '').slice(0, 65536);
        for (const line of parts) if (this.lines.length < MAX_LINES) this.lines.push({ t, line });
      });
      child.catch(() => undefined);
      await new Promise<void>((resolve) => {
        child.once('spawn', () => setTimeout(resolve, 300));
        child.once('error', (e) => {
          this.error = `forkstat unavailable: ${e.message}`;
          resolve();
        });
      });
    } catch (e) {
      this.error = `forkstat unavailable: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  async stop(): Promise<void> {
    if (!this.child) return;
    this.child.kill('SIGINT');
    await Promise.race([
      this.child.catch(() => undefined),
      new Promise((r) => setTimeout(r, 2000)),
    ]);
    this.child.kill('SIGKILL');
  }
}
