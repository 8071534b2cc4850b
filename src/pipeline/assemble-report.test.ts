import { describe, expect, it } from 'vitest';
import type { SessionResult } from '../../harness/session-types.js';
import { blankBehaviour, blankNetwork } from '../domain/blank-observations.js';
import { blankSurface } from '../domain/blank-surface.js';
import type { ConnectionObservation, NetworkObservations } from '../domain/types.js';
import { planRequest } from './front-door.js';
import { assembleReport, type ReportParts } from './assemble-report.js';

const T = 1_700_000_000_000;

function parts(connections: ConnectionObservation[]): ReportParts {
  const server = {
    command: ['node', 'x.js'],
    started: true,
    initialized: true,
    exitCode: 0,
    stderrExcerpt: '',
  };
  const session: SessionResult = {
    server,
    tools: [{ name: 'ping', description: 'Ping.', inputSchema: { type: 'object' } }],
    calls: [],
    phases: [],
    callWindows: [],
    restarts: [],
    notes: [],
    results: [],
    serverPids: [],
    surface: blankSurface('stdio', { done: true }),
    gaps: [],
  };
  const network: NetworkObservations = { ...blankNetwork(['10.0.0.1']), connections };
  return {
    plan: planRequest(
      {
        runId: 'r1',
        seed: 1,
        target: { kind: 'folder', path: '/pkg' },
        serverArgs: [],
        env: [],
        allowEgress: [],
        outDir: '/tmp/o',
      },
      'img',
    ),
    toolVersion: '9.9.9',
    t0: T,
    manifest: { name: 'pkg', version: '1.0.0' },
    identity: { integrity: 'sha512-x', installScripts: {} },
    fetch: {
      registry: 'https://registry.npmjs.org/',
      dependencies: [],
      refused: [],
      resolvedElsewhere: [],
    },
    install: { exitCode: 0, timedOut: false, outputExcerpt: '' },
    session,
    timeline: { phases: [], calls: [] },
    network,
    behaviour: blankBehaviour({ available: true }),
    gaps: [],
    timings: { fetch: 1 },
    notes: [],
  };
}

const beacon: ConnectionObservation = {
  t: T + 10,
  phase: 'install',
  protocol: 'tcp',
  family: 4,
  dstIp: '203.0.113.9',
  dstPort: 4444,
  srcPort: 40000,
  hostnames: [],
  streamKind: 'raw',
  bytesSent: 5,
  payloadExcerpt: 'hello',
  payloadHex: '68656c6c6f',
  isDns: false,
  seenBy: ['pcap'],
};

describe('assembleReport', () => {
  it('is the same report for the same observations', () => {
    expect(assembleReport(parts([beacon]))).toEqual(assembleReport(parts([beacon])));
  });
  it('runs the rules and derives verdict, counts, identity and target', () => {
    const r = assembleReport(parts([beacon]));
    expect(r.target).toEqual({ spec: '/pkg', name: 'pkg', version: '1.0.0' });
    expect(r.package?.integrity).toBe('sha512-x');
    expect(r.findings.map((f) => f.rule)).toContain('install/egress');
    expect(r.verdict).not.toBe('clean');
    expect(r.summary.high).toBeGreaterThan(0);
    expect(r.tools[0]?.definition.name).toBe('ping');
  });
  it('is never clean when a listed tool was not examined', () => {
    const r = assembleReport(parts([]));
    expect(r.findings.map((f) => f.rule)).toEqual(['coverage/not-examined']);
    expect(r.verdict).not.toBe('clean');
    expect(r.coverage.statement).toMatch(/nothing exercised/);
  });
});
