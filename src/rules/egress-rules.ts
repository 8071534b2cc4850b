// Egress rules: turn connections and DNS queries outside the allowlist into findings. One
// finding per (rule, phase, tool, destination); repeats are counted in evidence.count. Each
// rule's limits are in catalog.ts.
import type {
  ConnectionObservation,
  DnsQueryObservation,
  EndpointSetting,
  Evidence,
  Finding,
  HttpRequestObservation,
  NetworkObservations,
} from '../domain/types.js';
import { callAskedFor, NO_CALLS, type CallContext } from './call-context.js';
import { isAllowed } from '../plan/allowlist.js';
import { RULES } from './catalog.js';
import { isLoopback } from './evasion-rules.js';
import { FindingSet } from './finding-set.js';

function destination(c: ConnectionObservation): string {
  return c.hostnames[0] ?? c.dstIp;
}

function formatAddr(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** The first HTTP request carried on this connection's destination, for evidence. */
function requestFor(
  c: ConnectionObservation,
  http: readonly HttpRequestObservation[],
): HttpRequestObservation | undefined {
  return http.find((h) => h.dstIp === c.dstIp && h.dstPort === c.dstPort && h.t >= c.t - 1000);
}

function connectionEvidence(
  c: ConnectionObservation,
  http: readonly HttpRequestObservation[],
): Evidence {
  const req = requestFor(c, http);
  return {
    ...(c.hostnames[0] ? { host: c.hostnames[0] } : c.claimedHost ? { host: c.claimedHost } : {}),
    ip: c.dstIp,
    port: c.dstPort,
    protocol: c.protocol === 'tcp' && c.streamKind ? `tcp/${c.streamKind}` : c.protocol,
    bytes: c.bytesSent,
    payloadExcerpt: req
      ? `${req.method} ${req.url}\n\n${req.bodyExcerpt}`.slice(0, 4096)
      : c.payloadExcerpt,
    ...(req ? { method: req.method, url: req.url } : {}),
  };
}

/**
 * Endpoints the run set itself (an invented value, or one the user gave with --env): traffic to
 * them is the package doing what it was configured to do, labelled so and kept at info. An
 * endpoint left to the package's own default is judged like any other host.
 */
function configuredHosts(endpoints: readonly EndpointSetting[]): Map<string, EndpointSetting> {
  const out = new Map<string, EndpointSetting>();
  for (const e of endpoints) if (e.host && e.origin !== 'default') out.set(e.host.toLowerCase(), e);
  return out;
}

function endpointLabel(e: EndpointSetting): string {
  return e.origin === 'invented'
    ? `the endpoint mcp-airlock invented for ${e.variable}`
    : `the endpoint the user set in ${e.variable}`;
}

/**
 * Whether the call that made this connection named its host in its arguments (a fetch or scrape
 * tool given a URL), and the host is not one the tool's own schema put there: a default or an
 * example the package wrote is not the user's request.
 */
function requestedBy(
  c: { callId?: string; hostnames: readonly string[] },
  ctx: CallContext,
): boolean {
  // the whole host name, not part of a longer one (docs.example.com.evil.example)
  const asHost = (args: string, host: string) =>
    new RegExp(
      `(?:^|[^a-z0-9.-])${host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:$|[^a-z0-9.-])`,
    ).test(args);
  return c.hostnames.some((h) => callAskedFor(c.callId, h, ctx, asHost));
}

export function egressFindings(
  net: NetworkObservations,
  allowlist: readonly string[],
  endpoints: readonly EndpointSetting[] = [],
  ctx: CallContext = NO_CALLS,
): Finding[] {
  const out = new FindingSet();
  const configured = configuredHosts(endpoints);
  const endpointOf = (names: readonly string[]) =>
    names.map((h) => configured.get(h.toLowerCase())).find((e) => e !== undefined);
  const allowed = (c: ConnectionObservation) =>
    isAllowed(c.dstIp, allowlist) || c.hostnames.some((h) => isAllowed(h, allowlist));
  // Only TCP and UDP flows to a named host are reported below; an ICMP (or other) flow to a
  // looked-up address must leave the lookup reported, or a lookup plus a ping would read clean.
  const connectedIps = new Set(
    net.connections
      .filter((c) => !c.isDns && (c.protocol === 'tcp' || c.protocol === 'udp'))
      .map((c) => c.dstIp),
  );

  for (const c of net.connections) {
    // Loopback flows are contact with the monitor (evasion-rules.ts), not egress.
    if (c.isDns || allowed(c) || isLoopback(c.dstIp)) continue;
    const dest = destination(c);
    const addr = formatAddr(dest, c.dstPort);
    const ev = connectionEvidence(c, net.http);
    const key = `${c.protocol}|${dest}|${c.dstPort}`;
    if (c.phase === 'install') {
      out.add(
        RULES.installEgress,
        `Network egress during install: ${c.protocol.toUpperCase()} to ${addr}`,
        c,
        ev,
        key,
      );
      continue;
    }
    if (c.hostnames.length === 0 && !c.nameUnlogged) {
      out.add(
        RULES.rawIp,
        `${c.protocol.toUpperCase()} to raw IP ${addr} with no DNS lookup`,
        c,
        ev,
        key,
      );
    }
    if (c.protocol === 'tcp' && c.streamKind === 'raw' && c.bytesSent > 0) {
      out.add(RULES.nonHttpTcp, `Non-HTTP TCP stream to ${addr}`, c, ev, key);
    }
    if (c.protocol === 'udp') {
      out.add(RULES.udp, `UDP datagram to ${addr}`, c, ev, key);
    }
    if (c.protocol === 'tcp' && c.hostnames.length > 0 && c.streamKind !== 'raw') {
      const scheme = c.streamKind === 'tls' ? 'HTTPS' : c.streamKind === 'http' ? 'HTTP' : 'TCP';
      const endpoint = endpointOf(c.hostnames);
      if (endpoint)
        out.add(
          RULES.configuredEndpoint,
          `${scheme} to ${addr}, ${endpointLabel(endpoint)}`,
          c,
          { ...ev, field: endpoint.variable },
          key,
        );
      else if (requestedBy(c, ctx))
        out.add(
          RULES.egressHttp,
          `${scheme} to ${addr}, the host the call asked for`,
          c,
          ev,
          key,
          'low',
        );
      else out.add(RULES.egressHttp, `${scheme} egress to ${addr}`, c, ev, key);
    }
  }

  const byName = new Map<string, DnsQueryObservation[]>();
  for (const q of net.dns)
    byName.set(q.name.toLowerCase(), [...(byName.get(q.name.toLowerCase()) ?? []), q]);
  for (const [name, queries] of byName) {
    if (isAllowed(name, allowlist)) continue;
    const endpoint = configured.get(name);
    for (const q of queries) {
      const ev: Evidence = {
        host: q.name,
        protocol: `dns/${q.type}`,
        payloadExcerpt: `${q.type} ${q.name}`,
      };
      if (q.phase === 'install') {
        out.add(RULES.installEgress, `DNS lookup during install: ${q.name}`, q, ev, `dns|${name}`);
        continue;
      }
      const followed = queries.some((x) => x.answers.some((ip) => connectedIps.has(ip)));
      if (followed) continue;
      if (endpoint)
        out.add(
          RULES.configuredEndpoint,
          `DNS lookup of ${q.name}, ${endpointLabel(endpoint)}`,
          q,
          { ...ev, field: endpoint.variable },
          `dns|${name}`,
        );
      else out.add(RULES.dnsLookup, `DNS lookup of ${q.name}`, q, ev, `dns|${name}`);
    }
  }
  return out.list();
}
