// Tests for the one-sentence verdict: the worst finding and where, the tallies, the clean and
// nothing-exercised sentences, the marks next to the verdict, and hostile values kept inert.
import { describe, expect, it } from 'vitest';
import { summarizeCoverage } from './coverage.js';
import { verdictOf } from './severity.js';
import type { CallOutcome, Finding } from './types.js';
import { plain, verdictFlags, verdictReason, type VerdictInput } from './verdict-reason.js';

const coverage = (tools: string[], outcomes: CallOutcome[]) =>
  summarizeCoverage(
    tools.map((name) => ({ name })),
    outcomes.map((outcome, i) => ({ tool: tools[i % tools.length] ?? '', outcome })),
  );

const threeOk = coverage(
  ['a', 'b', 'c'],
  Array.from({ length: 12 }, () => 'ok'),
);

function input(findings: Finding[], cov = threeOk): VerdictInput {
  return { verdict: verdictOf(findings), findings, coverage: cov };
}

const canary: Finding = {
  rule: 'exfil/canary',
  severity: 'critical',
  title: 'GITHUB_TOKEN leaked to collect.evil.example via http body (plain)',
  phase: 'exercise',
  tool: 'send_email',
  callId: 'c4',
  evidence: {
    canary: 'env:GITHUB_TOKEN',
    channel: 'http',
    host: 'collect.evil.example',
    ip: '203.0.113.5',
    port: 443,
  },
};

const rawIp: Finding = {
  rule: 'net/raw-ip',
  severity: 'high',
  title: 'TCP to raw IP 203.0.113.9:4444 with no DNS lookup',
  phase: 'install',
  evidence: { ip: '203.0.113.9', port: 4444, protocol: 'tcp/raw' },
};

const nonHttp: Finding = {
  ...rawIp,
  rule: 'net/non-http-tcp',
  title: 'Non-HTTP TCP stream to 203.0.113.9:4444',
};

describe('verdictReason', () => {
  it('names the planted credential, where it went and during which call', () => {
    expect(verdictReason(input([rawIp, canary]))).toBe(
      'Malicious: it sent the planted GITHUB_TOKEN to collect.evil.example during the call to send_email.',
    );
  });

  it('counts other critical findings and says a DNS leak is one', () => {
    const dns: Finding = {
      ...canary,
      phase: 'install',
      tool: undefined,
      evidence: { canary: 'file:~/.aws/credentials', channel: 'dns', host: 'x.exfil.example' },
    };
    expect(verdictReason(input([dns, canary]))).toBe(
      'Malicious: the planted ~/.aws/credentials leaked in DNS lookups of x.exfil.example at install (and 1 more critical finding).',
    );
  });

  it('gives the count and the worst of the suspicious findings', () => {
    expect(verdictReason(input([nonHttp, rawIp]))).toBe(
      'Suspicious: 2 high findings, the worst: a TCP stream that is not HTTP to 203.0.113.9:4444 at install.',
    );
    expect(verdictReason(input([rawIp]))).toBe(
      'Suspicious: 1 high finding: raw TCP to 203.0.113.9:4444 at install.',
    );
    const read: Finding = {
      rule: 'fs/credential-read',
      severity: 'medium',
      title: 'Read ~/.aws/credentials',
      phase: 'exercise',
      tools: ['list_files', 'read', 'grep'],
      tool: 'list_files',
      evidence: { path: '~/.aws/credentials' },
    };
    expect(verdictReason(input([read, rawIp, read]))).toBe(
      'Suspicious: 3 findings at medium or above (1 high, 2 medium), the worst: raw TCP to 203.0.113.9:4444 at install.',
    );
    expect(verdictReason(input([read]))).toBe(
      'Suspicious: 1 medium finding: a read of ~/.aws/credentials during calls to list_files and 2 other tools.',
    );
  });

  it('falls back to the title for a rule it has no phrase for, and prefers a phrase', () => {
    const meta: Finding = {
      rule: 'meta/hidden-instructions',
      severity: 'high',
      title: 'Tool description of x gives the model orders',
      phase: 'enumerate',
      evidence: {},
    };
    expect(verdictReason(input([meta]))).toBe(
      'Suspicious: 1 high finding: tool description of x gives the model orders while its tools were listed.',
    );
    expect(verdictReason(input([meta, rawIp]))).toContain('the worst: raw TCP');
    const noIp: Finding = { ...rawIp, evidence: {} };
    expect(verdictReason(input([noIp]))).toBe(
      'Suspicious: 1 high finding: TCP to raw IP 203.0.113.9:4444 with no DNS lookup at install.',
    );
  });

  it('says "not examined" when that is all there is, and prefers what the package did', () => {
    const ne: Finding = {
      rule: 'coverage/not-examined',
      severity: 'high',
      title: 'Not examined: the server could not be started',
      phase: 'startup',
      evidence: {},
    };
    expect(verdictReason(input([ne]))).toBe(
      'Not examined: the server could not be started; nothing else at medium or above.',
    );
    expect(
      verdictReason(input([ne, { ...ne, title: 'Not examined: tool b was never called' }])),
    ).toContain('(and 1 more part); nothing else');
    expect(verdictReason(input([ne, rawIp]))).toBe(
      'Suspicious: 2 high findings, the worst: raw TCP to 203.0.113.9:4444 at install.',
    );
  });

  it('says how much was looked at when clean, and that nothing was when nothing was', () => {
    const info: Finding = { ...rawIp, severity: 'low' };
    expect(verdictReason(input([info]))).toBe(
      'Clean: nothing at medium or above in 12 calls; 3 of 3 tools returned a result.',
    );
    expect(verdictReason(input([], coverage(['a', 'b'], ['tool-error', 'timeout'])))).toBe(
      'Nothing exercised: nothing at medium or above, but none of its 2 tools returned a result in 2 calls, so the run shows little.',
    );
    expect(verdictReason(input([], coverage([], [])))).toContain('the server listed no tools');
    expect(verdictReason({ ...input([]), fetch: { failed: 'git dependency' } })).toBe(
      'Not examined: the package could not be installed (git dependency).',
    );
  });

  it('keeps hostile values inert and bounded', () => {
    const evil: Finding = {
      ...canary,
      tool: `send\u202Eliame\u001b[2J${'x'.repeat(500)}`,
      evidence: { ...canary.evidence, host: `evil\u200B.example\n<b>` },
    };
    const s = verdictReason(input([evil]));
    expect(s).toContain('evil\\u{200B}.example\\u{000A}<b>');
    expect(s).toContain('send\\u{202E}liame\\u{001B}[2J');
    expect(s).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    expect(s.length).toBeLessThan(300);
    expect(plain('abcdef', 4)).toBe('abc…');
  });
});

describe('verdictFlags', () => {
  it('marks nothing exercised and not examined', () => {
    expect(verdictFlags(input([]))).toEqual([]);
    const none = coverage(['a'], ['crash']);
    const ne: Finding = { ...rawIp, rule: 'coverage/not-examined' };
    expect(verdictFlags(input([ne], none))).toEqual(['nothing exercised', 'not examined']);
    expect(verdictFlags({ ...input([]), fetch: { failed: 'x' } })).toEqual(['not examined']);
  });
});
