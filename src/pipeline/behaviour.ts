// Turns the run's raw behaviour records (netsim events, tool results, file checkpoints, the
// process trace) into typed observations: canary hits, unexplained values, file changes and
// processes, each with its phase and tool call. Pure.
import type { NetsimEvent } from '../../sandbox/netsim/events.js';
import type { CanarySet } from '../canary/make-canaries.js';
import type {
  BehaviourObservations,
  CallRecord,
  CredentialPurpose,
  FileObservation,
  ProcessObservation,
  Timeline,
} from '../domain/types.js';
import { scanChannels, type ToolResultText } from '../exfil/scan-channels.js';
import { scanTaint } from '../exfil/scan-taint.js';
import { attribute } from '../observe/attribute.js';
import type { FsChange } from '../observe/fs-diff.js';
import { homeRelative } from '../observe/fs-diff.js';
import { buildProcessTree, type RootMatcher, type TraceLine } from '../observe/process-tree.js';

export interface BehaviourInput {
  canarySet: CanarySet;
  /** What each canary is for, by canary id. */
  purposes?: ReadonlyMap<string, CredentialPurpose>;
  events: readonly NetsimEvent[];
  results: readonly ToolResultText[];
  calls: readonly CallRecord[];
  timeline: Timeline;
  envValues: readonly string[];
  /** Each tool's input schema: values the package wrote there explain nothing. */
  schemas: ReadonlyMap<string, unknown>;
  checkpoints: readonly { t: number; changes: readonly FsChange[] }[];
  excerpts: ReadonlyMap<string, string>;
  home: string;
  trace: { lines: readonly TraceLine[]; error?: string; roots: RootMatcher };
}

/** Show the start and end of a secret, never the whole value. */
function mask(value: string): string {
  return value.length <= 12
    ? `${value.slice(0, 2)}…`
    : `${value.slice(0, 6)}…${value.slice(-3)} (${value.length} chars)`;
}

export function buildBehaviour(input: BehaviourInput): BehaviourObservations {
  const canaryByPath = new Map<string, string>();
  for (const f of input.canarySet.files.filter((x) => x.secret))
    canaryByPath.set(
      f.path.startsWith('./') ? `~/project/${f.path.slice(2)}` : f.path,
      `file:${f.path}`,
    );
  const files: FileObservation[] = [];
  for (const cp of input.checkpoints) {
    for (const c of cp.changes) {
      const path = homeRelative(c.path, input.home);
      const canary = canaryByPath.get(path);
      const excerpt = input.excerpts.get(c.path);
      files.push({
        ...attribute(cp.t, input.timeline),
        t: cp.t,
        path,
        change: c.change,
        size: c.size,
        ...(excerpt !== undefined ? { excerpt } : {}),
        ...(canary ? { canary } : {}),
      });
    }
  }
  const processes: ProcessObservation[] = buildProcessTree(
    input.trace.lines,
    input.trace.roots,
  ).map((p) => ({ ...attribute(p.t, input.timeline), ...p }));
  return {
    canaries: input.canarySet.canaries.map((c) => ({
      id: c.id,
      origin: c.origin,
      preview: mask(c.value),
      ...(input.purposes?.get(c.id) ? { purpose: input.purposes.get(c.id) } : {}),
    })),
    endpoints: input.canarySet.endpoints,
    exfil: scanChannels(input.events, input.canarySet.canaries, input.results, input.timeline),
    taint: scanTaint(input.events, input.timeline, {
      calls: input.calls,
      envValues: input.envValues,
      schemas: input.schemas,
    }),
    files,
    processes,
    processTracing: input.trace.error
      ? { available: false, reason: input.trace.error }
      : { available: true },
  };
}
