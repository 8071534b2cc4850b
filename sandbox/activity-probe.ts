// Reads, from the host's /proc, what harness/quiet-wait.ts needs to know whether the sandbox is
// quiet: the package's processes (the descendants of the target's process 1, where orphans go,
// and of each server exec) and what each of their threads waits for, the package's TCP sockets in
// the pod's network namespace, and how much netsim and the capture have recorded so far (their
// files, through the gateway's root). Nothing runs in the sandbox and the package cannot see it.
// Needs root on the Docker host and the engine's pids in our pid namespace; otherwise every
// sample is undefined and the waits fall back to fixed gaps.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { socketActivity, type SocketActivity } from '../src/observe/socket-table.js';
import { parseTaskWait, type TaskWait, waitArch } from '../src/observe/task-wait.js';
import type { ActivityProbe, ActivitySample } from '../harness/quiet-wait.js';
import type { SandboxPod } from './sandbox-pod.js';
import { GATEWAY_LOG_DIR, GATEWAY_PCAP_DIR } from './docker/pod-spec.js';
import { INTERCEPTOR_UP } from './netsim/config.js';

const MAX_PIDS = 512;
const TARGET_UID = 1000;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function size(path: string): number {
  // lstat: a link netsim might leave there is not followed into the host.
  try {
    return lstatSync(path).size;
  } catch {
    return 0;
  }
}

/** The pids below `roots` (children of every thread), breadth first, bounded. */
export function descendants(roots: readonly number[]): number[] {
  const out: number[] = [];
  const seen = new Set<number>(roots);
  const queue = [...roots];
  while (queue.length > 0 && out.length < MAX_PIDS) {
    const pid = queue.shift() as number;
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      for (const c of (read(`/proc/${pid}/task/${tid}/children`) ?? '').split(/\s+/)) {
        const child = Number(c);
        if (!Number.isInteger(child) || child <= 0 || seen.has(child)) continue;
        seen.add(child);
        out.push(child);
        queue.push(child);
      }
    }
  }
  return out;
}

function threadWaits(pid: number, arch: 'x64' | 'arm64'): (TaskWait & { key: string })[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const out: (TaskWait & { key: string })[] = [];
  for (const tid of tasks.slice(0, 256)) {
    const line = read(`/proc/${pid}/task/${tid}/syscall`);
    if (line !== undefined)
      out.push({ ...parseTaskWait(line, arch), key: `${pid}/${tid} ${line.trim().slice(0, 300)}` });
  }
  return out;
}

export class SandboxActivity implements ActivityProbe {
  private readonly arch = waitArch(process.arch);
  private readonly usable = typeof process.getuid === 'function' && process.getuid() === 0;

  /** `servers`: host pids of the server processes launched so far. */
  constructor(
    private readonly pod: SandboxPod,
    private readonly servers: () => readonly number[],
  ) {}

  async sample(): Promise<ActivitySample | undefined> {
    if (!this.usable || !this.arch) return undefined;
    const [gateway, target] = await Promise.all([
      this.pod.hostPid('gateway'),
      this.pod.hostPid('target'),
    ]);
    if (!gateway || !target) return undefined;
    // The probe must see the sandbox, or it would call a busy sandbox quiet.
    if (read(`/proc/${gateway}/net/tcp`) === undefined) return undefined;
    const roots = this.servers().filter((p) => read(`/proc/${p}/stat`) !== undefined);
    const pids = [...roots, ...descendants([target, ...roots])];
    const waits = pids.flatMap((p) => threadWaits(p, this.arch as 'x64' | 'arm64'));
    const sockets: SocketActivity = { connecting: 0, inFlight: 0 };
    for (const table of ['tcp', 'tcp6']) {
      const s = socketActivity(read(`/proc/${gateway}/net/${table}`) ?? '', TARGET_UID);
      sockets.connecting += s.connecting;
      sockets.inFlight += s.inFlight;
    }
    const root = `/proc/${gateway}/root`;
    const recorded =
      size(`${root}${GATEWAY_LOG_DIR}/events.jsonl`) +
      size(`${root}${GATEWAY_PCAP_DIR}/egress.pcap`);
    const warming = !exists(`${root}${GATEWAY_LOG_DIR}/${INTERCEPTOR_UP}`);
    return { recorded, pids, waits, sockets, ...(warming ? { warming } : {}) };
  }
}
