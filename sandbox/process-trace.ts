// Host-side process tracing with forkstat (Linux proc connector): every fork and exec on the
// host, timestamped as read, kept in memory (bounded) for src/observe/process-tree.ts to filter
// down to the target's processes. Invisible to the package (nothing runs in its container).
// Needs root on the Docker host and the forkstat package; without them the report says process
// tracing was unavailable.
import { execa, type ResultPromise } from 'execa';
import type { ObservationGap } from '../src/domain/types.js';
import type { TraceLine } from '../src/observe/process-tree.js';

const MAX_LINES = 200_000;

export class ProcessTrace {
  readonly lines: TraceLine[] = [];
  /** The trace's own limits reached, or its end before we stopped it. */
  readonly gaps: ObservationGap[] = [];
  private child: ResultPromise | undefined;
  private stopping = false;
  error: string | undefined;

  /** Start tracing; resolves once forkstat is running (or has failed, see `error`). */
  async start(): Promise<void> {
    if (typeof process.getuid === 'function' && process.getuid() !== 0) {
      this.error = 'process tracing needs root on the Docker host';
      return;
    }
    try {
      // -r: real-time scheduling, so a busy sandbox cannot starve the trace of CPU.
      const child = execa('forkstat', ['-e', 'fork,exec,exit', '-l', '-r'], {
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
        for (const line of parts) {
          // The kernel dropped events the trace could not read in time (a flood of processes).
          if (
            /\brecv\b.*\bnobufs\b/.test(line) &&
            !this.gaps.some((g) => g.what === 'process trace events')
          )
            this.gaps.push({
              kind: 'cap',
              what: 'process trace events',
              detail: 'the kernel dropped events (ENOBUFS)',
              t,
            });
          if (this.lines.length < MAX_LINES) this.lines.push({ t, line });
          else if (
            this.gaps.length === 0 ||
            !this.gaps.some((g) => g.what === 'process trace lines')
          )
            this.gaps.push({
              kind: 'cap',
              what: 'process trace lines',
              detail: `${MAX_LINES} lines`,
              t,
            });
        }
      });
      child.once('exit', () => {
        if (!this.stopping)
          this.gaps.push({
            kind: 'helper',
            what: 'process trace',
            detail: 'forkstat ended before the run did',
            t: Date.now(),
          });
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
    this.stopping = true;
    if (!this.child) return;
    this.child.kill('SIGINT');
    // The grace timer is cleared once forkstat exits: a pending timer kept the CLI alive 2 s.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.child.catch(() => undefined),
      new Promise((r) => (timer = setTimeout(r, 2000))),
    ]);
    clearTimeout(timer);
    this.child.kill('SIGKILL');
  }
}
