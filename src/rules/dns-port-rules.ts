// Port 53 is judged like every other port. A flow counts as DNS only when netsim parsed every
// message on it as a plain query (see sandbox/netsim/dns-server.ts); anything else on port 53 is
// `net/dns-port-misuse` and also goes through the ordinary egress rules (its bytes through the
// canary matcher). Plain DNS sent straight to a server that is not one of the pod's configured
// resolvers is `net/dns-bypass`: packages that mean well ask the resolver they are given.
// Limits: DNS over HTTPS or TLS (ports 443, 853) is HTTPS or TLS to the egress rules, not DNS;
// when the pod's resolv.conf names no server, bypass cannot be judged and is not reported.
import type {
  ConnectionObservation,
  Evidence,
  Finding,
  NetworkObservations,
} from '../domain/types.js';
import { RULES } from './catalog.js';
import { isLoopback } from './evasion-rules.js';
import { FindingSet } from './finding-set.js';

function addr(c: ConnectionObservation): string {
  return c.dstIp.includes(':') ? `[${c.dstIp}]:${c.dstPort}` : `${c.dstIp}:${c.dstPort}`;
}

function evidence(c: ConnectionObservation): Evidence {
  return {
    ...(c.hostnames[0] ? { host: c.hostnames[0] } : {}),
    ip: c.dstIp,
    port: c.dstPort,
    protocol: c.protocol === 'tcp' && c.streamKind ? `tcp/${c.streamKind}` : c.protocol,
    bytes: c.bytesSent,
    payloadExcerpt: c.payloadExcerpt,
  };
}

export function dnsPortFindings(net: NetworkObservations): Finding[] {
  const out = new FindingSet();
  const resolversKnown = net.resolvers.length > 0;
  for (const c of net.connections) {
    if ((c.protocol !== 'tcp' && c.protocol !== 'udp') || isLoopback(c.dstIp)) continue;
    const key = `${c.protocol}|${c.dstIp}|${c.dstPort}`;
    if (c.isDns) {
      if (resolversKnown && c.toResolver === false)
        out.add(
          RULES.dnsBypass,
          `DNS sent straight to ${addr(c)}, not to the configured resolver (${net.resolvers.join(', ')})`,
          c,
          evidence(c),
          key,
        );
    } else if (c.dstPort === 53) {
      out.add(
        RULES.dnsPortMisuse,
        `${c.protocol.toUpperCase()} to port 53 that is not DNS: ${addr(c)}`,
        c,
        evidence(c),
        key,
      );
    }
  }
  return out.list();
}
