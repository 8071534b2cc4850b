// Tests for render-sarif.ts: the log validates against the official OASIS SARIF 2.1.0 schema
// (reports/schemas/sarif-schema-2.1.0.json, from oasis-tcs/sarif-spec, see the README there),
// lists every catalog rule the way GitHub code scanning reads them, keeps fingerprints stable
// across runs of the same package, and bounds hostile text.
import addFormats from 'ajv-formats';
import AjvDraft04Module from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../src/domain/types.js';
import { RULES } from '../src/rules/catalog.js';
import {
  LEVEL,
  renderSarif,
  sarifLog,
  SECURITY_SEVERITY,
  SARIF_SCHEMA_URI,
} from './render-sarif.js';
import { sampleReport } from './sample-report.js';
import schema from './schemas/sarif-schema-2.1.0.json' with { type: 'json' };

// The official schema is JSON Schema draft-04 (`id`, not `$id`), which plain Ajv 8 does not read.
const ajv = new AjvDraft04Module.default({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

/** Schema errors of a log, as readable lines (empty when valid). */
function schemaErrors(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** The sample report with other findings. */
function withFindings(findings: Finding[], patch: Partial<Report> = {}): Report {
  return { ...sampleReport(), findings, ...patch };
}

/** Every string anywhere in a value. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (typeof v === 'object' && v !== null) return Object.values(v).flatMap(strings);
  return [];
}

const run0 = (r: Report) => {
  const run = sarifLog(r).runs[0];
  if (!run) throw new Error('no run');
  return run;
};

describe('sarifLog against the official SARIF 2.1.0 schema', () => {
  it('vendors the OASIS errata01 schema', () => {
    expect((schema as { id?: string }).id).toBe(SARIF_SCHEMA_URI);
  });

  it('validates the sample report', () => {
    const log = sarifLog(sampleReport(), { artifactUri: '.cursor/mcp.json' });
    expect(schemaErrors(log)).toEqual([]);
    expect(log.runs[0]?.results.length).toBe(sampleReport().findings.length);
  });

  it('validates a report with zero findings', () => {
    const log = sarifLog(withFindings([], { verdict: 'clean' }));
    expect(schemaErrors(log)).toEqual([]);
    expect(log.runs[0]?.results).toEqual([]);
  });

  it('rejects a log the schema forbids (the validator is live)', () => {
    const log = JSON.parse(renderSarif(sampleReport())) as { runs: { results: unknown[] }[] };
    (log.runs[0]?.results[0] as Record<string, unknown>).level = 'fatal';
    expect(schemaErrors(log).length).toBeGreaterThan(0);
  });

  it('renders the same object as JSON text', () => {
    const text = renderSarif(sampleReport());
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(sarifLog(sampleReport()));
  });
});

describe('rules', () => {
  const rules = run0(sampleReport()).tool.driver.rules ?? [];

  it('lists every catalog rule with what GitHub reads', () => {
    for (const info of Object.values(RULES)) {
      const r = rules.find((x) => x.id === info.id);
      expect(r, info.id).toBeDefined();
      expect(r?.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(r?.shortDescription?.text).toBe(info.summary);
      expect(r?.fullDescription?.text).toContain(info.summary);
      expect(r?.help?.text).toContain(info.limits);
      expect(r?.help?.markdown).toContain('What it cannot see');
      expect(r?.defaultConfiguration?.level).toBe(LEVEL[info.severity]);
      expect(r?.properties?.['security-severity']).toBe(SECURITY_SEVERITY[info.severity]);
      expect(r?.properties?.tags).toEqual(['security', info.id.split('/')[0]]);
    }
    expect(rules.find((r) => r.id === 'net/raw-ip')?.name).toBe('NetRawIp');
  });

  it('maps severities to levels and GitHub security-severity numbers', () => {
    expect(LEVEL).toEqual({
      critical: 'error',
      high: 'error',
      medium: 'warning',
      low: 'note',
      info: 'note',
    });
    for (const s of Object.values(SECURITY_SEVERITY)) expect(Number(s)).toBeGreaterThan(0);
    expect(Number(SECURITY_SEVERITY.critical)).toBeGreaterThan(9);
    expect(Number(SECURITY_SEVERITY.high)).toBeGreaterThanOrEqual(7);
  });

  it('describes a rule the catalog lacks, and every ruleIndex points at its ruleId', () => {
    const run = run0(sampleReport());
    expect(run.tool.driver.rules?.some((r) => r.id === 'exfil/bcc-injection')).toBe(true);
    for (const res of run.results) expect(rules[res.ruleIndex ?? -1]?.id).toBe(res.ruleId);
  });
});

describe('results', () => {
  it('takes the level from the finding, not the rule default', () => {
    const f: Finding = {
      rule: 'net/egress-http',
      severity: 'low',
      title: 'HTTPS to docs.example:443, the host the call asked for',
      phase: 'exercise',
      tool: 'fetch',
      evidence: { host: 'docs.example', port: 443 },
    };
    const res = run0(withFindings([f, { ...f, severity: 'critical' }])).results;
    expect(res.map((r) => r.level)).toEqual(['note', 'error']);
  });

  it('points at the artifact, the package and the tool', () => {
    const r = sampleReport();
    const log = sarifLog(r, { artifactUri: 'configs/my client.json' });
    const loc = log.runs[0]?.results[1]?.locations[0];
    expect(loc?.physicalLocation).toEqual({
      artifactLocation: { uri: 'configs/my%20client.json' },
      region: { startLine: 1 },
    });
    expect(loc?.logicalLocations?.[0]?.kind).toBe('module');
    expect(loc?.logicalLocations?.[0]?.name).toMatch(/^postmark-mcp@1\.0\.16/);
    expect(loc?.logicalLocations?.[1]?.kind).toBe('function');
    expect(loc?.logicalLocations?.[1]?.fullyQualifiedName).toMatch(/^postmark-mcp\/send_email/);
    expect(sarifLog(r).runs[0]?.results[0]?.locations[0]?.physicalLocation).toMatchObject({
      artifactLocation: { uri: 'package.json' },
    });
  });

  it('names the run for code scanning and says what it saw', () => {
    const run = run0(sampleReport());
    expect(run.automationDetails?.id).toBe('mcp-airlock/postmark-mcp/');
    expect(run.invocations?.[0]?.executionSuccessful).toBe(true);
    expect(run.properties?.verdict).toBe('malicious');
    expect(run.properties?.coverage).toBe(sampleReport().coverage.statement);
    expect(run.tool.driver).toMatchObject({ name: 'mcp-airlock', version: '0.1.0' });
  });

  it('puts the key evidence in the message', () => {
    const text = run0(sampleReport()).results.map((r) => r.message.text);
    expect(text[1]).toContain('canary: env:GITHUB_TOKEN');
    expect(text[1]).toContain('collect.telemetry-cdn.example');
    expect(text[2]).toContain('address: 2001:db8::beef');
    // the title quotes the command in full: it is not repeated
    expect(text[5]?.match(/\/bin\/sh -c cp ~\/\.ssh\/id_rsa/g)).toHaveLength(1);
  });
});

describe('hostile text', () => {
  const evil = `evil\u0000\u0007\u001b[31m\u202Egnp.exe\u200B\r\n[link](0) ${'A'.repeat(200_000)}`;
  const f: Finding = {
    rule: 'proc/shell',
    severity: 'high',
    title: evil,
    phase: 'exercise',
    tool: evil,
    evidence: { cmdline: evil, payloadExcerpt: evil, host: evil, text: evil },
    tools: Array.from({ length: 5000 }, (_, i) => `${evil}${i}`),
  };
  const log = sarifLog(withFindings([f], { target: { spec: evil, name: evil, version: evil } }));
  const text = JSON.stringify(log);

  it('keeps no control or invisible character but \\n and \\t', () => {
    for (const s of strings(log)) {
      expect(s.replace(/[\n\t]/g, '')).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    }
    expect(text).toContain('\\\\u{202E}'); // shown as a marker, not dropped
  });

  it('bounds every field and the whole log', () => {
    // rules[] carries our own catalog text; everything else may come from the sandbox
    const fromRun = { ...log.runs[0], tool: undefined };
    for (const s of strings(fromRun)) expect(s.length).toBeLessThan(1100);
    expect(log.runs[0]?.results[0]?.message.text.length).toBeLessThan(1100);
    expect(text.length).toBeLessThan(300_000);
    expect(schemaErrors(log)).toEqual([]);
  });

  it('escapes brackets so the message carries no embedded link', () => {
    expect(log.runs[0]?.results[0]?.message.text).toContain('\\[link\\](0)');
  });

  it('keeps the automation id a plain path', () => {
    expect(log.runs[0]?.automationDetails?.id).toMatch(/^mcp-airlock\/[A-Za-z0-9@._/-]+\/$/);
  });
});
