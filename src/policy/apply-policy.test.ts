import { describe, expect, it } from 'vitest';
import type { Finding } from '../domain/types.js';
import { sampleReport } from '../../reports/sample-report.js';
import { applyPolicy, isExpired } from './apply-policy.js';
import type { PolicyContext } from './finding-facts.js';
import { parsePolicy } from './parse-policy.js';

const NOW = new Date('2026-06-01T12:00:00Z');

/** The run's DNS: each name its own fake address, as the sandbox's DNS gives them. */
const CONTEXT: PolicyContext = {
  network: {
    dns: [
      { name: 'api.mail.example', answers: ['198.18.0.5'] },
      { name: 'cdn.mail.example', answers: ['198.18.0.6'] },
      { name: 'v6.mail.example', answers: ['2001:db8:a1::7'] },
      { name: 'evil.example', answers: ['198.18.0.9'] },
    ],
  },
};

function finding(rule: string, over: Partial<Finding> = {}): Finding {
  return {
    rule,
    severity: 'high',
    title: `${rule} finding`,
    phase: 'exercise',
    evidence: {},
    ...over,
  };
}

function http(host: string, ip: string, over: Partial<Finding> = {}): Finding {
  return finding('net/egress-http', {
    severity: 'medium',
    evidence: { host, ip, port: 443, protocol: 'tcp/tls' },
    ...over,
  });
}

function policy(body: string) {
  return parsePolicy(`version: 1\n${body}`, 'policy.yaml');
}

function apply(findings: Finding[], body: string, now = NOW) {
  return applyPolicy(findings, CONTEXT, policy(body), now);
}

describe('applyPolicy: egress entries', () => {
  it('allows a host only in the phases it names', () => {
    const inExercise = http('api.mail.example', '198.18.0.5');
    const atInstall = finding('install/egress', {
      phase: 'install',
      evidence: { host: 'api.mail.example', ip: '198.18.0.5', port: 443, protocol: 'tcp/tls' },
    });
    const alsoAtStartup = http('api.mail.example', '198.18.0.5', {
      phase: 'startup',
      occurrences: [{ phase: 'startup' }, { phase: 'exercise', tool: 'send', callId: 'c1' }],
    });
    const { findings, outcome } = apply(
      [inExercise, atInstall, alsoAtStartup],
      'egress:\n  - {host: api.mail.example, phases: [exercise], reason: sends mail}',
    );
    expect(findings).toEqual([atInstall, alsoAtStartup]);
    expect(outcome.allowed).toEqual([
      {
        finding: inExercise,
        by: { pointer: '/egress/0', summary: 'api.mail.example (exercise)', reason: 'sends mail' },
      },
    ]);
  });

  it('covers an incident over several phases with several entries together', () => {
    const f = http('api.mail.example', '198.18.0.5', {
      phase: 'startup',
      occurrences: [{ phase: 'startup' }, { phase: 'exercise' }],
    });
    const body =
      'egress:\n  - {host: api.mail.example, phases: [startup], reason: a}\n  - {host: "*.mail.example", phases: [exercise], reason: b}';
    const { findings, outcome } = apply([f], body);
    expect(findings).toEqual([]);
    expect(outcome.allowed[0]?.by.pointer).toBe('/egress/0');
    expect(outcome.unused).toEqual([]);
  });

  it('does not allow a phase-limited host when the occurrences were cut short', () => {
    const f = http('api.mail.example', '198.18.0.5', {
      occurrences: [{ phase: 'exercise' }],
      occurrencesTruncated: true,
    });
    expect(
      apply([f], 'egress:\n  - {host: api.mail.example, phases: [exercise], reason: r}').findings,
    ).toEqual([f]);
    expect(apply([f], 'egress:\n  - {host: api.mail.example, reason: r}').findings).toEqual([]);
  });

  it('matches a wildcard against the names the run looked up, and the lookup itself', () => {
    const cdn = http('cdn.mail.example', '198.18.0.6');
    const lookup = finding('net/dns-lookup', {
      severity: 'low',
      evidence: { host: 'mx.mail.example', protocol: 'dns/A' },
    });
    const other = http('evil.example', '198.18.0.9');
    const { findings } = apply(
      [cdn, lookup, other],
      'egress:\n  - {host: "*.mail.example", reason: r}',
    );
    expect(findings).toEqual([other]);
  });

  it('matches IPv4 and IPv6 ranges against raw-IP flows', () => {
    const v4 = finding('net/raw-ip', {
      evidence: { ip: '203.0.113.9', port: 5432, protocol: 'tcp/raw' },
    });
    const v6 = finding('net/raw-ip', {
      evidence: { ip: '2001:db8:5::1', port: 5432, protocol: 'tcp/raw' },
    });
    const outside = finding('net/raw-ip', {
      evidence: { ip: '198.51.100.1', port: 5432, protocol: 'tcp/raw' },
    });
    const udp = finding('net/udp', {
      evidence: { ip: '203.0.113.200', port: 9999, protocol: 'udp' },
    });
    const { findings, outcome } = apply(
      [v4, v6, outside, udp],
      'egress:\n  - {cidr: 203.0.113.0/24, reason: db}\n  - {cidr: "2001:db8::/32", reason: v6 db}',
    );
    expect(findings).toEqual([outside]);
    expect(outcome.allowed.map((a) => a.by.pointer)).toEqual([
      '/egress/0',
      '/egress/1',
      '/egress/0',
    ]);
  });

  it('allows only the listed ports, but a lookup of the host whatever the ports', () => {
    const on443 = http('api.mail.example', '198.18.0.5');
    const on8443 = http('api.mail.example', '198.18.0.5', {
      evidence: { host: 'api.mail.example', ip: '198.18.0.5', port: 8443, protocol: 'tcp/tls' },
    });
    const icmp = finding('net/raw-ip', { evidence: { ip: '203.0.113.9', protocol: 'icmp' } });
    const lookup = finding('net/dns-lookup', {
      evidence: { host: 'api.mail.example', protocol: 'dns/AAAA' },
    });
    const { findings } = apply(
      [on443, on8443, icmp, lookup],
      'egress:\n  - {host: api.mail.example, ports: [443], reason: r}\n  - {cidr: 203.0.113.0/24, ports: [5432], reason: r}',
    );
    expect(findings).toEqual([on8443, icmp]);
  });

  it('never takes a host from what the package wrote (SNI, Host header)', () => {
    // a raw-IP flow whose evidence host is the SNI it claimed: not the allowed host
    const claimed = finding('net/raw-ip', {
      evidence: { host: 'api.mail.example', ip: '198.51.100.7', port: 443, protocol: 'tcp/tls' },
    });
    // a flow to evil.example's address with the allowed name in its Host header
    const borrowed = http('api.mail.example', '198.18.0.9');
    const { findings } = apply(
      [claimed, borrowed],
      'egress:\n  - {host: api.mail.example, reason: r}',
    );
    expect(findings).toEqual([claimed, borrowed]);
  });

  it('keeps canary, taint, fronting and every non-network finding to an allowed host', () => {
    const dest = { host: 'api.mail.example', ip: '198.18.0.5', port: 443 };
    const kept = [
      finding('exfil/canary', {
        severity: 'critical',
        evidence: { ...dest, canary: 'env:GITHUB_TOKEN' },
      }),
      finding('exfil/canary-allowed-host', { severity: 'low', evidence: dest }),
      finding('exfil/untrusted-value', {
        evidence: { host: 'api.mail.example', value: 'x@evil.example' },
      }),
      finding('exfil/dns-tunnel', { evidence: { host: 'api.mail.example', protocol: 'dns/TXT' } }),
      finding('net/domain-fronting', { evidence: { ...dest, value: 'api.mail.example' } }),
      finding('net/dns-bypass', { evidence: { ip: '198.18.0.5', port: 53 } }),
      finding('net/dns-port-misuse', { evidence: { ip: '198.18.0.5', port: 53 } }),
      finding('proc/network-tool', {
        evidence: { ...dest, cmdline: 'curl https://api.mail.example' },
      }),
    ];
    const { findings, outcome } = apply(
      [...kept, http('api.mail.example', '198.18.0.5')],
      'egress:\n  - {host: api.mail.example, reason: r}\n  - {cidr: 198.18.0.0/15, reason: r}',
    );
    expect(findings).toEqual(kept);
    expect(outcome.allowed).toHaveLength(1);
  });

  it('works on the sample report, and leaves its input alone', () => {
    const report = sampleReport();
    const before = structuredClone(report.findings);
    const { findings, outcome } = applyPolicy(
      report.findings,
      report,
      policy('egress:\n  - {cidr: 0.0.0.0/0, reason: r}\n  - {cidr: "::/0", reason: r}'),
      NOW,
    );
    expect(report.findings).toEqual(before);
    expect(findings.length + outcome.allowed.length).toBe(before.length);
    expect(outcome.allowed.map((a) => a.finding.rule)).toEqual(['net/raw-ip']);
    for (const a of outcome.allowed)
      expect([
        'net/egress-http',
        'net/raw-ip',
        'net/non-http-tcp',
        'net/udp',
        'net/dns-lookup',
        'net/configured-endpoint',
        'install/egress',
      ]).toContain(a.finding.rule);
    expect(findings.some((f) => f.rule === 'exfil/canary')).toBe(true);
    expect(JSON.parse(JSON.stringify(outcome))).toEqual(outcome);
  });
});

describe('applyPolicy: ignore and severity entries', () => {
  it('records overrides with the original severity', () => {
    const spawn = finding('proc/spawn', { severity: 'info', tool: 'convert' });
    const other = finding('proc/shell');
    const { findings, outcome } = apply(
      [spawn, other],
      'severity:\n  - {rule: proc/spawn, severity: low, reason: converter}',
    );
    expect(findings).toEqual([{ ...spawn, severity: 'low' }, other]);
    expect(spawn.severity).toBe('info');
    expect(outcome.overridden).toEqual([
      {
        rule: 'proc/spawn',
        title: 'proc/spawn finding',
        phase: 'exercise',
        tool: 'convert',
        from: 'info',
        to: 'low',
        by: { pointer: '/severity/0', summary: 'proc/spawn -> low', reason: 'converter' },
      },
    ]);
  });

  it('ignores a rule, narrowed by tool, path or host', () => {
    const probe = finding('proc/env-probe', { severity: 'info' });
    const inTool = finding('fs/write-outside-project', {
      tool: 'cache',
      evidence: { path: '~/.cache/x/a.json' },
    });
    const inTwoTools = finding('fs/write-outside-project', {
      tool: 'cache',
      evidence: { path: '~/.cache/x/b.json' },
      occurrences: [
        { phase: 'exercise', tool: 'cache' },
        { phase: 'exercise', tool: 'other' },
      ],
    });
    const elsewhere = finding('fs/write-outside-project', {
      tool: 'cache',
      evidence: { path: '~/.config/x' },
    });
    const taint = finding('exfil/untrusted-value', {
      evidence: { host: 'api.mail.example', value: 'a@b.example' },
    });
    const { findings, outcome } = apply(
      [probe, inTool, inTwoTools, elsewhere, taint],
      [
        'ignore:',
        '  - {rule: proc/env-probe, reason: probes}',
        '  - {rule: fs/write-outside-project, tool: cache, path: "~/.cache/**", reason: cache}',
        '  - {rule: exfil/untrusted-value, host: "*.mail.example", reason: reply-to}',
        '  - {rule: proc/shell, reason: never seen}',
      ].join('\n'),
    );
    expect(findings).toEqual([inTwoTools, elsewhere]);
    expect(outcome.ignored.map((i) => [i.finding, i.by.pointer])).toEqual([
      [probe, '/ignore/0'],
      [inTool, '/ignore/1'],
      [taint, '/ignore/2'],
    ]);
    expect(outcome.unused).toEqual([
      { pointer: '/ignore/3', summary: 'proc/shell', reason: 'never seen' },
    ]);
  });
});

describe('applyPolicy: expiry', () => {
  const body = [
    'egress:',
    '  - {host: api.mail.example, reason: a, expires: 2027-01-01}',
    'severity:',
    '  - {rule: proc/spawn, severity: low, reason: b, expires: 2027-01-01}',
    'ignore:',
    '  - {rule: proc/env-probe, reason: c, expires: 2027-01-01}',
  ].join('\n');
  const findings = [
    http('api.mail.example', '198.18.0.5'),
    finding('proc/spawn', { severity: 'info' }),
    finding('proc/env-probe', { severity: 'info' }),
  ];

  it('applies entries until their day begins', () => {
    const r = apply(findings, body, new Date('2026-12-31T23:59:59Z'));
    expect(r.findings).toEqual([{ ...findings[1], severity: 'low' }]);
    expect(r.outcome.expired).toEqual([]);
  });

  it('lists expired entries instead of applying them', () => {
    const r = apply(findings, body, new Date('2027-01-01T00:00:00Z'));
    expect(r.findings).toEqual(findings);
    expect(r.outcome.expired).toEqual([
      { pointer: '/egress/0', summary: 'api.mail.example', reason: 'a', expires: '2027-01-01' },
      { pointer: '/ignore/0', summary: 'proc/env-probe', reason: 'c', expires: '2027-01-01' },
      { pointer: '/severity/0', summary: 'proc/spawn -> low', reason: 'b', expires: '2027-01-01' },
    ]);
    expect(r.outcome.allowed).toEqual([]);
    expect(r.outcome.ignored).toEqual([]);
    expect(r.outcome.overridden).toEqual([]);
    expect(r.outcome.unused).toEqual([]);
  });

  it('isExpired reads the date as 00:00 UTC', () => {
    expect(isExpired({ reason: 'r' }, NOW)).toBe(false);
    expect(isExpired({ reason: 'r', expires: '2026-06-01' }, NOW)).toBe(true);
    expect(isExpired({ reason: 'r', expires: '2026-06-02' }, NOW)).toBe(false);
  });

  it('names the policy file and its hash', () => {
    const p = policy('');
    expect(applyPolicy([], CONTEXT, p, NOW).outcome.source).toEqual(p.source);
  });
});
