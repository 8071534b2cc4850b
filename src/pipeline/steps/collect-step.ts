// Step 6, collect: let late sends land, take the last file checkpoint, stop tracing, read the
// capture and netsim's log, and turn everything the sandbox recorded into observations tied to
// phases and calls. Also gathers every gap in our own view (caps reached, helpers failed).
import { mkdirSync } from 'node:fs';
import type { FsCheckpoints } from '../../../sandbox/docker/fs-checkpoint.js';
import type { QuietWaits } from '../../../sandbox/quiet-waits.js';
import {
  IMAGE_NODE,
  IMAGE_NPM_CLI,
  IMAGE_TIMEOUT,
  TARGET_HOME,
  TARGET_PROJECT,
} from '../../../sandbox/docker/pod-spec.js';
import type {
  BehaviourObservations,
  NetworkObservations,
  ObservationGap,
  Timeline,
} from '../../domain/types.js';
import { printableExcerpt } from '../../observe/excerpt.js';
import { buildBehaviour } from '../behaviour.js';
import { collectNetwork } from '../collect.js';
import { type RunContext, timed } from '../run-context.js';
import type { Exercised } from './exercise-step.js';
import type { Installed } from './install-step.js';
import type { Planted } from './plant-step.js';
import type { Sandbox } from '../run-sandbox.js';

/** The most we wait for late sends (orphans of the server) to reach the capture; the wait ends
 * once the sandbox is quiet, which includes the capture file no longer growing (tcpdump writes
 * each packet as it comes, -U, and NFLOG hands each one over at once, threshold 1). */
const FINAL_SETTLE_MS = 1500;
const MAX_EXCERPTS = 30;
/** buildProcessTree's default bound. */
const MAX_PROCESSES = 2000;

export interface Collected {
  timeline: Timeline;
  network: NetworkObservations;
  behaviour: BehaviourObservations;
  gaps: ObservationGap[];
}

export async function collectStep(
  ctx: RunContext,
  parts: {
    sandbox: Sandbox;
    fs: FsCheckpoints;
    planted: Planted;
    installed: Installed;
    exercised: Exercised;
  },
  quiet: QuietWaits,
): Promise<Collected> {
  const { pod, trace } = parts.sandbox;
  const { fs, planted, installed } = parts;
  const { session, entry } = parts.exercised;
  return timed(ctx, 'collect', async () => {
    await quiet.wait('final', FINAL_SETTLE_MS);
    const quietNote = quiet.summary();
    if (quietNote) ctx.notes.push(quietNote);
    await fs.take();
    await trace.stop();
    const timeline = { phases: [installed.window, ...session.phases], calls: session.callWindows };
    mkdirSync(ctx.plan.outDir, { recursive: true });
    const collected = await collectNetwork(pod, timeline, ctx.plan.outDir, ctx.notes);
    const excerpts = new Map<string, string>();
    const changed = fs.checkpoints
      .flatMap((c) => c.changes)
      .filter((c) => c.change === 'created' || c.change === 'modified');
    for (const c of changed
      .filter((x) => !x.path.startsWith(`${TARGET_PROJECT}/`))
      .slice(0, MAX_EXCERPTS)) {
      excerpts.set(c.path, printableExcerpt(await fs.excerpt(c.path), 2048));
    }
    const behaviour = buildBehaviour({
      canarySet: planted.canarySet,
      purposes: planted.purposes,
      events: collected.events,
      results: session.results,
      calls: session.calls,
      timeline,
      envValues: Object.values(planted.serverEnv),
      schemas: new Map(session.tools.map((t) => [t.name, t.inputSchema])),
      checkpoints: fs.checkpoints,
      excerpts,
      home: TARGET_HOME,
      trace: {
        lines: trace.lines,
        ...(trace.error ? { error: trace.error } : {}),
        roots: {
          // The trace sees the whole host: with no install run, nothing is this run's install
          // (another run's `npm rebuild` must not be taken for it).
          install: (c, pid) =>
            installed.skipped
              ? false
              : installed.pid
                ? pid === installed.pid
                : c.startsWith(`${IMAGE_TIMEOUT} -s KILL `) &&
                  c.includes(`${IMAGE_NPM_CLI} rebuild`),
          server: (c, pid) =>
            session.serverPids.length > 0
              ? session.serverPids.includes(pid)
              : c.startsWith(`${IMAGE_NODE} ${entry}`),
        },
      },
    });
    if (trace.error) ctx.notes.push(trace.error);
    const gaps = [
      ...collected.gaps,
      ...fs.gaps,
      ...session.gaps,
      ...pod.gaps,
      ...trace.gaps,
      ...(behaviour.processes.length >= MAX_PROCESSES
        ? [{ kind: 'cap' as const, what: 'processes traced', detail: `${MAX_PROCESSES}` }]
        : []),
    ];
    return { timeline, network: collected.network, behaviour, gaps };
  });
}
