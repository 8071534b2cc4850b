// Coverage: what the run could not examine is never passed as clean. A server that did not
// start or initialise, a list request that failed or was cut at our cap, a definition the MCP
// client rejects, a tool never called or one whose every call timed out or crashed, a second
// launch that did not happen: each is a high finding naming what was not examined and why, so a
// gate never passes what it did not look at. The finding is about our view, not an accusation:
// its title says "not examined".
// Limits: a tool counts as examined once one call got an answer (a result, a tool error or a
// JSON-RPC error); what it does only on inputs or call counts we did not try is not seen.
import type {
  CallRecord,
  Finding,
  Phase,
  ServerRun,
  SurfaceObservations,
  ToolDefinition,
} from '../domain/types.js';
import { RULES } from './catalog.js';
import { FindingSet } from './finding-set.js';

export interface CoverageInput {
  server: ServerRun;
  surface: SurfaceObservations;
  /** Every tool ever listed. */
  tools: readonly ToolDefinition[];
  calls: readonly CallRecord[];
  /** Whether process tracing ran (without it, no process was examined). */
  processTracing?: { available: boolean; reason?: string };
}

const ANSWERED = new Set<CallRecord['outcome']>(['ok', 'tool-error', 'protocol-error']);

const LIST_NAMES: Record<string, string> = {
  tools: 'Tool',
  resources: 'Resource',
  resourceTemplates: 'Resource template',
  prompts: 'Prompt',
};

export function coverageFindings(input: CoverageInput): Finding[] {
  const out = new FindingSet();
  const { server, surface } = input;
  const add = (title: string, phase: Phase, value: string, key: string, tool?: string) =>
    out.add(
      RULES.notExamined,
      title,
      { phase, ...(tool ? { tool } : {}) },
      { value: value.slice(0, 2000), payloadExcerpt: value.slice(0, 4000) },
      key,
    );
  const why = [server.error, server.stderrExcerpt ? `stderr: ${server.stderrExcerpt}` : '']
    .filter(Boolean)
    .join('\n');

  if (!server.started) {
    add('Not examined: the server could not be started', 'startup', why || 'no process', 'start');
    return out.list();
  }
  if (!server.initialized) {
    add(
      'Not examined: the server did not complete MCP initialization, so none of its tools was seen',
      'startup',
      why || `exit code ${String(server.exitCode)}`,
      'initialize',
    );
    return out.list();
  }

  for (const f of surface.listingFailures) {
    const initial = f.trigger === 'initial' || f.trigger === 'enumerate';
    add(
      initial
        ? `Not examined: ${f.method} could not be read in full`
        : `Not examined: ${f.method} failed when listed again (${f.trigger}), so its definitions were not re-checked`,
      f.trigger === 'enumerate' || f.trigger === 'initial'
        ? 'enumerate'
        : f.trigger === 'second-launch'
          ? 'relaunch'
          : 'exercise',
      f.error,
      `list|${f.method}|${f.trigger}`,
    );
  }

  for (const r of surface.rejected) {
    const what = LIST_NAMES[r.list] ?? 'Definition';
    const name = r.name ?? `#${r.index}`;
    add(
      `Not examined: ${what} ${name} has a definition the MCP client rejects (${r.error.slice(0, 120)})`,
      'enumerate',
      `${r.error}\n\n${r.excerpt}`,
      `rejected|${r.list}|${name}`,
      r.list === 'tools' && r.name ? r.name : undefined,
    );
  }

  const callsByTool = new Map<string, CallRecord[]>();
  for (const c of input.calls) callsByTool.set(c.tool, [...(callsByTool.get(c.tool) ?? []), c]);
  for (const t of input.tools) {
    const calls = callsByTool.get(t.name) ?? [];
    if (calls.length === 0) {
      add(
        `Not examined: tool ${t.name} was never called`,
        'exercise',
        'no call was made (call or time budget spent, or the server was down)',
        `uncalled|${t.name}`,
        t.name,
      );
    } else if (!calls.some((c) => ANSWERED.has(c.outcome))) {
      const counts = new Map<string, number>();
      for (const c of calls) counts.set(c.outcome, (counts.get(c.outcome) ?? 0) + 1);
      const tally = [...counts].map(([o, n]) => `${n} ${o}`).join(', ');
      add(
        `Not examined: tool ${t.name} never answered (${tally})`,
        'exercise',
        `none of its ${calls.length} calls got an answer: ${tally}`,
        `unanswered|${t.name}`,
        t.name,
      );
    }
  }

  if (input.processTracing && !input.processTracing.available)
    add(
      'Not examined: no process was traced (the install scripts and the server may have run anything)',
      'install',
      input.processTracing.reason ?? 'process tracing unavailable',
      'process-trace',
    );

  const second = surface.secondLaunch;
  if (!second.done && second.reason !== 'disabled') {
    add(
      'Not examined: the second launch over the same state did not complete, so definitions kept for later launches were not checked',
      'relaunch',
      second.reason ?? 'unknown reason',
      'second-launch',
    );
  }
  return out.list();
}
