// Ties an instant to the phase and tool call it belongs to. Calls run one at a time; egress
// after a call's response and before the next call starts is charged to the earlier call
// (delayed sends are the common way to hide behind a clean response).
// The gap between calls ends only once the sandbox is quiet (harness/quiet-wait.ts: no timer of
// the package due, no sleeping process, no flow in progress), at most the plan's settle cap.
// Limit: a server that waits longer than that cap is charged to a later call.
import type { Attribution, PhaseWindow, Timeline } from '../domain/types.js';

export function attribute(t: number, timeline: Timeline): Attribution {
  const phases = [...timeline.phases].sort((a, b) => a.start - b.start);
  let current: PhaseWindow | undefined = phases[0];
  for (const p of phases) if (p.start <= t) current = p;
  if (!current) return { phase: 'install' };
  if (current.phase !== 'exercise') return { phase: current.phase };
  let call: Timeline['calls'][number] | undefined;
  for (const c of timeline.calls) if (c.start <= t) call = c;
  return call ? { phase: 'exercise', callId: call.id, tool: call.tool } : { phase: 'exercise' };
}
