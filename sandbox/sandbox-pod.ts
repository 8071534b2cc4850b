// What an analysis needs of its sandbox, whatever runs it: the Docker pod on this machine
// (sandbox/docker/pod.ts) or, inside a Kubernetes Pod, the runner's view of its sibling
// containers (src/k8s/in-pod.ts). The steps after the pod is up (install, exercise, collect)
// see only this, so both engines run the same harness, rules and reports.
import type { Duplex, PassThrough } from 'node:stream';
import type { ObservationGap } from '../src/domain/types.js';
import type { TraceLine } from '../src/observe/process-tree.js';
import type { ExecOptions, ExecResult } from './docker/exec.js';

export interface AttachedProcess {
  stdin: Duplex;
  stdout: PassThrough;
  stderr: PassThrough;
  /** Resolves with the exit code once the process has ended (null if unknown). */
  exited: Promise<number | null>;
  /** Host pid of the process, when the engine said (for the process trace). */
  pid?: number;
}

export interface SandboxPod {
  /** What the pod could not set up as intended (reported, not fatal). */
  readonly notes: string[];
  /** Limits reached reading from the sandbox (each kind once). */
  readonly gaps: ObservationGap[];
  gap(g: ObservationGap): void;
  /** A command in the target as the package's user, bounded. */
  execInTarget(opts: ExecOptions): Promise<ExecResult>;
  /** A command that reads the target's files from outside its processes (checkpoints). */
  execInObserver(opts: ExecOptions): Promise<ExecResult>;
  /** End every process of the target; its files stay. */
  restartTarget(): Promise<void>;
  /** Host pids of the gateway's and target's process 1, where the host's /proc is ours. */
  hostPid(which: 'gateway' | 'target'): Promise<number | undefined>;
  /** A long-running process in the target with stdin open. */
  attach(cmd: string[], env: string[], workdir: string): Promise<AttachedProcess>;
  /** A file of the gateway (netsim's log, the capture), at most maxBytes. */
  readGatewayFile(path: string, maxBytes: number): Promise<Buffer>;
  /** Whether a helper of the gateway (tcpdump) still runs. */
  gatewayProcessRunning(name: string): Promise<boolean>;
  /** A byte stream to `port` on the pod's loopback. */
  openTcp(port: number): Promise<Duplex>;
  /** TCP ports in LISTEN state owned by `uid` in the pod's network namespace. */
  listeningPorts(uid: number): Promise<number[]>;
  /** Remove everything; never throws. */
  destroy(): Promise<void>;
}

/** The process trace as the collect step reads it (sandbox/process-trace.ts, or none). */
export interface TraceView {
  readonly lines: TraceLine[];
  readonly gaps: ObservationGap[];
  readonly error: string | undefined;
  stop(): Promise<void>;
}
