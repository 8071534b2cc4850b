// Tests for the findings table: one row per flow with every reason, why each matters (from the
// catalog), the worst evidence shown and the rest folded, hostile text escaped.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/domain/types.js';
import { RULES } from '../src/rules/catalog.js';
import { escapeHtml } from './html.js';
import { findingsSection, whyItMatters } from './html-findings.js';
import { sampleReport } from './sample-report.js';

const beacon = { ip: '203.0.113.9', port: 4444, payloadExcerpt: '<b>hello</b>' };
const findings: Finding[] = [
  {
    rule: 'net/raw-ip',
    severity: 'high',
    title: 'TCP to raw IP 203.0.113.9:4444 with no DNS lookup',
    phase: 'install',
    evidence: { ...beacon, protocol: 'tcp/raw' },
  },
  {
    rule: 'net/non-http-tcp',
    severity: 'high',
    title: 'Non-HTTP TCP stream to 203.0.113.9:4444 <i>',
    phase: 'install',
    evidence: { ...beacon, bytes: 7 },
  },
  {
    rule: 'net/dns-lookup',
    severity: 'low',
    title: 'DNS lookup of a.example',
    phase: 'startup',
    evidence: { host: 'a.example' },
  },
];

const out = String(findingsSection({ ...sampleReport(), findings }));

describe('findingsSection', () => {
  it('makes one row of one beacon with both reasons and why each matters', () => {
    expect(out).toContain('<h2>Findings (3, 2 incidents)</h2>');
    const main = out.slice(0, out.indexOf('<details>'));
    expect(main.match(/<tr>/g)).toHaveLength(2); // head + one incident
    expect(main).toContain('<code>net/raw-ip</code>');
    expect(main).toContain('<code>net/non-http-tcp</code>');
    expect(main).toContain(
      `<div class="why"><span class="why-label">Why it matters:</span> ${escapeHtml(RULES.rawIp.why)}</div>`,
    );
    expect(main).toContain(escapeHtml(RULES.nonHttpTcp.why));
    expect(main).toContain('Non-HTTP TCP stream to 203.0.113.9:4444 &lt;i&gt;');
    expect(main).not.toContain('<i>');
  });

  it('shows the worst evidence and folds the other rule’s evidence', () => {
    expect(out).toContain('<div>protocol tcp/raw</div>');
    expect(out).toMatch(/<summary>evidence of <code>net\/non-http-tcp<\/code><\/summary>/);
    expect(out).toContain('&lt;b&gt;hello&lt;/b&gt;');
    expect(out).toContain('<table class="findings">');
  });

  it('folds low and info incidents', () => {
    expect(out).toMatch(/<details>\s*<summary>1 low and info incident<\/summary>/);
    expect(out).toContain(escapeHtml(RULES.dnsLookup.why));
  });

  it('has a why for every catalog rule and none for unknown rules', () => {
    for (const r of Object.values(RULES)) expect(whyItMatters(r.id)).toBe(r.why);
    expect(whyItMatters('exfil/bcc-injection')).toBeUndefined();
    expect(whyItMatters('__proto__')).toBeUndefined();
  });
});
