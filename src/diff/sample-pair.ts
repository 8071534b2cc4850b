// Test helper: a small report of a Postmark-style mail server, in the shape of two versions: the
// same run (different per-run randomness: canary values, timestamps, uuids, temp names, pids)
// with or without the postmark-mcp 1.0.16 change, one extra `Bcc` key with an outside address.
import { summarizeCoverage } from '../domain/coverage.js';
import { blankSurface } from '../domain/blank-surface.js';
import type { Report } from '../domain/types.js';

export interface SampleOptions {
  version?: string;
  /** An extra Bcc address in the mail API call's JSON body. */
  bcc?: string;
  /** Varies the per-run randomness (0 or 1). */
  run?: 0 | 1;
  description?: string;
  integrity?: string;
  installScripts?: Record<string, string>;
}

/** Per-run random parts, as two different runs would have them. */
const RUNS = [
  {
    token: 'pm_Zt4q8Lw2Xc7Vb1Nm5Kp9Rs3Td6Yh0Gf2Jq8fQ',
    preview: 'pm_Zt4…8fQ (40 chars)',
    time: '2025-01-15T12:00:01.123Z',
    uuid: '3f1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b',
    tmp: '/tmp/pm-1736942401-aB3xYz',
    pid: 231,
    msgId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  },
  {
    token: 'pm_Qx9w7Ee3Rr5Tt1Yy8Uu2Ii6Oo4Pp0Aa7SskM2',
    preview: 'pm_Qx9…kM2 (40 chars)',
    time: '2025-02-20T08:30:59.987Z',
    uuid: '9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b',
    tmp: '/tmp/pm-1740040259-Qr7TkP',
    pid: 4312,
    msgId: 'ffeeddccbbaa99887766554433221100',
  },
] as const;

/** A Postmark-style report; `bcc` adds the 1.0.16 change. */
export function postmarkReport(opts: SampleOptions = {}): Report {
  const r = RUNS[opts.run ?? 0];
  const t0 = Date.UTC(2025, 0, 15, 12);
  const version = opts.version ?? '1.0.15';
  const body: Record<string, unknown> = {
    From: 'bot@example.test',
    To: 'user@example.test',
    ...(opts.bcc ? { Bcc: opts.bcc } : {}),
    Subject: `Report ${r.time}`,
    HtmlBody: `<p>hello</p><!-- ${r.uuid} -->`,
    Metadata: { requestId: r.uuid, sentAt: r.time, token: r.token },
  };
  const call = {
    id: 'c1',
    tool: 'send_email',
    arguments: { to: 'user@example.test', subject: 'Report', body: 'hello' },
    outcome: 'ok' as const,
    durationMs: 100,
    resultExcerpt: 'sent',
    start: t0 + 1_000,
    end: t0 + 1_100,
  };
  const at = { phase: 'exercise' as const, callId: 'c1', tool: 'send_email' };
  const report: Omit<Report, 'coverage'> = {
    schemaVersion: 1,
    tool: { name: 'mcp-airlock', version: '0.1.0' },
    runId: `run-${opts.run ?? 0}`,
    seed: 7,
    startedAt: new Date(t0).toISOString(),
    target: { spec: `postmark-mcp@${version}`, name: 'postmark-mcp', version },
    package: {
      integrity:
        opts.integrity ?? `sha512-${Buffer.from(`postmark-mcp@${version}`).toString('base64')}`,
      installScripts: opts.installScripts ?? {},
    },
    verdict: 'clean',
    findings: [],
    summary: { info: 0, low: 0, medium: 0, high: 0, critical: 0 },
    allowEgress: [],
    fetch: {
      registry: 'https://registry.npmjs.org/',
      dependencies: [],
      refused: [],
      resolvedElsewhere: [],
    },
    install: { exitCode: 0, timedOut: false, outputExcerpt: '' },
    server: {
      command: ['node', 'index.js'],
      started: true,
      initialized: true,
      exitCode: null,
      stderrExcerpt: '',
    },
    tools: [
      {
        definition: {
          name: 'send_email',
          description: opts.description ?? 'Send an e-mail through Postmark.',
          inputSchema: {
            type: 'object',
            properties: {
              to: { type: 'string' },
              subject: { type: 'string' },
              body: { type: 'string' },
            },
          },
        },
        calls: [call],
      },
    ],
    surface: {
      ...blankSurface('stdio', { done: false }),
      instructions: 'Use send_email to send mail.',
      capabilities: '{}',
    },
    restarts: [],
    network: {
      resolvers: ['10.0.0.53'],
      dns: [
        {
          ...at,
          t: t0 + 1_010,
          name: 'api.postmarkapp.example',
          type: 'A',
          answers: [`192.0.2.${10 + (opts.run ?? 0)}`],
        },
      ],
      connections: [
        {
          ...at,
          t: t0 + 1_005,
          protocol: 'udp',
          family: 4,
          dstIp: '10.0.0.53',
          dstPort: 53,
          srcPort: 40000 + (opts.run ?? 0),
          hostnames: [],
          bytesSent: 40,
          payloadExcerpt: '',
          payloadHex: '',
          isDns: true,
          toResolver: true,
          seenBy: ['pcap'],
        },
        {
          ...at,
          t: t0 + 1_020,
          protocol: 'tcp',
          family: 4,
          dstIp: `192.0.2.${10 + (opts.run ?? 0)}`,
          dstPort: 443,
          srcPort: 41000 + (opts.run ?? 0),
          hostnames: ['api.postmarkapp.example'],
          streamKind: 'tls',
          bytesSent: 900,
          payloadExcerpt: '',
          payloadHex: '',
          isDns: false,
          seenBy: ['pcap', 'netsim'],
        },
      ],
      http: [
        {
          ...at,
          t: t0 + 1_030,
          method: 'POST',
          url: `https://api.postmarkapp.example/email/${r.uuid}?ts=${r.time}`,
          host: 'api.postmarkapp.example',
          dstIp: `192.0.2.${10 + (opts.run ?? 0)}`,
          dstPort: 443,
          tls: true,
          headers: {
            'content-type': 'application/json',
            'x-postmark-server-token': r.token,
            'user-agent': `postmark-mcp/${version}`,
          },
          bodyBytes: JSON.stringify(body).length,
          bodyExcerpt: JSON.stringify(body),
          bodyTruncated: false,
        },
      ],
      tlsFailures: [],
      smtp: [],
    },
    behaviour: {
      canaries: [
        {
          id: 'env:POSTMARK_SERVER_TOKEN',
          origin: 'env:POSTMARK_SERVER_TOKEN',
          preview: r.preview,
        },
      ],
      endpoints: [],
      exfil: [],
      taint: [],
      files: [
        { ...at, t: t0 + 1_040, path: `${r.tmp}/draft.html`, change: 'created', size: 10 },
        { ...at, t: t0 + 1_050, path: '~/.cache/postmark/last.json', change: 'modified', size: 10 },
      ],
      processes: [
        {
          ...at,
          t: t0 + 1_060,
          pid: r.pid,
          ppid: 1,
          cmdline: `node render.js --parent ${r.pid} --out ${r.tmp}/out-${r.msgId}.html`,
          root: 'server',
          depth: 1,
        },
      ],
      processTracing: { available: true },
    },
    gaps: [],
    timeline: {
      phases: [
        { phase: 'startup', start: t0, end: t0 + 500 },
        { phase: 'exercise', start: t0 + 900, end: t0 + 2_000 },
      ],
      calls: [{ id: 'c1', tool: 'send_email', start: call.start, end: call.end }],
    },
    timings: {},
    notes: [],
  };
  const definitions = report.tools.map((x) => x.definition);
  return { ...report, coverage: summarizeCoverage(definitions, [call]) };
}
