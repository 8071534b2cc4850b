// The catch-all TCP listener. Every redirected connection lands here; it records the original
// destination (conntrack), then:
// - original port 25, 587 or 2525: speaks SMTP at once (smtp-server.ts), without waiting;
// - otherwise waits briefly for the client's first bytes and pipes HTTP and TLS to the loopback
//   interceptor (TLS to original port 465 goes to the loopback SMTPS server instead), or keeps
//   the stream as a raw sink. A first chunk arriving after peekMs stays raw.
// The first chunk is logged at once (tcp-data); raw and plain SMTP streams also keep their first
// limits.captureBytes, logged with tcp-close as `captured` (so a stream still open when the log
// is read has only its tcp-data excerpt). Captures held at once are bounded by CAPTURE_BUDGET;
// past it a flow's capture stops early. The loopback servers only see a loopback peer, so the
// demux remembers which local port carries which flow.
import net from 'node:net';
import { classifyFirstBytes } from './classify.js';
import type { NetsimConfig } from './config.js';
import type { OriginalDst } from './conntrack.js';
import type { EventLog } from './event-log.js';
import { excerptB64 } from './events.js';
import type { FlowIds } from './flow-ids.js';
import { attachSmtp, SMTP_PORTS, SMTPS_PORT, type SmtpConnection } from './smtp-server.js';

/** Total bytes of raw-stream capture held in memory across open flows. */
const CAPTURE_BUDGET = 64 * 1024 * 1024;
/** Total bytes forwarded to the loopback servers by open flows (mockttp buffers bodies): many
 * slow connections cannot make the gateway run out of memory. */
const FORWARD_BUDGET = 192 * 1024 * 1024;

export interface FlowRegistry {
  /** Flow id of the loopback-side connection whose client port is `port`. */
  flowForLoopbackPort(port: number): number | undefined;
}

type Kind = 'http' | 'tls' | 'raw' | 'no-data' | 'smtp';

export function startTcpDemux(
  config: NetsimConfig,
  events: EventLog,
  originalDst: (
    proto: 'tcp',
    clientPort: number,
    listenPort: number,
  ) => Promise<OriginalDst | undefined>,
  flowIds: FlowIds,
  /** Resolves once the loopback servers (interceptor, SMTPS) listen: they load after netsim is
   * ready (main.ts), and a flow handed to them before waits, paused, with nothing lost. */
  upstreamsReady: Promise<void> = Promise.resolve(),
): Promise<FlowRegistry> {
  const loopbackFlows = new Map<number, number>();
  const limits = config.limits;
  let captureHeld = 0;
  let forwardedHeld = 0;

  // Paused until the original destination is known (it decides SMTP), then served.
  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    client.on('error', () => undefined);
    const srcPort = client.remotePort ?? 0;
    void originalDst('tcp', srcPort, config.tcpPort)
      .catch(() => undefined)
      .then((dst) => serve(client, srcPort, dst));
  });

  function serve(client: net.Socket, srcPort: number, dst: OriginalDst | undefined): void {
    const flow = flowIds.next();
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
    let sawData = false;
    let kind: Kind = 'no-data';
    const captured: Buffer[] = [];
    let capturedBytes = 0;
    let forwarded = 0;
    let upstream: net.Socket | undefined;
    let smtp: SmtpConnection | undefined;
    const close = () => {
      if (!client.destroyed) client.destroy();
      upstream?.destroy();
    };
    client.setTimeout(limits.idleMs, close);
    let peek: NodeJS.Timeout | undefined;
    if (dst && SMTP_PORTS.has(dst.dstPort)) {
      kind = 'smtp';
      smtp = attachSmtp(
        { write: (text) => client.write(text), end: () => client.end() },
        flow,
        config,
        events,
      );
    } else {
      peek = setTimeout(() => {
        if (kind === 'no-data') kind = 'raw';
      }, limits.peekMs);
    }

    // Keep the start of a raw or plain SMTP stream, within the flow's and the global bound.
    const capture = (chunk: Buffer) => {
      if (kind !== 'raw' && kind !== 'smtp') return;
      const room = Math.min(limits.captureBytes - capturedBytes, CAPTURE_BUDGET - captureHeld);
      if (room < chunk.length) {
        const where = `flow ${flow} to ${dst?.dstIp ?? '?'}:${dst?.dstPort ?? 0}`;
        if (CAPTURE_BUDGET - captureHeld < chunk.length)
          events.cap('tcp-capture-total', CAPTURE_BUDGET, where);
        else events.cap('tcp-capture-per-flow', limits.captureBytes, where);
      }
      if (room <= 0) return;
      const piece = Buffer.from(chunk.subarray(0, room));
      captured.push(piece);
      capturedBytes += piece.length;
      captureHeld += piece.length;
    };

    client.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (!sawData) {
        sawData = true;
        clearTimeout(peek);
        // After the peek the stream stays raw, whatever it looks like.
        const firstKind = kind === 'raw' ? 'raw' : classifyFirstBytes(chunk);
        if (kind === 'no-data') kind = firstKind;
        events.write({
          type: 'tcp-data',
          t: Date.now(),
          flow,
          kind: firstKind,
          first: excerptB64(chunk, limits.firstBytes),
        });
        if (kind === 'tls' || kind === 'http') {
          const port =
            kind === 'tls' && dst?.dstPort === SMTPS_PORT ? config.smtpsPort : config.httpPort;
          upstream = openUpstream(chunk, port);
          return;
        }
      }
      capture(chunk);
      if (upstream || smtp) {
        forwarded += chunk.length;
        forwardedHeld += chunk.length;
      }
      if ((smtp || upstream) && forwardedHeld > FORWARD_BUDGET) {
        events.cap('tcp-forward-total', FORWARD_BUDGET, `flow ${flow}`);
        return close();
      }
      if ((smtp || upstream) && bytes > limits.streamBytes) {
        events.cap(
          'tcp-stream-bytes',
          limits.streamBytes,
          `flow ${flow} to ${dst?.dstIp ?? '?'}:${dst?.dstPort ?? 0}`,
        );
        return close();
      }
      if (smtp) smtp.feed(chunk);
      else if (upstream) upstream.write(chunk);
    });
    client.on('close', () => {
      clearTimeout(peek);
      upstream?.destroy();
      smtp?.end();
      captureHeld -= capturedBytes;
      forwardedHeld -= forwarded;
      events.write({
        type: 'tcp-close',
        t: Date.now(),
        flow,
        bytes,
        kind,
        ...(capturedBytes > 0 ? { captured: Buffer.concat(captured).toString('base64') } : {}),
      });
    });

    // Pipe the client to a loopback server, recording which local port is this flow.
    function openUpstream(firstChunk: Buffer, port: number): net.Socket {
      client.pause();
      // Not connected until the loopback servers listen; what the client sends meanwhile is
      // written to it in order once it is.
      const up = new net.Socket();
      void upstreamsReady.then(() => {
        if (client.destroyed || up.destroyed) return up.destroy();
        up.connect({ host: '127.0.0.1', port }, () => {
          if (up.localPort !== undefined) loopbackFlows.set(up.localPort, flow);
          up.write(firstChunk);
          client.resume();
        });
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
    client.resume();
  }
  server.on('error', (e) => process.stderr.write(`netsim tcp: ${String(e)}\n`));
  return new Promise((resolve) => {
    server.listen({ port: config.tcpPort, host: '::', ipv6Only: false, backlog: 1024 }, () =>
      resolve({ flowForLoopbackPort: (port) => loopbackFlows.get(port) }),
    );
  });
}
