// netsim's entry point, run inside the gateway container after gateway-init.sh has set up the
// namespace: starts the fake DNS, the TCP demux, the UDP sink and the interceptor, then prints
// the ready line the host waits for. It never opens a connection off the namespace.
import { readFileSync } from 'node:fs';
import { DEFAULT_NETSIM_CONFIG, type NetsimConfig } from './config.js';
import { findOriginalDst, type OriginalDst } from './conntrack.js';
import { startDns } from './dns-server.js';
import { openEventLog } from './event-log.js';
import { FakeAddressBook } from './fake-address.js';
import { startInterceptor } from './http-intercept.js';
import { startTcpDemux } from './tcp-demux.js';
import { startUdpSink } from './udp-sink.js';

const CONNTRACK = '/proc/net/nf_conntrack';

function loadConfig(): NetsimConfig {
  const path = process.env['NETSIM_CONFIG'] ?? '/run/airlock/netsim.json';
  try {
    return {
      ...DEFAULT_NETSIM_CONFIG,
      ...(JSON.parse(readFileSync(path, 'utf8')) as Partial<NetsimConfig>),
    };
  } catch {
    return DEFAULT_NETSIM_CONFIG;
  }
}

function lookupOriginalDst(
  proto: 'tcp' | 'udp',
  clientPort: number,
  listenPort: number,
): OriginalDst | undefined {
  try {
    return findOriginalDst(readFileSync(CONNTRACK, 'utf8'), proto, clientPort, listenPort);
  } catch {
    return undefined;
  }
}

async function main() {
  const config = loadConfig();
  const events = openEventLog(config.eventLogPath, config.limits.maxEvents);
  const book = new FakeAddressBook();
  await startDns(config.dnsPort, book, events);
  const flows = await startTcpDemux(config, events, lookupOriginalDst);
  await startUdpSink(config, events, lookupOriginalDst);
  await startInterceptor(config, events, flows);
  events.write({ type: 'ready', t: Date.now() });
  process.stdout.write('NETSIM READY\n');
}

process.on('uncaughtException', (e) => process.stderr.write(`netsim: uncaught ${String(e)}\n`));
main().catch((e: unknown) => {
  process.stderr.write(`netsim: failed to start: ${String(e)}\n`);
  process.exit(1);
});
