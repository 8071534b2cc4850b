// The records netsim writes, one JSON object per line. The host parses them back (bounded and
// validated) in src/observe/netsim-events.ts; keep the two in step.

export type NetsimEvent =
  | { type: 'ready'; t: number }
  | { type: 'note'; t: number; message: string }
  | {
      type: 'dns';
      t: number;
      transport: 'udp' | 'tcp';
      srcPort: number;
      name: string;
      qtype: string;
      answers: string[];
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
  | { type: 'tcp-data'; t: number; flow: number; kind: 'http' | 'tls' | 'raw'; first: string }
  | { type: 'tcp-close'; t: number; flow: number; bytes: number; kind: string }
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
  | { type: 'tls-error'; t: number; flow: number; sni: string; cause: string };

/** Base64 of at most `limit` bytes of `buf`: how payloads travel in the log. */
export function excerptB64(buf: Buffer, limit: number): string {
  return buf.subarray(0, Math.max(0, limit)).toString('base64');
}
