// The fake DNS: answers every name over UDP and TCP, logs every question. Binds 127.0.0.1 and
// ::1 only, the addresses REDIRECT delivers to (a wildcard UDP bind answers from the wrong
// address and conntrack cannot map the reply back). Class IN only: A and AAAA get fake
// addresses from the book; TXT, MX, NS, SOA and (only when asked for) CNAME get small plausible
// records derived from the name (`v=spf1 -all`, `10 mx1.<name>`, `ns1.<name>`, `edge.<name>`);
// every other type and class gets NOERROR with no answers. Never forwards anything.
// Junk on the DNS port is not invisible: an undecodable UDP datagram (or a response, or a query
// with no question) is logged as a `udp` event with dstPort 53 and its first bytes; an
// undecodable DNS-over-TCP message is logged as a `note` and the connection is closed.
import dgram from 'node:dgram';
import net from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { OriginalDst } from './conntrack.js';
import type { EventLog } from './event-log.js';
import { excerptB64 } from './events.js';
import type { FakeAddressBook } from './fake-address.js';

const MAX_QUESTIONS = 8;
const TTL = 60;
/** Largest DNS-over-TCP message buffered (two-byte length prefix allows 65535). */
const MAX_TCP_BUFFER = 70000;
const FIRST_BYTES = 4096;

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

/** Build the answer packet for a query and log its questions; undefined for junk. */
export function answerQuery(
  query: Buffer,
  book: FakeAddressBook,
  log: (name: string, qtype: string, answers: string[]) => void,
): Buffer | undefined {
  let packet: dnsPacket.DecodedPacket;
  try {
    packet = dnsPacket.decode(query);
  } catch {
    return undefined;
  }
  // A response (QR set) or a query with no question is not something a resolver sends.
  const questions = (packet.questions ?? []).slice(0, MAX_QUESTIONS);
  if (packet.type === 'response' || questions.length === 0) return undefined;
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
    return dnsPacket.encode({ ...reply, answers });
  } catch {
    // A name dns-packet decoded but cannot encode again: the bare NOERROR reply.
    try {
      return dnsPacket.encode(reply);
    } catch {
      return undefined;
    }
  }
}

type LookupDst = (proto: 'udp', clientPort: number, listenPort: number) => OriginalDst | undefined;

/** Start UDP and TCP DNS listeners on the loopback addresses. */
export async function startDns(
  port: number,
  book: FakeAddressBook,
  events: EventLog,
  originalDst: LookupDst = () => undefined,
) {
  const logFor =
    (transport: 'udp' | 'tcp', srcPort: number) =>
    (name: string, qtype: string, answers: string[]) =>
      events.write({ type: 'dns', t: Date.now(), transport, srcPort, name, qtype, answers });
  for (const [type, host, family] of [
    ['udp4', '127.0.0.1', 4],
    ['udp6', '::1', 6],
  ] as const) {
    const sock = dgram.createSocket(type);
    sock.on('message', (msg, rinfo) => {
      const reply = answerQuery(msg, book, logFor('udp', rinfo.port));
      if (reply) {
        sock.send(reply, rinfo.port, rinfo.address);
        return;
      }
      const dst = originalDst('udp', rinfo.port, port);
      events.write({
        type: 'udp',
        t: Date.now(),
        family: dst?.family ?? family,
        srcPort: rinfo.port,
        dstIp: dst?.dstIp ?? '',
        dstPort: dst?.dstPort ?? 53,
        bytes: msg.length,
        first: excerptB64(msg, FIRST_BYTES),
      });
    });
    sock.on('error', (e) => process.stderr.write(`netsim dns ${type}: ${String(e)}\n`));
    await new Promise<void>((resolve) => sock.bind(port, host, resolve));
  }
  const tcp = net.createServer((conn) => {
    let buf = Buffer.alloc(0);
    conn.setTimeout(10000, () => conn.destroy());
    conn.on('error', () => undefined);
    conn.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]).subarray(0, MAX_TCP_BUFFER);
      while (buf.length >= 2) {
        const len = buf.readUInt16BE(0);
        if (buf.length < 2 + len) break;
        const message = buf.subarray(2, 2 + len);
        const reply = answerQuery(message, book, logFor('tcp', conn.remotePort ?? 0));
        buf = buf.subarray(2 + len);
        if (!reply) {
          events.write({
            type: 'note',
            t: Date.now(),
            message: `undecodable DNS-over-TCP message (${len} bytes) from port ${conn.remotePort ?? 0}: ${excerptB64(message, 256)}`,
          });
          return conn.destroy();
        }
        const head = Buffer.alloc(2);
        head.writeUInt16BE(reply.length);
        conn.write(Buffer.concat([head, reply]));
      }
    });
  });
  await new Promise<void>((resolve) => tcp.listen({ port, host: '::', ipv6Only: false }, resolve));
}
