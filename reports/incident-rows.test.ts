// Tests for grouping findings into incidents: one row per flow, the highest severity, every
// reason kept, and unrelated findings left apart.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/domain/types.js';
import { incidentRows } from './incident-rows.js';

const f = (rule: string, over: Partial<Finding> = {}): Finding => ({
  rule,
  severity: 'high',
  title: rule,
  phase: 'exercise',
  evidence: {},
  ...over,
});

const beacon = { ip: '203.0.113.9', port: 4444 };

describe('incidentRows', () => {
  it('makes one row of a beacon that is both a raw IP and a non-HTTP stream', () => {
    const rows = incidentRows([
      f('net/raw-ip', { phase: 'install', evidence: beacon }),
      f('net/non-http-tcp', { phase: 'install', evidence: beacon }),
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.findings.map((x) => x.rule)).toEqual(['net/raw-ip', 'net/non-http-tcp']);
  });

  it('gives the row its highest severity and lists the worst finding first', () => {
    const rows = incidentRows([
      f('net/egress-http', {
        severity: 'medium',
        tool: 'a',
        callId: 'c1',
        evidence: { host: 'Collect.Evil.example', ip: '198.51.100.3', port: 443 },
      }),
      f('exfil/canary', {
        severity: 'critical',
        tool: 'b',
        callId: 'c2',
        evidence: { host: 'collect.evil.example' },
      }),
      f('exfil/untrusted-value', { evidence: { ip: '198.51.100.3', port: 443 } }),
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ severity: 'critical', phase: 'exercise', calls: 2 });
    expect(rows[0]?.findings.map((x) => x.rule)).toEqual([
      'exfil/canary',
      'exfil/untrusted-value',
      'net/egress-http',
    ]);
    expect(rows[0]?.tools).toEqual(['b', 'a']);
  });

  it('keeps install and run-time traffic to one place apart, and other ports apart', () => {
    const rows = incidentRows([
      f('net/raw-ip', { phase: 'install', evidence: beacon }),
      f('net/raw-ip', { phase: 'startup', evidence: beacon }),
      f('net/non-http-tcp', { phase: 'exercise', evidence: beacon }),
      f('net/udp', { phase: 'exercise', evidence: { ...beacon, port: 4445 } }),
    ]);
    expect(rows.map((r) => r.findings.map((x) => `${x.rule}@${x.phase}`))).toEqual([
      ['net/raw-ip@install'],
      ['net/raw-ip@startup', 'net/non-http-tcp@exercise'],
      ['net/udp@exercise'],
    ]);
  });

  it('does not join DNS findings through the resolver, nor findings without a destination', () => {
    const rows = incidentRows([
      f('exfil/canary', { evidence: { host: 'a.example', ip: '10.0.0.53', port: 53 } }),
      f('exfil/canary', { evidence: { host: 'b.example', ip: '10.0.0.53', port: 53 } }),
      f('proc/shell', { evidence: { cmdline: 'sh' } }),
      f('proc/shell', { evidence: { cmdline: 'sh' } }),
    ]);
    expect(rows).toHaveLength(4);
  });

  it('sorts rows most severe first, report order among equals, and counts calls', () => {
    const rows = incidentRows([
      f('fs/credential-read', { severity: 'medium', evidence: { path: '~/.npmrc' } }),
      f('proc/shell', {
        callId: 'c1',
        occurrences: [
          { phase: 'exercise', callId: 'c1' },
          { phase: 'exercise', callId: 'c2' },
        ],
        occurrencesTruncated: true,
      }),
      f('fs/persistence', { evidence: { path: '~/.bashrc' } }),
      f('net/dns-lookup', { severity: 'info' }),
    ]);
    expect(rows.map((r) => r.findings[0]?.rule)).toEqual([
      'proc/shell',
      'fs/persistence',
      'fs/credential-read',
      'net/dns-lookup',
    ]);
    expect(rows[0]).toMatchObject({ calls: 2, callsTruncated: true });
    expect(incidentRows([])).toEqual([]);
  });
});
