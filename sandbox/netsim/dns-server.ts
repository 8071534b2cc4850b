// The fake DNS: answers every name over UDP and TCP, logs every question. Binds 127.0.0.1 and
// ::1 only, the addresses REDIRECT delivers to (a wildcard UDP bind answers from the wrong
// address and conntrack cannot map the reply back). A, AAAA get fake addresses; other types get
// an empty NOERROR answer. Never forwards anything.
import dgram from 'node:dgram';
import net from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { EventLog } from './event-log.js';
import type { FakeAddressBook } from './fake-address.js';

const MAX_QUESTIONS = 8;

/** Build the answer packet for a query and log its questions; undefined for junk. */
export function answerQuery(
  query: Buffer,
  book: FakeAddressBook,
  log: (name: string, qtype: string, answers: string[]) => void,
): Buffer | undefined {
  let packet: dnsPacket.Packet;
  try {
    packet = dnsPacket.decode(query);
  } catch {
    return undefined;
  }
  const questions = (packet.questions ?? []).slice(0, MAX_QUESTIONS);
  const answers: dnsPacket.Answer[] = [];
  for (const q of questions) {
    const name = String(q.name).slice(0, 255);
    const ips: string[] = [];
    if (q.type === 'A') ips.push(book.ipv4(name));
    if (q.type === 'AAAA') ips.push(book.ipv6(name));
    for (const ip of ips) {
      answers.push({ type: q.type as 'A', name, ttl: 60, class: 'IN', data: ip });
    }
    log(name, String(q.type), ips);
  }
  return dnsPacket.encode({
    type: 'response',
    id: packet.id ?? 0,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
    questions,
    answers,
  });
}

/** Start UDP and TCP DNS listeners on the loopback addresses. */
export async function startDns(port: number, book: FakeAddressBook, events: EventLog) {
  const logFor =
    (transport: 'udp' | 'tcp', srcPort: number) =>
    (name: string, qtype: string, answers: string[]) =>
      events.write({ type: 'dns', t: Date.now(), transport, srcPort, name, qtype, answers });
  for (const [type, host] of [
    ['udp4', '127.0.0.1'],
    ['udp6', '::1'],
  ] as const) {
    const sock = dgram.createSocket(type);
    sock.on('message', (msg, rinfo) => {
      const reply = answerQuery(msg, book, logFor('udp', rinfo.port));
      if (reply) sock.send(reply, rinfo.port, rinfo.address);
    });
    sock.on('error', (e) => process.stderr.write(`netsim dns ${type}: ${String(e)}\n`));
    await new Promise<void>((resolve) => sock.bind(port, host, resolve));
  }
  const tcp = net.createServer((conn) => {
    let buf = Buffer.alloc(0);
    conn.setTimeout(10000, () => conn.destroy());
    conn.on('error', () => undefined);
    conn.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]).subarray(0, 70000);
      while (buf.length >= 2) {
        const len = buf.readUInt16BE(0);
        if (buf.length < 2 + len) break;
        const reply = answerQuery(
          buf.subarray(2, 2 + len),
          book,
          logFor('tcp', conn.remotePort ?? 0),
        );
        buf = buf.subarray(2 + len);
        if (!reply) return conn.destroy();
        const head = Buffer.alloc(2);
        head.writeUInt16BE(reply.length);
        conn.write(Buffer.concat([head, reply]));
      }
    });
  });
  await new Promise<void>((resolve) => tcp.listen({ port, host: '::', ipv6Only: false }, resolve));
}
