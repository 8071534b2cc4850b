// netsim's entry point, run inside the gateway container after gateway-init.sh has set up the
// namespace: starts the fake DNS, the TCP demux and the UDP sink, prints the ready line the host
// waits for (every flow is accepted and recorded from then on), then loads and starts the
// interceptor and the SMTPS server (mockttp: most of netsim's start-up time, overlapping the
// target's set-up); a flow that needs them before waits for them. It never opens a connection
// off the namespace.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_NETSIM_CONFIG, INTERCEPTOR_UP, type NetsimConfig } from './config.js';
import { ConntrackReader } from './conntrack.js';
import { startDns } from './dns-server.js';
import { openEventLog } from './event-log.js';
import { FakeAddressBook } from './fake-address.js';
import { makeFlowIds } from './flow-ids.js';
import { parseResolvConf } from './resolv-conf.js';
import { startTcpDemux } from './tcp-demux.js';
import { startUdpSink } from './udp-sink.js';

const CONNTRACK = '/proc/net/nf_conntrack';

/** The nameservers the pod is configured with (shared with the target: same resolv.conf). */
function readResolvers(): string[] {
  try {
    return parseResolvConf(readFileSync('/etc/resolv.conf', 'utf8'));
  } catch {
    return [];
  }
}

/** The config file over the defaults (limits merged key by key). */
function loadConfig(): NetsimConfig {
  const path = process.env['NETSIM_CONFIG'] ?? '/run/netsim/netsim.json';
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as Partial<NetsimConfig>;
    return {
      ...DEFAULT_NETSIM_CONFIG,
      ...file,
      limits: { ...DEFAULT_NETSIM_CONFIG.limits, ...file.limits },
    };
  } catch {
    return DEFAULT_NETSIM_CONFIG;
  }
}

/** Original destinations of redirected flows, from conntrack (read in batches). */
const conntrack = new ConntrackReader(() => readFileSync(CONNTRACK, 'utf8'));
const lookupOriginalDst = (proto: 'tcp' | 'udp', clientPort: number, listenPort: number) =>
  conntrack.lookup(proto, clientPort, listenPort);

async function main() {
  const config = loadConfig();
  const events = openEventLog(config.eventLogPath, {
    perType: config.limits.eventsPerType,
    bytes: config.limits.eventLogBytes,
  });
  const book = new FakeAddressBook(config.addressKey);
  const flowIds = makeFlowIds();
  events.write({ type: 'resolvers', t: Date.now(), servers: readResolvers() });
  const dnsDeps = {
    book,
    events,
    flows: flowIds,
    originalDst: lookupOriginalDst,
    captureBytes: config.limits.captureBytes,
  };
  await startDns(config.dnsPort, { ...dnsDeps, toResolver: true });
  await startDns(config.dnsOtherPort, { ...dnsDeps, toResolver: false });
  let upstreamsUp = () => undefined as void;
  const upstreams = new Promise<void>((resolve) => (upstreamsUp = resolve));
  const flows = await startTcpDemux(config, events, lookupOriginalDst, flowIds, upstreams);
  await startUdpSink(config, events, lookupOriginalDst);
  events.write({
    type: 'ready',
    t: Date.now(),
    ...(config.addressKey ? { addressKey: config.addressKey } : {}),
  });
  process.stdout.write('NETSIM READY\n');
  const [{ startInterceptor }, { startSmtps }] = await Promise.all([
    import('./http-intercept.js'),
    import('./smtp-server.js'),
  ]);
  await startInterceptor(config, events, flows);
  await startSmtps(config, events, flows);
  upstreamsUp();
  // For the host's quiet windows: until this file exists, a flow may be waiting for the
  // interceptor, so the sandbox is not quiet (sandbox/activity-probe.ts).
  writeFileSync(join(dirname(config.eventLogPath), INTERCEPTOR_UP), '');
}

process.on('uncaughtException', (e) => process.stderr.write(`netsim: uncaught ${String(e)}\n`));
main().catch((e: unknown) => {
  process.stderr.write(`netsim: failed to start: ${String(e)}\n`);
  process.exit(1);
});
