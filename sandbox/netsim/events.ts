// The records netsim writes, one JSON object per line. The host parses them back (bounded and
// validated) in src/observe/netsim-events.ts; keep the two in step.

export type NetsimEvent =
  /** netsim is serving; `addressKey` lets the host check fake addresses (never shown). */
  | { type: 'ready'; t: number; addressKey?: string }
  | { type: 'note'; t: number; message: string }
  /** The nameservers of the pod's resolv.conf (what the package is configured to ask). */
  | { type: 'resolvers'; t: number; servers: string[] }
  /** A recorder reached one of its limits: what it saw before stays, what came after is lost. */
  | { type: 'cap'; t: number; cap: string; limit: number; detail?: string }
  | {
      /** One question of a plain DNS query (see dns-server.ts notAQuery). */
      type: 'dns';
      t: number;
      transport: 'udp' | 'tcp';
      srcPort: number;
      /** Whether it was sent to a configured resolver (the port it was redirected to). */
      toResolver?: boolean;
      /** Where the query was sent (conntrack), when known. */
      dstIp?: string;
      dstPort?: number;
      name: string;
      qtype: string;
      answers: string[];
      /** Base64 of the whole query message (bounded), for the canary matcher. */
      raw?: string;
    }
  | {
      type: 'tcp-open';
      t: number;
      flow: number;
      family: 4 | 6;
      srcPort: number;
      dstIp: string;
      dstPort: number;
    }
  | {
      type: 'tcp-data';
      t: number;
      flow: number;
      kind: 'http' | 'tls' | 'raw' | 'dns';
      first: string;
    }
  | {
      type: 'tcp-close';
      t: number;
      flow: number;
      /** Bytes the client sent on the stream. */
      bytes: number;
      /** 'http' | 'tls' | 'raw' | 'no-data' as classified, 'smtp' for the plain mail ports, or
       * 'dns' for a DNS-over-TCP connection that carried only plain queries. */
      kind: string;
      /**
       * Base64 of the first limits.captureBytes (64 KiB) the client sent, for 'raw' and 'smtp'
       * streams only (HTTP and TLS content is recorded by the interceptor). Absent while the
       * stream is open: a stream still open when the log is read has only its tcp-data excerpt.
       */
      captured?: string;
    }
  | {
      type: 'udp';
      t: number;
      family: 4 | 6;
      srcPort: number;
      dstIp: string;
      dstPort: number;
      bytes: number;
      first: string;
    }
  | {
      type: 'http';
      t: number;
      flow: number;
      method: string;
      url: string;
      headers: Record<string, string>;
      bodyBytes: number;
      body: string;
      truncated: boolean;
    }
  | { type: 'tls-error'; t: number; flow: number; sni: string; cause: string }
  /** One WebSocket message from the client (the upgrade request is an `http` event). */
  | { type: 'ws'; t: number; flow: number; bytes: number; data: string }
  | {
      /** One message handed to the fake mail server (ports 25, 587, 2525; 465 over TLS). */
      type: 'smtp';
      t: number;
      flow: number;
      mailFrom: string;
      rcptTo: string[];
      /** Base64 of the SASL PLAIN form `authzid\0user\0pass` (AUTH LOGIN recast into it). */
      auth?: string;
      /** Base64 of the message (dot-stuffing removed), at most limits.httpBody bytes. */
      data: string;
      /** Size of the whole message body. */
      bytes: number;
      truncated: boolean;
      /** Set when the session ended before the message was accepted (or it was refused). */
      aborted?: boolean;
    };

/** Base64 of at most `limit` bytes of `buf`: how payloads travel in the log. */
export function excerptB64(buf: Buffer, limit: number): string {
  return buf.subarray(0, Math.max(0, limit)).toString('base64');
}

/** A datagram's event, from its original destination (undefined: conntrack had no entry). */
export function udpEvent(
  t: number,
  listenerFamily: 4 | 6,
  srcPort: number,
  dst: { family: 4 | 6; dstIp: string; dstPort: number } | undefined,
  fallbackPort: number,
  msg: Buffer,
  firstBytes: number,
): NetsimEvent {
  return {
    type: 'udp',
    t,
    family: dst?.family ?? listenerFamily,
    srcPort,
    dstIp: dst?.dstIp ?? '',
    dstPort: dst?.dstPort ?? fallbackPort,
    bytes: msg.length,
    first: excerptB64(msg, firstBytes),
  };
}
