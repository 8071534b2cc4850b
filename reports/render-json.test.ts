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
    expect(validate(doc)).toBe(true);
  });
});

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
});
