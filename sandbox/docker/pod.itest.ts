// Integration: the real pod's containment. The target runs as uid 1000 with no capabilities on
// a read-only root; the namespace has no interface that leads off the machine; every TCP and
// UDP flow (IPv4 and IPv6) lands on netsim with its original destination; the pcap records it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNetsimEvents } from '../../src/observe/netsim-events.js';
import { decodePcap } from '../../src/observe/pcap-decode.js';
import type { Pod } from './pod.js';
import { startProbePod, type ProbePod } from './probe-pod.js';
import { runExec } from './exec.js';
import { targetEnv } from './pod-spec.js';

let pod: Pod;
let probe: ProbePod;

// The probe runs only inside the target container, never on the host.
const PROBE = `
const net = require('net'), dgram = require('dgram');
const tcp = (host, port, data) => new Promise((r) => { const s = net.connect(port, host, () => s.end(data)); s.on('close', r); s.on('error', r); setTimeout(r, 2000); });
(async () => {
  await tcp('203.0.113.10', 9001, 'probe-v4');
  await tcp('2001:db8::10', 9002, 'probe-v6');
  await new Promise((r) => { const u = dgram.createSocket('udp6'); u.send('probe-udp6', 9003, '2001:db8::11', () => { u.close(); r(); }); });
  const res = await fetch('https://secure.example/path?q=1', { method: 'POST', body: 'hello-tls' });
  console.log('https', res.status);
})();
`;

beforeAll(async () => {
  probe = await startProbePod('itest', PROBE);
  pod = probe.pod;
}, 120_000);

afterAll(async () => {
  await probe?.destroy();
});

const sh = (cmd: string) =>
  pod.execInTarget({
    cmd: ['sh', '-c', cmd],
    timeoutMs: 20_000,
    maxBytes: 65536,
    env: targetEnv({}),
  });

describe('the sandbox pod', () => {
  it('runs the target as uid 1000 with no capabilities and no new privileges', async () => {
    const r = await sh('id -u; grep -E "^(CapEff|CapBnd|NoNewPrivs)" /proc/self/status');
    const out = r.stdout.toString();
    expect(out).toMatch(/^1000$/m);
    expect(out).toMatch(/CapEff:\s+0{16}/);
    expect(out).toMatch(/CapBnd:\s+0{16}/);
    expect(out).toMatch(/NoNewPrivs:\s+1/);
  });

  it('gives the target a read-only root, writable HOME and /tmp, and no Docker socket', async () => {
    const r = await sh(
      'touch /usr/x 2>&1; touch $HOME/ok && touch /tmp/ok && echo writable; ls /var/run/docker.sock 2>&1',
    );
    const out = `${r.stdout.toString()}${r.stderr}`;
    expect(out).toMatch(/Read-only file system/);
    expect(out).toMatch(/writable/);
    expect(out).toMatch(/No such file/);
  });

  it('has no interface that leads off the machine', async () => {
    const r = await sh('cat /proc/net/dev');
    const ifaces = r.stdout
      .toString()
      .split('\n')
      .slice(2)
      .map((l) => l.split(':')[0]?.trim())
      .filter(Boolean)
      .sort();
    expect(ifaces).toEqual(['lo', 'v0', 'v1']);
  });

  it('lands every flow on netsim with its original destination and captures it before NAT', async () => {
    const r = await pod.execInTarget({
      cmd: ['node', probe.probePath],
      timeoutMs: 30_000,
      maxBytes: 65536,
      env: targetEnv({}),
    });
    expect(r.stdout.toString()).toContain('https 200');
    await new Promise((res) => setTimeout(res, 1500));
    const { events } = parseNetsimEvents(
      (await pod.readGatewayFile('/var/log/netsim/events.jsonl', 1 << 20)).toString(),
    );
    const opens = events
      .filter((e) => e.type === 'tcp-open')
      .map((e) => (e.type === 'tcp-open' ? `${e.dstIp}:${e.dstPort}` : ''));
    expect(opens).toEqual(expect.arrayContaining(['203.0.113.10:9001', '2001:db8::10:9002']));
    const udp = events.find((e) => e.type === 'udp');
    expect(udp).toMatchObject({
      dstIp: '2001:db8::11',
      dstPort: 9003,
      first: Buffer.from('probe-udp6').toString('base64'),
    });
    const http = events.find((e) => e.type === 'http');
    expect(http).toMatchObject({
      method: 'POST',
      url: 'https://secure.example/path?q=1',
      body: Buffer.from('hello-tls').toString('base64'),
    });
    const pcap = decodePcap(await pod.readGatewayFile('/var/log/pcap/egress.pcap', 1 << 20));
    const dsts = pcap.packets.map((p) => `${p.protocol}:${p.dst}:${p.dstPort}`);
    expect(dsts).toEqual(
      expect.arrayContaining([
        'tcp:203.0.113.10:9001',
        'tcp:2001:db8::10:9002',
        'udp:2001:db8::11:9003',
      ]),
    );
  });
});

describe('the gateway, against a target that knows it is watched', () => {
  const gw = async (cmd: string) =>
    (
      await runExec(pod.gateway, { cmd: ['sh', '-c', cmd], timeoutMs: 10_000, maxBytes: 65536 })
    ).stdout.toString();

  it('runs netsim and the capture unprivileged, with no capabilities, on a read-only root', async () => {
    const out = await gw(
      'for p in $(pgrep -f "^/usr/local/bin/node /opt/netsim/main.js") $(pgrep -x tcpdump); do grep -E "^(Uid|CapEff|CapBnd|NoNewPrivs)" /proc/$p/status; done; touch /usr/x 2>&1 || true',
    );
    expect(out).toMatch(/Uid:\s+990\s/);
    expect(out).toMatch(/Uid:\s+991\s/);
    expect(out).not.toMatch(/Uid:\s+0\s/);
    expect(out).toMatch(/Read-only file system/);
    // netsim: nothing effective, nothing it could regain
    expect(out).toMatch(/CapEff:\s+0{16}[\s\S]*CapBnd:\s+0{16}/);
  });

  it('refuses direct contact with netsim’s own sockets and records it in the capture', async () => {
    const r = await sh(
      `node -e "
      const net = require('net'), dgram = require('dgram');
      const tryTcp = (port, host) => new Promise((res) => { const s = net.connect(port, host); s.on('connect', () => { s.end('forged'); res('open ' + port); }); s.on('error', (e) => res(e.code + ' ' + port)); });
      (async () => {
        for (const [p, h] of [[10080, '127.0.0.1'], [18443, '127.0.0.1'], [5353, '::1'], [18465, '127.0.0.1']]) console.log(await tryTcp(p, h));
        const u = dgram.createSocket('udp4'); u.send('forged-dns', 5353, '127.0.0.1', () => u.close());
      })();"`,
    );
    const out = r.stdout.toString();
    expect(out).not.toMatch(/open/);
    expect(out).toMatch(/ECONNREFUSED 10080/);
    await new Promise((res) => setTimeout(res, 1500));
    const pcap = decodePcap(await pod.readGatewayFile('/var/log/pcap/egress.pcap', 4 << 20));
    const dsts = pcap.packets.map((p) => `${p.protocol}:${p.dst}:${p.dstPort}`);
    expect(dsts).toEqual(
      expect.arrayContaining(['tcp:127.0.0.1:10080', 'tcp:127.0.0.1:18443', 'tcp:::1:5353']),
    );
    const { events } = parseNetsimEvents(
      (await pod.readGatewayFile('/var/log/netsim/events.jsonl', 4 << 20)).toString(),
    );
    expect(JSON.stringify(events)).not.toContain(Buffer.from('forged').toString('base64'));
  });
});
