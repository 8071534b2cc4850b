// The catch-all TCP listener. Every redirected connection lands here; it records the original
// destination (conntrack), waits briefly for the client's first bytes, then either pipes the
// stream to the loopback HTTP/TLS interceptor or keeps it as a raw sink. The interceptor only
// sees a loopback peer, so the demux remembers which local port carries which flow.
import net from 'node:net';
import { classifyFirstBytes } from './classify.js';
import type { NetsimConfig } from './config.js';
import type { OriginalDst } from './conntrack.js';
import type { EventLog } from './event-log.js';
import { excerptB64 } from './events.js';

export interface FlowRegistry {
  /** Flow id of the interceptor-side connection whose client port is `port`. */
  flowForLoopbackPort(port: number): number | undefined;
}

export function startTcpDemux(
  config: NetsimConfig,
  events: EventLog,
  originalDst: (proto: 'tcp', clientPort: number, listenPort: number) => OriginalDst | undefined,
): Promise<FlowRegistry> {
  const loopbackFlows = new Map<number, number>();
  const limits = config.limits;
  let nextFlow = 1;

  const server = net.createServer({ pauseOnConnect: false }, (client) => {
    const flow = nextFlow++;
    const srcPort = client.remotePort ?? 0;
    const dst = originalDst('tcp', srcPort, config.tcpPort);
    const family =
      dst?.family ??
      (client.remoteFamily === 'IPv6' && !client.remoteAddress?.startsWith('::ffff:') ? 6 : 4);
    events.write({
      type: 'tcp-open',
      t: Date.now(),
      flow,
      family,
      srcPort,
      dstIp: dst?.dstIp ?? '',
      dstPort: dst?.dstPort ?? 0,
    });
    let bytes = 0;
    let kind: 'http' | 'tls' | 'raw' | 'no-data' = 'no-data';
    let first = Buffer.alloc(0);
    let upstream: net.Socket | undefined;
    const close = () => {
      if (!client.destroyed) client.destroy();
      upstream?.destroy();
    };
    client.on('error', () => undefined);
    client.setTimeout(limits.idleMs, close);
    const peek = setTimeout(() => {
      if (kind === 'no-data') kind = 'raw';
    }, limits.peekMs);
    client.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (first.length < limits.firstBytes) {
        first = Buffer.concat([first, chunk.subarray(0, limits.firstBytes - first.length)]);
      }
      if (kind === 'no-data') {
        clearTimeout(peek);
        kind = classifyFirstBytes(chunk);
        events.write({
          type: 'tcp-data',
          t: Date.now(),
          flow,
          kind,
          first: excerptB64(chunk, limits.firstBytes),
        });
        if (kind !== 'raw') upstream = openUpstream(chunk);
        return;
      }
      if (upstream) {
        if (bytes > limits.streamBytes) return close();
        upstream.write(chunk);
      }
    });
    client.on('close', () => {
      clearTimeout(peek);
      upstream?.destroy();
      events.write({ type: 'tcp-close', t: Date.now(), flow, bytes, kind });
    });

    // Pipe the client to the interceptor on loopback, recording which local port is this flow.
    function openUpstream(firstChunk: Buffer): net.Socket {
      client.pause();
      const up = net.connect({ host: '127.0.0.1', port: config.httpPort }, () => {
        if (up.localPort !== undefined) loopbackFlows.set(up.localPort, flow);
        up.write(firstChunk);
        client.resume();
      });
      up.on('data', (d: Buffer) => client.write(d));
      up.on('close', () => {
        if (up.localPort !== undefined)
          setTimeout(() => loopbackFlows.delete(up.localPort ?? 0), 60000);
        client.end();
      });
      up.on('error', () => client.destroy());
      return up;
    }
  });
  server.on('error', (e) => process.stderr.write(`netsim tcp: ${String(e)}\n`));
  return new Promise((resolve) => {
    server.listen({ port: config.tcpPort, host: '::', ipv6Only: false, backlog: 1024 }, () =>
      resolve({ flowForLoopbackPort: (port) => loopbackFlows.get(port) }),
    );
  });
}
