// Tests for report.json: stable formatting and validation against report.schema.json.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/domain/types.js';
import { renderJson } from './render-json.js';
import schema from './report.schema.json' with { type: 'json' };
import { sampleReport } from './sample-report.js';

const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);

/** Parse rendered JSON back into a mutable object for negative tests. */
function parsed(r: Report = sampleReport()): Record<string, unknown> {
  return JSON.parse(renderJson(r)) as Record<string, unknown>;
}

/** Reverse the key order of every plain object, to check the output does not depend on it. */
function reversedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversedKeys);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).reverse())
    out[k] = reversedKeys((v as Record<string, unknown>)[k]);
  return out;
}

describe('renderJson', () => {
  it('writes 2-space JSON with a trailing newline that round-trips', () => {
    const r = sampleReport();
    const text = renderJson(r);
    expect(text.endsWith('}\n')).toBe(true);
    expect(
      text.startsWith('{\n  "schemaVersion": 1,\n  "tool": {\n    "name": "mcp-airlock",'),
    ).toBe(true);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(r)));
  });

  it('is stable: the same data in another key order gives the same bytes', () => {
    const r = sampleReport();
    expect(renderJson(reversedKeys(r) as Report)).toBe(renderJson(r));
  });

  it('validates against report.schema.json', () => {
    const ok = validate(parsed());
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('allows unknown fields on nested objects (forward compatibility)', () => {
    const doc = parsed();
    (doc.server as Record<string, unknown>).futureField = { x: 1 };
    const b = behaviour(doc);
    b.futureField = true;
    for (const k of ['canaries', 'exfil', 'taint', 'files', 'processes']) {
      const first = (b[k] as Record<string, unknown>[])[0];
      if (first) first.futureField = 'x';
    }
    (b.processTracing as Record<string, unknown>).futureField = 1;
    expect(validate(doc)).toBe(true);
  });

  it('puts behaviour right after network and validates the sample behaviour', () => {
    const r = sampleReport();
    const keys = Object.keys(parsed(r));
    expect(keys.indexOf('behaviour')).toBe(keys.indexOf('network') + 1);
    const b = r.behaviour;
    for (const list of [b.canaries, b.exfil, b.taint, b.files, b.processes]) {
      expect(list.length).toBeGreaterThan(0);
    }
    const rules = r.findings.map((f) => f.rule);
    for (const rule of ['exfil/canary', 'exfil/untrusted-value', 'fs/persistence', 'proc/shell']) {
      expect(rules).toContain(rule);
    }
    expect(validate(parsed(r))).toBe(true);
  });

  it('accepts an empty behaviour and tracing that did not run', () => {
    const doc = parsed();
    doc.behaviour = {
      canaries: [],
      exfil: [],
      taint: [],
      files: [],
      processes: [],
      processTracing: { available: false, reason: 'forkstat not found' },
    };
    expect(validate(doc)).toBe(true);
  });
});

/** The behaviour object of a parsed report. */
function behaviour(doc: Record<string, unknown>): Record<string, unknown> {
  return doc.behaviour as Record<string, unknown>;
}

/** The first item of one of behaviour's lists. */
function firstOf(doc: Record<string, unknown>, list: string): Record<string, unknown> {
  return (behaviour(doc)[list] as Record<string, unknown>[])[0] ?? {};
}

/** The evidence of the first finding. */
function firstEvidence(doc: Record<string, unknown>): Record<string, unknown> {
  return ((doc.findings as { evidence: Record<string, unknown> }[])[0] ?? { evidence: {} })
    .evidence;
}

describe('report.schema.json rejects broken reports', () => {
  /** Apply a change to a valid report and expect validation to fail. */
  function rejects(change: (doc: Record<string, unknown>) => void): void {
    const doc = parsed();
    change(doc);
    expect(validate(doc)).toBe(false);
  }

  it('missing verdict', () => rejects((d) => delete d.verdict));
  it('unknown verdict', () => rejects((d) => (d.verdict = 'fine')));
  it('wrong schemaVersion', () => rejects((d) => (d.schemaVersion = 2)));
  it('target without version', () =>
    rejects((d) => delete (d.target as Record<string, unknown>).version));
  it('finding without rule', () =>
    rejects((d) => delete ((d.findings as Record<string, unknown>[])[0] ?? {}).rule));
  it('finding with unknown severity', () =>
    rejects((d) => (((d.findings as Record<string, unknown>[])[0] ?? {}).severity = 'severe')));
  it('finding without evidence', () =>
    rejects((d) => delete ((d.findings as Record<string, unknown>[])[0] ?? {}).evidence));
  it('network without tlsFailures', () =>
    rejects((d) => delete (d.network as Record<string, unknown>).tlsFailures));
  it('tool without definition', () =>
    rejects((d) => delete ((d.tools as Record<string, unknown>[])[0] ?? {}).definition));
  it('call without durationMs', () =>
    rejects((d) => {
      const tool = (d.tools as { calls: Record<string, unknown>[] }[])[0];
      delete tool?.calls[0]?.durationMs;
    }));
  it('call with an unknown outcome', () =>
    rejects((d) => {
      const call = (d.tools as { calls: Record<string, unknown>[] }[])[0]?.calls[0];
      if (call) call.outcome = 'fine';
    }));
  it('summary without a severity', () =>
    rejects((d) => delete (d.summary as Record<string, unknown>).critical));
  it('missing timeline', () => rejects((d) => delete d.timeline));
  it('missing timings', () => rejects((d) => delete d.timings));

  it('missing behaviour', () => rejects((d) => delete d.behaviour));
  for (const k of ['canaries', 'exfil', 'taint', 'files', 'processes', 'processTracing']) {
    it(`behaviour without ${k}`, () => rejects((d) => delete behaviour(d)[k]));
  }
  it('processTracing without available', () =>
    rejects((d) => delete (behaviour(d).processTracing as Record<string, unknown>).available));
  it('canary without preview', () => rejects((d) => delete firstOf(d, 'canaries').preview));
  it('exfil without chain', () => rejects((d) => delete firstOf(d, 'exfil').chain));
  it('exfil without phase', () => rejects((d) => delete firstOf(d, 'exfil').phase));
  it('exfil with an unknown channel', () =>
    rejects((d) => (firstOf(d, 'exfil').channel = 'carrier-pigeon')));
  it('exfil with a chain that is not a list of strings', () =>
    rejects((d) => (firstOf(d, 'exfil').chain = 'base64 > gzip')));
  it('taint without field', () => rejects((d) => delete firstOf(d, 'taint').field));
  it('taint with an unknown kind', () => rejects((d) => (firstOf(d, 'taint').kind = 'ssn')));
  it('file with an unknown change', () => rejects((d) => (firstOf(d, 'files').change = 'renamed')));
  it('file with a negative size', () => rejects((d) => (firstOf(d, 'files').size = -1)));
  it('process without cmdline', () => rejects((d) => delete firstOf(d, 'processes').cmdline));
  it('process with an unknown root', () => rejects((d) => (firstOf(d, 'processes').root = 'cron')));
  it('process with a fractional pid', () => rejects((d) => (firstOf(d, 'processes').pid = 1.5)));
  for (const k of ['canary', 'encoding', 'channel', 'path', 'value', 'field', 'cmdline']) {
    it(`evidence ${k} that is not a string`, () => rejects((d) => (firstEvidence(d)[k] = 7)));
  }
});
