import addFormats from 'ajv-formats';
import AjvDraft04Module from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import schema from './schemas/sarif-schema-2.1.0.json' with { type: 'json' };
import { sarifLog } from './render-sarif.js';
import { mergeSarifLogs } from './sarif-merge.js';
import { sampleReport } from './sample-report.js';

describe('mergeSarifLogs', () => {
  const a = sampleReport();
  const b = { ...sampleReport(), target: { ...sampleReport().target, name: 'other-server' } };
  const merged = mergeSarifLogs(
    [
      { label: 'evil', log: sarifLog(a, { artifactUri: '.mcp.json' }) },
      { label: 'other', log: sarifLog(b, { artifactUri: '.mcp.json' }) },
    ],
    'mcp-airlock/scan/.mcp.json/',
  );
  it('makes one run with every result, rules once, indices pointing at the right rule', () => {
    const run = merged?.runs[0];
    expect(merged?.runs).toHaveLength(1);
    expect(run?.results).toHaveLength(a.findings.length + b.findings.length);
    const ids = run?.tool.driver.rules?.map((r) => r.id) ?? [];
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of run?.results ?? []) expect(ids[r.ruleIndex ?? -1]).toBe(r.ruleId);
    expect(run?.results[0]?.message.text.startsWith('evil: ')).toBe(true);
    expect(run?.automationDetails?.id).toBe('mcp-airlock/scan/.mcp.json/');
  });
  it('keeps the servers apart in the fingerprints', () => {
    const fps = (merged?.runs[0]?.results ?? []).map(
      (r) => Object.values(r.partialFingerprints ?? {})[0],
    );
    expect(new Set(fps).size).toBe(fps.length);
  });
  it('validates against the official SARIF 2.1.0 schema', () => {
    const ajv = new AjvDraft04Module.default({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(merged), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });
  it('is nothing for no logs', () => {
    expect(mergeSarifLogs([], 'x/')).toBeUndefined();
  });
});
