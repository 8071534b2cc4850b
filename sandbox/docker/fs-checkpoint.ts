// Takes file-system checkpoints of the target (HOME and /tmp, the only writable places) with one
// `find` exec each, and reads bounded excerpts of changed files. Runs between calls, so each
// change is charged to the call before it.
import {
  diffListings,
  type FsChange,
  type FsEntry,
  parseFindListing,
} from '../../src/observe/fs-diff.js';
import type { Pod } from './pod.js';
import { TARGET_HOME, TARGET_PROJECT } from './pod-spec.js';

export interface Checkpoint {
  t: number;
  changes: FsChange[];
}

const FIND = [
  'find',
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

  constructor(
    private readonly pod: Pod,
    private readonly watchReads: ReadonlySet<string>,
  ) {}

  private async list(): Promise<Map<string, FsEntry>> {
    const r = await this.pod.execInTarget({
      cmd: FIND,
      user: '1000:1000',
      timeoutMs: 20_000,
      maxBytes: 4 * 1024 * 1024,
    });
    return parseFindListing(r.stdout.toString('utf8'));
  }

  /** The first listing: what later checkpoints are compared with. */
  async baseline(): Promise<void> {
    this.last = await this.list();
  }

  /** List again and keep what changed since the previous checkpoint, stamped now. */
  async take(): Promise<void> {
    // Stamped when the listing starts: every change it finds happened before that instant.
    const t = Date.now();
    const next = await this.list();
    const changes = diffListings(this.last, next, this.watchReads);
    this.last = next;
    if (changes.length > 0) this.checkpoints.push({ t, changes: changes.slice(0, 500) });
  }

  /** First bytes of a file in the target (the path is one argv element, never shell text). */
  async excerpt(path: string, bytes = 2048): Promise<Buffer> {
    const r = await this.pod.execInTarget({
      cmd: ['head', '-c', String(bytes), '--', path],
      user: '1000:1000',
      timeoutMs: 10_000,
      maxBytes: bytes,
    });
    return r.stdout;
  }
}
