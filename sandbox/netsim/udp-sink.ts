// The catch-all UDP listener: records every datagram's original destination (conntrack) and
// first bytes. Never answers (a real peer's silence is the commonest answer to UDP). Binds the
// loopback addresses, where REDIRECT delivers.
import dgram from 'node:dgram';
import type { NetsimConfig } from './config.js';
import type { OriginalDst } from './conntrack.js';
import type { EventLog } from './event-log.js';
import { udpEvent } from './events.js';

export async function startUdpSink(
  config: NetsimConfig,
  events: EventLog,
  originalDst: (
    proto: 'udp',
    clientPort: number,
    listenPort: number,
  ) => Promise<OriginalDst | undefined>,
): Promise<void> {
  for (const [type, host, family] of [
    ['udp4', '127.0.0.1', 4],
    ['udp6', '::1', 6],
  ] as const) {
    const sock = dgram.createSocket(type);
    // A large receive buffer: a burst of datagrams waits for us instead of being dropped.
    sock.on('listening', () => {
      try {
        sock.setRecvBufferSize(8 * 1024 * 1024);
      } catch {
        // the kernel's limit applies
      }
    });
    sock.on('message', async (msg, rinfo) => {
      const t = Date.now();
      const dst = await originalDst('udp', rinfo.port, config.udpPort).catch(() => undefined);
      events.write(udpEvent(t, family, rinfo.port, dst, 0, msg, config.limits.datagramBytes));
    });
    sock.on('error', (e) => process.stderr.write(`netsim udp ${type}: ${String(e)}\n`));
    await new Promise<void>((resolve) => sock.bind(config.udpPort, host, resolve));
  }
}
