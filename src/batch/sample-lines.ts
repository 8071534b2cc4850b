// Test helper: index lines of a small batch (analysed with each verdict, failed, timed out, and
// an infrastructure failure), with hostile strings where packages and lists put them.
import type { IndexLine } from './batch-index.js';

/** Markup a package name or a list line might carry. */
export const XSS = '"><img src=x onerror=alert(1)>';

const zero = { info: 0, low: 0, medium: 0, high: 0, critical: 0 };

/** An index line with defaults: an analysed clean target. */
export function line(target: string, over: Partial<IndexLine> = {}): IndexLine {
  return {
    schemaVersion: 1,
    target,
    slug: `${target.replace(/[^a-z0-9]+/g, '-')}-0123abcd`,
    outcome: 'analysed',
    name: target,
    version: '1.0.0',
    verdict: 'clean',
    summary: { ...zero },
    rules: [],
    hosts: [],
    coverage: '2 of 2 tools returned a result',
    durationMs: 30_000,
    reportPath: `${target}/report.json`,
    htmlPath: `${target}/report.html`,
    finishedAt: '2025-01-15T12:00:00.000Z',
    ...over,
  };
}

/** A failed or timed-out line. */
export function failed(target: string, code: string, over: Partial<IndexLine> = {}): IndexLine {
  return {
    schemaVersion: 1,
    target,
    slug: `${target.replace(/[^a-z0-9]+/g, '-')}-0123abcd`,
    outcome: code === 'timeout' ? 'timed-out' : 'failed',
    rules: [],
    hosts: [],
    durationMs: 1_000,
    error: { code, message: `${code} happened` },
    finishedAt: '2025-01-15T12:00:00.000Z',
    ...over,
  };
}

/** Five targets: clean, suspicious, malicious (hostile name), failed, timed out. */
export function sampleLines(): IndexLine[] {
  return [
    line('alpha', { durationMs: 10_000 }),
    line('beta', {
      verdict: 'suspicious',
      summary: { ...zero, medium: 2, low: 1 },
      rules: ['net/raw-ip', 'proc/shell'],
      hosts: ['203.0.113.9', 'api.beta.example'],
      durationMs: 50_000,
    }),
    line('evil', {
      name: `evil${XSS}`,
      version: `6.6.6${XSS}`,
      verdict: 'malicious',
      summary: { ...zero, critical: 1, high: 2 },
      rules: ['exfil/canary', `weird${XSS}`],
      hosts: ['a.example', 'b.example', 'c.example', 'd.example'],
      hostsOmitted: 10,
      durationMs: 90_000,
    }),
    failed(`gone${XSS}`, 'fetch-failed'),
    failed('slow', 'timeout', { durationMs: 600_000 }),
  ];
}
