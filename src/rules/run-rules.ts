// Runs every rule over the observations and orders the findings, most severe first.
import { severityRank } from '../domain/severity.js';
import type {
  BehaviourObservations,
  CallRecord,
  FetchObservations,
  Finding,
  NetworkObservations,
  ObservationGap,
  ServerRun,
  SurfaceObservations,
  ToolDefinition,
} from '../domain/types.js';
import { coverageFindings } from './coverage-rules.js';
import { dnsPortFindings } from './dns-port-rules.js';
import { dnsTunnelFindings } from './dns-tunnel.js';
import { egressFindings } from './egress-rules.js';
import { evasionFindings } from './evasion-rules.js';
import { exfilFindings } from './exfil-rules.js';
import { fetchFindings } from './fetch-rules.js';
import { frontingFindings } from './fronting-rules.js';
import { fsFindings } from './fs-rules.js';
import { elicitationFindings } from './elicitation-rules.js';
import { metadataFindings } from './meta-rules.js';
import { procFindings } from './proc-rules.js';
import { rugPullFindings } from './rug-pull-rules.js';

const EMPTY: BehaviourObservations = {
  canaries: [],
  endpoints: [],
  exfil: [],
  taint: [],
  files: [],
  processes: [],
  processTracing: { available: false },
};

export function runRules(
  net: NetworkObservations,
  allowlist: readonly string[],
  behaviour: BehaviourObservations = EMPTY,
  mcp?: {
    surface: SurfaceObservations;
    tools: readonly ToolDefinition[];
    calls: readonly CallRecord[];
    /** How the server ran; with it, coverage gaps are findings. */
    server?: ServerRun;
  },
  gaps: readonly ObservationGap[] = [],
  fetch?: FetchObservations,
): Finding[] {
  const surface = mcp?.surface;
  const exposed = mcp
    ? [...mcp.tools.map((t) => t.name), ...mcp.surface.prompts.map((p) => p.name)]
    : [];
  const results = mcp
    ? {
        toolText: new Map(
          mcp.tools.map((t) => [t.name, `${t.name}\n${t.title ?? ''}\n${t.description}`]),
        ),
        callArgs: new Map(mcp.calls.map((c) => [c.id, JSON.stringify(c.arguments) ?? ''])),
      }
    : undefined;
  const findings = [
    ...egressFindings(net, allowlist, behaviour.endpoints, {
      calls: mcp?.calls ?? [],
      tools: mcp?.tools ?? [],
    }),
    ...dnsPortFindings(net),
    ...frontingFindings(net),
    ...dnsTunnelFindings(net.dns, allowlist),
    ...exfilFindings(
      behaviour.exfil,
      behaviour.taint,
      allowlist,
      results,
      new Map(behaviour.canaries.flatMap((c) => (c.purpose ? [[c.id, c.purpose] as const] : []))),
    ),
    ...fsFindings(behaviour.files, { calls: mcp?.calls ?? [], tools: mcp?.tools ?? [] }),
    ...procFindings(behaviour.processes, mcp?.tools ?? [], mcp?.calls ?? []),
    ...(surface ? rugPullFindings(surface.drift) : []),
    ...(surface ? elicitationFindings(surface.serverRequests) : []),
    ...(surface ? metadataFindings(surface.metadata, exposed) : []),
    ...(mcp?.server
      ? coverageFindings({
          ...mcp,
          server: mcp.server,
          processTracing: behaviour.processTracing,
        })
      : []),
    ...evasionFindings(gaps, net.connections),
    ...fetchFindings(fetch),
  ];
  return findings.sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || a.rule.localeCompare(b.rule),
  );
}
