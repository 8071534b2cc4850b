// The fake DNS: answers every name over UDP and TCP, logs every question. Binds 127.0.0.1 and
// ::1 only, the addresses REDIRECT delivers to (a wildcard UDP bind answers from the wrong
// address and conntrack cannot map the reply back). Class IN only: A and AAAA get fake
// addresses from the book; TXT, MX, NS, SOA and (only when asked for) CNAME get small plausible
// records derived from the name (`v=spf1 -all`, `10 mx1.<name>`, `ns1.<name>`, `edge.<name>`);
// every other type and class gets NOERROR with no answers. Never forwards anything.
// Only a plain query is DNS here (see notAQuery): one to eight questions, no answer or authority
// records, nothing but EDNS in the additional section, no bytes after the message. Anything else
// on port 53 is not DNS and is recorded like any other traffic: a UDP datagram as a `udp` event
// with its bytes, a TCP connection as a flow (tcp-open, tcp-data, tcp-close with the captured
// bytes), so the rules judge it and the canary matcher reads it. Every query is logged with its
// original destination (conntrack), so DNS sent past the configured resolver is seen, and with
// its bytes, so data hidden outside the question name is matched too.
import dgram from 'node:dgram';
import net from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { OriginalDst } from './conntrack.js';
import type { EventLog } from './event-log.js';
import { excerptB64, udpEvent } from './events.js';
import type { FakeAddressBook } from './fake-address.js';
import type { FlowIds } from './flow-ids.js';

const MAX_QUESTIONS = 8;
const TTL = 60;
/** Largest DNS-over-TCP message buffered (two-byte length prefix allows 65535). */
const MAX_TCP_BUFFER = 70000;
const FIRST_BYTES = 4096;
/** The longest unfinished query a DNS-over-TCP connection may end with and still be DNS. */
const MAX_TAIL = 512;

/** `prefix.name`, or undefined when the result would not be a valid DNS name. */
function derived(prefix: string, name: string): string | undefined {
  const full = name ? `${prefix}.${name.replace(/\.$/, '')}` : prefix;
  const labels = full.split('.');
  if (Buffer.byteLength(full) > 253) return undefined;
  if (labels.some((l) => l.length === 0 || Buffer.byteLength(l) > 63)) return undefined;
  return full;
}

/** The answers (and their text, for the log) for one question. */
function answersFor(
  q: dnsPacket.Question,
  name: string,
  book: FakeAddressBook,
): { answers: dnsPacket.Answer[]; text: string[] } {
  if (q.class !== undefined && q.class !== 'IN') return { answers: [], text: [] };
  const base = { name, ttl: TTL, class: 'IN' as const };
  switch (q.type) {
    case 'A': {
      const ip = book.ipv4(name);
      return { answers: [{ ...base, type: 'A', data: ip }], text: [ip] };
    }
    case 'AAAA': {
      const ip = book.ipv6(name);
      return { answers: [{ ...base, type: 'AAAA', data: ip }], text: [ip] };
    }
    case 'TXT': {
      const txt = 'v=spf1 -all';
      return { answers: [{ ...base, type: 'TXT', data: [txt] }], text: [txt] };
    }
    case 'MX': {
      const exchange = derived('mx1', name);
      if (!exchange) return { answers: [], text: [] };
      return {
        answers: [{ ...base, type: 'MX', data: { preference: 10, exchange } }],
        text: [`10 ${exchange}`],
      };
    }
    case 'CNAME': {
      const target = derived('edge', name);
      if (!target) return { answers: [], text: [] };
      return { answers: [{ ...base, type: 'CNAME', data: target }], text: [target] };
    }
    case 'NS': {
      const ns = [derived('ns1', name), derived('ns2', name)].filter(
        (n): n is string => n !== undefined,
      );
      return { answers: ns.map((data) => ({ ...base, type: 'NS', data })), text: ns };
    }
    case 'SOA': {
      const mname = derived('ns1', name);
      const rname = derived('hostmaster', name);
      if (!mname || !rname) return { answers: [], text: [] };
      const data = {
        mname,
        rname,
        serial: 2024010101,
        refresh: 3600,
        retry: 600,
        expire: 604800,
        minimum: TTL,
      };
      return { answers: [{ ...base, type: 'SOA', data }], text: [`${mname} ${rname}`] };
    }
    default:
      return { answers: [], text: [] };
  }
}

/** Why a decoded message is not a plain DNS query (undefined when it is one). */
export function notAQuery(
  packet: dnsPacket.DecodedPacket,
  size: number,
  used: number,
): string | undefined {
  if (packet.type === 'response') return 'a response, not a query';
  const opcode = (packet as { opcode?: string }).opcode ?? 'QUERY';
  if (opcode !== 'QUERY') return `opcode ${opcode}`;
  const questions = packet.questions ?? [];
  if (questions.length === 0) return 'no question';
  if (questions.length > MAX_QUESTIONS) return `${questions.length} questions`;
  if ((packet.answers ?? []).length > 0) return 'answer records in a query';
  if ((packet.authorities ?? []).length > 0) return 'authority records in a query';
  if ((packet.additionals ?? []).some((r) => r.type !== 'OPT')) return 'additional records';
  if ((packet.additionals ?? []).length > 1) return 'more than one OPT record';
  if (used < size) return `${size - used} bytes after the message`;
  return undefined;
}

export type QueryVerdict = { ok: true; reply: Buffer | undefined } | { ok: false; reason: string };

/** Judge one message and, for a plain query, build the answer and log its questions. */
export function judgeQuery(
  query: Buffer,
  book: FakeAddressBook,
  log: (name: string, qtype: string, answers: string[]) => void,
): QueryVerdict {
  let packet: dnsPacket.DecodedPacket;
  let used: number;
  try {
    packet = dnsPacket.decode(query);
    used = (dnsPacket.decode as unknown as { bytes: number }).bytes;
  } catch {
    return { ok: false, reason: 'not a DNS message' };
  }
  const reason = notAQuery(packet, query.length, used);
  if (reason) return { ok: false, reason };
  const questions = packet.questions ?? [];
  const answers: dnsPacket.Answer[] = [];
  for (const q of questions) {
    const name = String(q.name).slice(0, 255);
    const r = answersFor(q, name, book);
    answers.push(...r.answers);
    log(name, String(q.type), r.text);
  }
  const reply = {
    type: 'response' as const,
    id: packet.id ?? 0,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
    questions,
  };
  try {
    return { ok: true, reply: dnsPacket.encode({ ...reply, answers }) };
  } catch {
    // A name dns-packet decoded but cannot encode again: the bare NOERROR reply.
    try {
      return { ok: true, reply: dnsPacket.encode(reply) };
    } catch {
      return { ok: true, reply: undefined };
    }
  }
}

/** The answer to a plain query (undefined for anything else); logs its questions. */
export function answerQuery(
  query: Buffer,
  book: FakeAddressBook,
  log: (name: string, qtype: string, answers: string[]) => void,
): Buffer | undefined {
  const v = judgeQuery(query, book, log);
  return v.ok ? v.reply : undefined;
}

type LookupDst = (
  proto: 'udp' | 'tcp',
  clientPort: number,
  listenPort: number,
) => Promise<OriginalDst | undefined>;

type QueryEvent = (
  transport: 'udp' | 'tcp',
  srcPort: number,
  dst: OriginalDst | undefined,
  raw: Buffer,
  t?: number,
) => (name: string, qtype: string, answers: string[]) => void;

export interface DnsServerDeps {
  book: FakeAddressBook;
  events: EventLog;
  flows: FlowIds;
  originalDst: LookupDst;
  /** Bytes of a non-DNS TCP stream kept (for the canary matcher). */
  captureBytes: number;
  /** Whether this listener gets DNS sent to a configured resolver (the gateway's rules split
   * resolver-bound DNS from the rest by port). */
  toResolver: boolean;
}

/** Start UDP and TCP DNS listeners on the loopback addresses. */
export async function startDns(port: number, deps: DnsServerDeps) {
  const { book, events } = deps;
  const queryEvent: QueryEvent =
    (transport, srcPort, dst, raw, t = Date.now()) =>
    (name, qtype, answers) =>
      events.write({
        type: 'dns',
        t,
        transport,
        srcPort,
        toResolver: deps.toResolver,
        ...(dst ? { dstIp: dst.dstIp, dstPort: dst.dstPort } : {}),
        name,
        qtype,
        answers,
        raw: excerptB64(raw, FIRST_BYTES),
      });
  for (const [type, host, family] of [
    ['udp4', '127.0.0.1', 4],
    ['udp6', '::1', 6],
  ] as const) {
    const sock = dgram.createSocket(type);
    sock.on('message', (msg, rinfo) => {
      const t = Date.now();
      // A plain query is answered and logged at once (where it went is the capture's to say,
      // joined by client port); only what is not DNS waits for conntrack's original address.
      const v = judgeQuery(msg, book, queryEvent('udp', rinfo.port, undefined, msg, t));
      if (v.ok) {
        if (v.reply) sock.send(v.reply, rinfo.port, rinfo.address);
        return;
      }
      void deps
        .originalDst('udp', rinfo.port, port)
        .catch(() => undefined)
        .then((dst) => {
          events.write(udpEvent(t, family, rinfo.port, dst, 53, msg, FIRST_BYTES));
        });
    });
    sock.on('error', (e) => process.stderr.write(`netsim dns ${type}: ${String(e)}\n`));
    await new Promise<void>((resolve) => sock.bind(port, host, resolve));
  }
  const tcp = net.createServer({ pauseOnConnect: true }, (conn) => {
    conn.on('error', () => undefined);
    const srcPort = conn.remotePort ?? 0;
    void deps
      .originalDst('tcp', srcPort, port)
      .catch(() => undefined)
      .then((dst) => serveTcp(conn, srcPort, dst, deps, queryEvent));
  });
  await new Promise<void>((resolve) => tcp.listen({ port, host: '::', ipv6Only: false }, resolve));
}

/** One DNS-over-TCP connection, recorded as a flow: `dns` while every message is a plain
 * query, `raw` (with its bytes captured) from the first one that is not. */
function serveTcp(
  conn: net.Socket,
  srcPort: number,
  dst: OriginalDst | undefined,
  deps: DnsServerDeps,
  queryEvent: QueryEvent,
): void {
  const { events } = deps;
  const flow = deps.flows.next();
  events.write({
    type: 'tcp-open',
    t: Date.now(),
    flow,
    family: dst?.family ?? (conn.remoteFamily === 'IPv6' ? 6 : 4),
    srcPort,
    dstIp: dst?.dstIp ?? '',
    dstPort: dst?.dstPort ?? 53,
  });
  let buf = Buffer.alloc(0);
  let answeredOne = false;
  let kind: 'dns' | 'raw' | 'no-data' = 'no-data';
  let bytes = 0;
  const captured: Buffer[] = [];
  let capturedBytes = 0;
  const capture = (chunk: Buffer) => {
    const room = deps.captureBytes - capturedBytes;
    if (room <= 0) return;
    const piece = Buffer.from(chunk.subarray(0, room));
    captured.push(piece);
    capturedBytes += piece.length;
  };
  conn.setTimeout(10000, () => conn.destroy());
  conn.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    capture(chunk);
    if (kind === 'raw') return;
    if (kind === 'no-data') {
      events.write({
        type: 'tcp-data',
        t: Date.now(),
        flow,
        kind: 'dns',
        first: excerptB64(chunk, FIRST_BYTES),
      });
      kind = 'dns';
    }
    buf = Buffer.concat([buf, chunk]);
    if (buf.length > MAX_TCP_BUFFER) kind = 'raw';
    while (kind === 'dns' && buf.length >= 2) {
      const len = buf.readUInt16BE(0);
      if (buf.length < 2 + len) break;
      const message = buf.subarray(2, 2 + len);
      const v = judgeQuery(message, deps.book, queryEvent('tcp', srcPort, dst, message));
      buf = buf.subarray(2 + len);
      if (!v.ok) {
        kind = 'raw';
        break;
      }
      answeredOne = true;
      if (v.reply) {
        const head = Buffer.alloc(2);
        head.writeUInt16BE(v.reply.length);
        conn.write(Buffer.concat([head, v.reply]));
      }
    }
    // Not DNS: keep listening (and capturing) like the raw sink, answer nothing.
    if (kind === 'raw') buf = Buffer.alloc(0);
  });
  conn.on('close', () => {
    // A connection cut mid-query (a client that closes early, a reset) leaves a short tail after
    // whole queries: still DNS, the tail goes to the canary matcher. A long tail, one that
    // announces a long message, or one with no whole query before it is data dressed as DNS.
    const unfinished = buf.length >= 2 ? buf.readUInt16BE(0) : 0;
    const final =
      kind === 'dns' && (buf.length > MAX_TAIL || unfinished > MAX_TAIL || !answeredOne)
        ? buf.length > 0
          ? 'raw'
          : kind
        : kind;
    const tail = final === 'dns' && buf.length > 0 ? buf.toString('base64') : undefined;
    events.write({
      type: 'tcp-close',
      t: Date.now(),
      flow,
      bytes,
      kind: final,
      ...(final === 'raw' && capturedBytes > 0
        ? { captured: Buffer.concat(captured).toString('base64') }
        : tail
          ? { captured: tail }
          : {}),
    });
  });
  conn.resume();
}
