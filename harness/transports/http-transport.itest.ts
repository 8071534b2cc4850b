// Integration: the SDK client reaches HTTP MCP servers inside a real pod through openTransport
// (an exec bridge in the gateway to the pod's loopback): Streamable HTTP and legacy HTTP+SSE.
// The harness's traffic is not netsim's (loopback is not redirected), its bridges end with the
// session, and a server that dies before listening fails fast.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNetsimEvents } from '../../src/observe/netsim-events.js';
import { runExec } from '../../sandbox/docker/exec.js';
import type { AttachedProcess, Pod } from '../../sandbox/docker/pod.js';
import { targetEnv } from '../../sandbox/docker/pod-spec.js';
import { startProbePod, type ProbePod } from '../../sandbox/docker/probe-pod.js';
import { openTransport, type OpenTransportOptions } from './open-transport.js';

const HTTP_PORT = 18080;
const SSE_PORT = 18090;
const WORKDIR = '/usr/local/src/workspace';

// Runs only inside the target: two hand-written MCP servers (node built-ins only) and one
// outbound connection as a control that netsim does log flows in this pod.
const PROBE = `
const http = require('http'), net = require('net');
const tool = { name: 'echo', description: 'echoes', inputSchema: { type: 'object', properties: { text: { type: 'string' } } } };
const answer = (m, req) =>
  m.method === 'initialize' ? { protocolVersion: m.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'probe', version: '1.0.0' } }
  : m.method === 'tools/list' ? { tools: [tool] }
  : m.method === 'tools/call' ? { content: [{ type: 'text', text: 'echo:' + m.params.arguments.text + ' v:' + req.headers['mcp-protocol-version'] }] }
  : {};
const body = (req) => new Promise((r) => { let s = ''; req.on('data', (d) => (s += d)); req.on('end', () => r(JSON.parse(s))); });
http.createServer(async (req, res) => {
  if (req.method !== 'POST') return res.writeHead(405).end();
  const m = await body(req);
  if (m.id === undefined) return res.writeHead(202).end();
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: answer(m, req) }));
}).listen(${HTTP_PORT}, '127.0.0.1');
const streams = new Map();
http.createServer(async (req, res) => {
  const u = new URL(req.url, 'http://x');
  if (req.method === 'GET' && u.pathname === '/sse') {
    const id = String(Math.random()).slice(2);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('event: endpoint\\ndata: /messages?sessionId=' + id + '\\n\\n');
    streams.set(id, res);
    return req.on('close', () => streams.delete(id));
  }
  const s = streams.get(u.searchParams.get('sessionId'));
  if (req.method !== 'POST' || u.pathname !== '/messages' || !s) return res.writeHead(404).end();
  const m = await body(req);
  res.writeHead(202).end('Accepted');
  if (m.id !== undefined) s.write('event: message\\ndata: ' + JSON.stringify({ jsonrpc: '2.0', id: m.id, result: answer(m, req) }) + '\\n\\n');
}).listen(${SSE_PORT}, '::');
const c = net.connect(9009, '203.0.113.7', () => c.end('control'));
c.on('error', () => undefined);
`;

let probe: ProbePod;
let pod: Pod;
let proc: AttachedProcess;

const opts: OpenTransportOptions = {
  startupMs: 20_000,
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

/** Connect the SDK client, list and call the tool, close; what a session does. */
async function roundTrip(endpoint: Parameters<typeof openTransport>[0]) {
  const opened = await openTransport(endpoint, proc, pod, opts);
  const client = new Client({ name: 'itest', version: '1.0.0' }, { capabilities: {} });
  await client.connect(opened.transport, { timeout: 20_000 });
  const version = opened.transport.protocolVersion;
  const tools = await client.listTools();
  const call = await client.callTool({ name: 'echo', arguments: { text: 'hi' } });
  await client.close();
  return { port: opened.port, version, tools: tools.tools.map((t) => t.name), call };
}

/** Bridges still running in the gateway (they run as nobody; netsim runs as root). */
async function bridges(): Promise<number> {
  const r = await runExec(pod.gateway, {
    cmd: ['ps', '-u', '65534', '-o', 'pid='],
    timeoutMs: 10_000,
    maxBytes: 65536,
  });
  return r.stdout
    .toString()
    .split('\n')
    .filter((l) => l.trim()).length;
}

beforeAll(async () => {
  probe = await startProbePod('httptransport', PROBE);
  pod = probe.pod;
  proc = await pod.attach(['node', probe.probePath], targetEnv({}), WORKDIR);
  proc.stdout.resume();
  proc.stderr.resume();
}, 120_000);

afterAll(async () => {
  await probe?.destroy();
}, 120_000);

describe('HTTP transports into the pod', () => {
  it('speaks Streamable HTTP to the lowest port the server listens on', async () => {
    const r = await roundTrip({ kind: 'streamable-http', path: '/mcp' });
    expect(r.port).toBe(HTTP_PORT);
    expect(r.version).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(r.tools).toEqual(['echo']);
    expect(r.call.content).toEqual([{ type: 'text', text: `echo:hi v:${r.version}` }]);
  }, 120_000);

  it('speaks legacy HTTP+SSE to a given port on a wildcard address', async () => {
    const r = await roundTrip({ kind: 'sse', port: SSE_PORT, path: '/sse' });
    expect(r.port).toBe(SSE_PORT);
    expect(r.version).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(r.tools).toEqual(['echo']);
    expect(r.call.content).toEqual([{ type: 'text', text: `echo:hi v:${r.version}` }]);
  }, 120_000);

  it('finds the listening ports of uid 1000 only', async () => {
    expect(await pod.listeningPorts(1000)).toEqual([HTTP_PORT, SSE_PORT]);
    expect(await pod.listeningPorts(0)).not.toContain(HTTP_PORT);
  }, 120_000);

  it('leaves no bridge running once the clients are closed', async () => {
    let left = await bridges();
    for (let i = 0; i < 20 && left > 0; i += 1) {
      await new Promise((r) => setTimeout(r, 250));
      left = await bridges();
    }
    expect(left).toBe(0);
  }, 120_000);

  it('keeps the harness traffic out of netsim while the server egress is logged', async () => {
    await new Promise((r) => setTimeout(r, 1000));
    const { events } = parseNetsimEvents(
      (await pod.readGatewayFile('/var/log/netsim/events.jsonl', 1 << 20)).toString(),
    );
    const opens = events.flatMap((e) => (e.type === 'tcp-open' ? [`${e.dstIp}:${e.dstPort}`] : []));
    expect(opens).toContain('203.0.113.7:9009');
    expect(opens.filter((o) => o.endsWith(`:${HTTP_PORT}`) || o.endsWith(`:${SSE_PORT}`))).toEqual(
      [],
    );
    expect(JSON.stringify(events)).not.toMatch(/127\.0\.0\.1|"::1"/);
  }, 120_000);

  it('fails fast when the server dies before listening', async () => {
    const dead = await pod.attach(['node', '-e', 'process.exit(3)'], targetEnv({}), WORKDIR);
    const started = Date.now();
    await expect(
      openTransport({ kind: 'streamable-http', port: 18099, path: '/mcp' }, dead, pod, opts),
    ).rejects.toThrow(/exited \(code 3\) before listening on TCP port 18099/);
    expect(Date.now() - started).toBeLessThan(opts.startupMs);
  }, 120_000);
});
