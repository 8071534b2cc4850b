// Takes file-system checkpoints of the target (HOME and /tmp, the only writable places) with one
// `find` exec each, and reads bounded excerpts of changed files. Runs between calls, so each
// change is charged to the call before it. Everything runs in the observer container, which
// shares the target's volumes but not its processes: the target cannot see or stop a
// checkpoint, and cannot hide a file behind permissions (the observer reads past them). A
// checkpoint that fails, times out or is cut at its size limit is recorded as a gap.
import {
  diffListings,
  type FsChange,
  type FsEntry,
  parseFindListing,
} from '../../src/observe/fs-diff.js';
import type { ObservationGap } from '../../src/domain/types.js';
import type { SandboxPod } from '../sandbox-pod.js';
import { TARGET_HOME, TARGET_PROJECT } from './pod-spec.js';

const LISTING_BYTES = 8 * 1024 * 1024;
const LISTING_MS = 20_000;
const CHANGES_PER_CHECKPOINT = 500;

export interface Checkpoint {
  t: number;
  changes: FsChange[];
}

const FIND = [
  '/usr/bin/find',
  TARGET_HOME,
  '/tmp',
  '-xdev',
  '(',
  '-path',
  `${TARGET_PROJECT}/node_modules`,
  '-o',
  '-path',
  '/tmp/.npm',
  '-o',
  '-path',
  '/tmp/node-compile-cache',
  '-o',
  '-path',
  `${TARGET_HOME}/.npm`,
  ')',
  '-prune',
  '-o',
  '(',
  '-type',
  'f',
  '-o',
  '-type',
  'l',
  ')',
  '-printf',
  '%T@ %A@ %s %p\\0',
];

export class FsCheckpoints {
  private last: Map<string, FsEntry> = new Map();
  readonly checkpoints: Checkpoint[] = [];
  /** Checkpoints that failed or were cut short (each kind once). */
  readonly gaps: ObservationGap[] = [];

  constructor(
    private readonly pod: SandboxPod,
    private readonly watchReads: ReadonlySet<string>,
  ) {}

  private gap(g: ObservationGap): void {
    if (!this.gaps.some((x) => x.what === g.what)) this.gaps.push(g);
  }

  /** One listing, or undefined when it failed (then the previous one stays the reference). */
  private async list(): Promise<Map<string, FsEntry> | undefined> {
    const t = Date.now();
    const r = await this.pod
      .execInObserver({ cmd: FIND, timeoutMs: LISTING_MS, maxBytes: LISTING_BYTES })
      .catch((e: unknown) => {
        this.gap({ kind: 'helper', what: 'file checkpoint', detail: String(e).slice(0, 300), t });
        return undefined;
      });
    if (!r) return undefined;
    if (r.stdoutTotal > LISTING_BYTES) {
      this.gap({ kind: 'cap', what: 'file listing', detail: `${LISTING_BYTES} bytes`, t });
      return undefined;
    }
    if (r.timedOut || r.exitCode !== 0) {
      this.gap({
        kind: 'helper',
        what: 'file checkpoint',
        detail: `${r.timedOut ? `timed out after ${LISTING_MS} ms` : `exit code ${String(r.exitCode)}`}${r.stderr ? `: ${r.stderr.slice(0, 200)}` : ''}`,
        t,
      });
      return undefined;
    }
    return parseFindListing(r.stdout.toString('utf8'));
  }

  /** The first listing: what later checkpoints are compared with. */
  async baseline(): Promise<void> {
    this.last = (await this.list()) ?? new Map();
  }

  /** List again and keep what changed since the previous checkpoint, stamped now. */
  async take(): Promise<void> {
    // Stamped when the listing starts: every change it finds happened before that instant.
    const t = Date.now();
    const next = await this.list();
    if (!next) return;
    const changes = diffListings(this.last, next, this.watchReads);
    this.last = next;
    if (changes.length > CHANGES_PER_CHECKPOINT)
      this.gap({
        kind: 'cap',
        what: 'file changes per checkpoint',
        detail: `${CHANGES_PER_CHECKPOINT} (of ${changes.length})`,
        t,
      });
    if (changes.length > 0)
      this.checkpoints.push({ t, changes: changes.slice(0, CHANGES_PER_CHECKPOINT) });
  }

  /** First bytes of a regular file in the target (the path is one argv element, never shell
   * text; a FIFO or device is not opened). */
  async excerpt(path: string, bytes = 2048): Promise<Buffer> {
    const r = await this.pod.execInObserver({
      cmd: [
        '/usr/bin/find',
        path,
        '-maxdepth',
        '0',
        '-type',
        'f',
        '-exec',
        '/usr/bin/head',
        '-c',
        String(bytes),
        '--',
        '{}',
        ';',
      ],
      timeoutMs: 10_000,
      maxBytes: bytes,
    });
    return r.stdout;
  }
}
