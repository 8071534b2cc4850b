// The session's contract: how it reaches the server (ServerLauncher), its budgets and hooks
// (SessionOptions) and what it returns (SessionResult), plus the empty surface it fills.
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type {
  CallRecord,
  CallWindow,
  ObservationGap,
  PhaseWindow,
  ServerRun,
  SurfaceObservations,
  ToolDefinition,
} from '../src/domain/types.js';
import { blankSurface } from '../src/domain/blank-surface.js';
import type { AttachedProcess } from '../sandbox/docker/pod.js';
import type { SurfaceRecorder } from './recorder.js';

/** How the session starts, reaches and stops the server (stdio or HTTP inside the pod). */
export interface ServerLauncher {
  command: string[];
  transportKind: SurfaceObservations['transport'];
  launch(): Promise<AttachedProcess>;
  connect(proc: AttachedProcess): Promise<Transport>;
  /** Ends a launched server for good (its client is already closed). `last`: nothing is launched
   * after it, so what it leaves running may live on until the pod goes (and is still watched). */
  stop(proc: AttachedProcess, opts?: { last?: boolean }): Promise<void>;
}

export interface SessionOptions {
  seed: number;
  rounds: number;
  /** Most tool calls in the exercise phase. */
  maxCalls: number;
  startupMs: number;
  callMs: number;
  /** The most the wait after a call may take (it ends once the sandbox is quiet). */
  settleMs: number;
  /** The most the server keeps running after the last call (delayed sends land in it). */
  lingerMs: number;
  /** Epoch ms after which no new call starts. */
  deadline: number;
  maxRestarts: number;
  maxTools: number;
  /** The folder offered as the client's root. */
  rootUri: string;
  /** Launch the server a second time at the end and compare its definitions. */
  secondLaunch: boolean;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /**
   * Waits at most capMs for the sandbox to be quiet (harness/quiet-wait.ts), given the live server
   * pids; without it, the session sleeps the whole cap.
   */
  quiet?: (kind: 'call' | 'linger', capMs: number, servers: readonly number[]) => Promise<unknown>;
  /** Runs after enumeration and after each call (file checkpoints); its time is not a call's. */
  checkpoint?: () => Promise<void>;
}

/** A call's result text, bounded, kept for canary matching (not written to the report). */
export interface ResultText {
  callId: string;
  tool: string;
  t: number;
  text: string;
}

export interface SessionResult {
  server: ServerRun;
  /** Every tool ever listed, as first seen. */
  tools: ToolDefinition[];
  calls: CallRecord[];
  phases: PhaseWindow[];
  callWindows: CallWindow[];
  restarts: { at: number; cause: string; afterCallId?: string }[];
  notes: string[];
  results: ResultText[];
  /** Host pids of every server process launched (first launch, restarts, second launch). */
  serverPids: number[];
  surface: SurfaceObservations;
  /** Limits the harness reached (result text, texts judged, descriptions). */
  gaps: ObservationGap[];
}

/** The surface before anything was listed; the recorder's lists are shared, not copied. */
export function emptySurface(
  transport: SurfaceObservations['transport'],
  recorder: SurfaceRecorder,
): SurfaceObservations {
  return {
    ...blankSurface(transport, { done: false }),
    notifications: recorder.notifications,
    notificationCounts: recorder.notificationCounts,
    serverRequests: recorder.serverRequests,
    metadata: recorder.metadata,
  };
}
