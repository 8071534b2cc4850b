// Merges the two records of the sandbox's network into typed observations: the pcap (ground
// truth for every attempted flow, taken before NAT) and netsim's log (what each flow carried:
// DNS questions, first bytes, HTTP requests, TLS failures). Each observation gets its phase and
// tool call. Pure.
import type { NetsimEvent } from '../../sandbox/netsim/events.js';
import type {
  ConnectionObservation,
  DnsQueryObservation,
  HttpRequestObservation,
  NetworkObservations,
  SmtpMessageObservation,
  Timeline,
  TlsFailureObservation,
} from '../domain/types.js';
import { attribute } from './attribute.js';
import { bodyExcerpt, hexExcerpt, printableExcerpt } from './excerpt.js';
import { isFakeDnsAddress, namesByIp } from './lookup-names.js';
import { sniOf } from './tls-sni.js';
import type { PcapPacket } from './pcap-decode.js';

type Ev<T extends NetsimEvent['type']> = Extract<NetsimEvent, { type: T }>;

const TCP_SYN = 0x02;
const TCP_ACK = 0x10;
/** How far apart (ms) a pcap flow and netsim's record of it may be and still be joined. */
const JOIN_WINDOW_MS = 5000;

function b64(s: string): Buffer {
  return Buffer.from(s, 'base64');
}

function flowKey(proto: string, srcPort: number, dstIp: string, dstPort: number): string {
  return `${proto}|${srcPort}|${dstIp}|${dstPort}`;
}

export function buildObservations(
  events: readonly NetsimEvent[],
  packets: readonly PcapPacket[],
  timeline: Timeline,
): NetworkObservations {
  const of = <T extends NetsimEvent['type']>(type: T) =>
    events.filter((e): e is Ev<T> => e.type === type);

  const resolvers = new Set(of('resolvers').flatMap((e) => e.servers.map(String)));
  // Where each query went: netsim knows whether it was bound for a configured resolver (the
  // port it was redirected to); the capture knows the address (the flow from its client port).
  const dnsFlowDst = (transport: string, srcPort: number, t: number): string | undefined =>
    packets.find(
      (p) =>
        p.protocol === transport &&
        p.dstPort === 53 &&
        p.srcPort === srcPort &&
        Math.abs(p.ts - t) < JOIN_WINDOW_MS,
    )?.dst;
  const dns: DnsQueryObservation[] = of('dns').map((e) => {
    const server = e.dstIp ?? dnsFlowDst(e.transport, e.srcPort, e.t);
    const toResolver = e.toResolver ?? (server ? resolvers.has(server) : undefined);
    return {
      ...attribute(e.t, timeline),
      t: e.t,
      name: e.name,
      type: e.qtype,
      answers: e.answers.map(String).slice(0, 16),
      ...(server ? { server } : {}),
      ...(toResolver !== undefined ? { toResolver } : {}),
    };
  });
  // Plain DNS queries by client port, so a capture flow to port 53 can tell whether it was DNS.
  const dnsQueries = of('dns');
  // Once the DNS budget is spent, later lookups are not logged: an address from the fake DNS's
  // ranges with no name, or a flow to port 53 with nothing logged, is then unknown, not raw.
  const dnsCap = of('cap').find((c) => c.cap === 'events:dns');
  const unlogged = (t: number) => dnsCap !== undefined && t >= dnsCap.t - JOIN_WINDOW_MS;
  const names = namesByIp(events);

  const data = new Map(of('tcp-data').map((e) => [e.flow, e]));
  const closes = new Map(of('tcp-close').map((e) => [e.flow, e]));
  const httpByFlow = new Map<number, Ev<'http'>>();
  for (const h of of('http')) if (!httpByFlow.has(h.flow)) httpByFlow.set(h.flow, h);
  const tlsErrByFlow = new Map(of('tls-error').map((e) => [e.flow, e]));

  // netsim's view of each flow, keyed so pcap flows can find theirs.
  interface NetsimFlow {
    t: number;
    proto: 'tcp' | 'udp';
    family: 4 | 6;
    srcPort: number;
    dstIp: string;
    dstPort: number;
    bytes: number;
    first: Buffer;
    kind?: ConnectionObservation['streamKind'];
    claimedHost?: string;
    sni?: string;
    used: boolean;
  }
  const netsimFlows: NetsimFlow[] = [];
  for (const o of of('tcp-open')) {
    const d = data.get(o.flow);
    const h = httpByFlow.get(o.flow);
    const sni =
      (tlsErrByFlow.get(o.flow)?.sni || undefined) ??
      (d?.kind === 'tls' ? sniOf(b64(d.first)) : undefined);
    let claimedHost = sni;
    if (h) claimedHost = h.headers['host'] ?? safeHost(h.url) ?? claimedHost;
    netsimFlows.push({
      t: o.t,
      proto: 'tcp',
      family: o.family,
      srcPort: o.srcPort,
      dstIp: o.dstIp,
      dstPort: o.dstPort,
      bytes: closes.get(o.flow)?.bytes ?? (d ? b64(d.first).length : 0),
      first: d ? b64(d.first) : Buffer.alloc(0),
      // The kind the flow closed with wins (a DNS connection that turned out not to be DNS).
      kind: streamKindOf(closes.get(o.flow)?.kind) ?? (d ? d.kind : 'no-data'),
      claimedHost,
      ...(sni ? { sni: sni.slice(0, 255) } : {}),
      used: false,
    });
  }
  const udpFlows = new Map<string, NetsimFlow>();
  for (const u of of('udp')) {
    const key = flowKey('udp', u.srcPort, u.dstIp, u.dstPort);
    const f = udpFlows.get(key);
    if (f) f.bytes += u.bytes;
    else {
      const flow: NetsimFlow = {
        t: u.t,
        proto: 'udp',
        family: u.family,
        srcPort: u.srcPort,
        dstIp: u.dstIp,
        dstPort: u.dstPort,
        bytes: u.bytes,
        first: b64(u.first),
        used: false,
      };
      udpFlows.set(key, flow);
      netsimFlows.push(flow);
    }
  }

  const connections: ConnectionObservation[] = [];
  const toObservation = (
    base: {
      t: number;
      protocol: ConnectionObservation['protocol'];
      family: 4 | 6;
      dstIp: string;
      dstPort: number;
      srcPort: number;
    },
    f: NetsimFlow | undefined,
    seenBy: ConnectionObservation['seenBy'],
  ): ConnectionObservation => {
    const first = f?.first ?? Buffer.alloc(0);
    // DNS by content, never by port alone: a TCP flow netsim parsed as plain queries, or a UDP
    // flow whose datagrams netsim answered as plain queries.
    const query = dnsQueries.find(
      (q) =>
        q.transport === base.protocol &&
        q.srcPort === base.srcPort &&
        (q.dstIp === undefined || q.dstIp === base.dstIp) &&
        Math.abs(q.t - base.t) < JOIN_WINDOW_MS,
    );
    const isDns =
      base.protocol === 'tcp'
        ? f?.kind === 'dns'
        : base.protocol === 'udp' && !f && (!!query || (base.dstPort === 53 && unlogged(base.t)));
    const hostnames = [...(names.get(base.dstIp) ?? [])].slice(0, 8);
    return {
      ...attribute(base.t, timeline),
      ...base,
      hostnames,
      ...(hostnames.length === 0 && unlogged(base.t) && isFakeDnsAddress(base.dstIp)
        ? { nameUnlogged: true }
        : {}),
      ...(f?.claimedHost ? { claimedHost: f.claimedHost.slice(0, 255) } : {}),
      ...(f?.sni ? { sni: f.sni } : {}),
      ...(base.protocol === 'tcp' ? { streamKind: f?.kind ?? 'no-data' } : {}),
      bytesSent: f?.bytes ?? 0,
      payloadExcerpt: printableExcerpt(first),
      payloadHex: hexExcerpt(first),
      isDns,
      ...(isDns ? { toResolver: query?.toResolver ?? resolvers.has(base.dstIp) } : {}),
      seenBy,
    };
  };

  for (const p of packets) {
    if (p.protocol === 'tcp' && !((p.tcpFlags ?? 0) & TCP_SYN && !((p.tcpFlags ?? 0) & TCP_ACK)))
      continue;
    const proto = p.protocol === 'tcp' || p.protocol === 'udp' ? p.protocol : undefined;
    const match = proto
      ? netsimFlows.find(
          (f) =>
            !f.used &&
            f.proto === proto &&
            f.srcPort === p.srcPort &&
            f.dstIp === p.dst &&
            f.dstPort === p.dstPort &&
            Math.abs(f.t - p.ts) < JOIN_WINDOW_MS,
        )
      : undefined;
    if (match) match.used = true;
    // libpcap stamps NFLOG records when it reads them (batched), so netsim's accept time is
    // the better clock for a joined flow; a pcap-only flow keeps the capture's time.
    connections.push(
      toObservation(
        {
          t: match ? Math.min(match.t, p.ts) : p.ts,
          protocol: p.protocol,
          family: p.family,
          dstIp: p.dst,
          dstPort: p.dstPort,
          srcPort: p.srcPort,
        },
        match,
        match ? ['pcap', 'netsim'] : ['pcap'],
      ),
    );
  }
  // Flows netsim saw that the capture did not (a capture gap): still reported.
  for (const f of netsimFlows) {
    if (f.used) continue;
    connections.push(
      toObservation(
        {
          t: f.t,
          protocol: f.proto,
          family: f.family,
          dstIp: f.dstIp,
          dstPort: f.dstPort,
          srcPort: f.srcPort,
        },
        f,
        ['netsim'],
      ),
    );
  }
  connections.sort((a, b) => a.t - b.t);

  const flowDst = new Map(of('tcp-open').map((o) => [o.flow, o]));
  const http: HttpRequestObservation[] = of('http').map((h) => {
    const body = b64(h.body);
    const open = flowDst.get(h.flow);
    return {
      ...attribute(h.t, timeline),
      t: h.t,
      method: h.method,
      url: h.url,
      host: (h.headers['host'] ?? safeHost(h.url) ?? '').slice(0, 255),
      dstIp: open?.dstIp ?? '',
      dstPort: open?.dstPort ?? 0,
      tls: h.url.startsWith('https:'),
      headers: h.headers,
      bodyBytes: h.bodyBytes,
      bodyExcerpt: bodyExcerpt(body),
      bodyTruncated: h.truncated || body.length > 8192,
    };
  });
  const tlsFailures: TlsFailureObservation[] = of('tls-error').map((e) => ({
    ...attribute(e.t, timeline),
    t: e.t,
    dstIp: flowDst.get(e.flow)?.dstIp ?? '',
    dstPort: flowDst.get(e.flow)?.dstPort ?? 0,
    ...(e.sni ? { sni: e.sni } : {}),
    cause: e.cause,
  }));
  const smtp: SmtpMessageObservation[] = of('smtp').map((m) => {
    const open = flowDst.get(m.flow);
    const data = b64(m.data);
    const user = m.auth ? b64(m.auth).toString('utf8').split('\0')[1] : undefined;
    return {
      ...attribute(m.t, timeline),
      t: m.t,
      dstIp: open?.dstIp ?? '',
      dstPort: open?.dstPort ?? 0,
      tls: open?.dstPort === 465,
      mailFrom: m.mailFrom.slice(0, 320),
      rcptTo: m.rcptTo.slice(0, 100).map((r) => r.slice(0, 320)),
      ...(user ? { authUser: user.slice(0, 320) } : {}),
      bytes: m.bytes,
      dataExcerpt: bodyExcerpt(data).replace(/\r\n/g, '\n'),
      truncated: m.truncated || data.length > 8192,
      aborted: m.aborted ?? false,
    };
  });
  return { resolvers: [...resolvers], dns, connections, http, tlsFailures, smtp };
}

const STREAM_KINDS = new Set(['http', 'tls', 'raw', 'smtp', 'dns', 'no-data']);

function streamKindOf(kind: string | undefined): ConnectionObservation['streamKind'] {
  return kind && STREAM_KINDS.has(kind) ? (kind as ConnectionObservation['streamKind']) : undefined;
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}
