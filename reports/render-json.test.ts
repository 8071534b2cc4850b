// Tests for report.json: stable formatting, key order, and that the sample validates against
// report.schema.json (what the schema rejects is in report-schema.test.ts).
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/domain/types.js';
import { blankSurface } from '../src/domain/blank-surface.js';
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

  it('puts surface and restarts right after tools and validates the sample surface', () => {
    const r = sampleReport();
    const keys = Object.keys(parsed(r));
    expect(keys.slice(keys.indexOf('tools'), keys.indexOf('tools') + 4)).toEqual([
      'tools',
      'surface',
      'restarts',
      'network',
    ]);
    const s = r.surface;
    for (const list of [
      s.resources,
      s.resourceTemplates,
      s.prompts,
      s.completions,
      s.notifications,
      s.serverRequests,
      s.listings,
      s.drift,
      s.metadata,
      r.restarts,
    ]) {
      expect(list.length).toBeGreaterThan(0);
    }
    expect(s.listings.map((l) => l.trigger)).toContain('list_changed');
    expect(s.serverRequests.map((q) => q.method)).toContain('sampling/createMessage');
    const rules = r.findings.map((f) => f.rule);
    for (const rule of [
      'mcp/rug-pull',
      'meta/hidden-instructions',
      'meta/invisible-unicode',
      'meta/tool-shadowing',
      'meta/padding',
    ]) {
      expect(rules).toContain(rule);
    }
    const calls = r.tools.flatMap((t) => t.calls);
    expect(calls.map((c) => c.inputKind)).toEqual(['realistic', 'boundary', 'minimal']);
    expect(validate(parsed(r))).toBe(true);
  });

  it('accepts an empty surface (a server that offers only tools) and no restarts', () => {
    const doc = parsed();
    const empty = blankSurface('streamable-http', {
      done: false,
      reason: 'the server failed to start',
    });
    doc.surface = empty;
    doc.restarts = [];
    expect(validate(doc)).toBe(true);
  });

  it('accepts calls without inputKind, argsValid and round (older harness)', () => {
    const doc = parsed();
    const call = (doc.tools as { calls: Record<string, unknown>[] }[])[0]?.calls[0] ?? {};
    for (const k of ['inputKind', 'argsValid', 'round']) delete call[k];
    expect(validate(doc)).toBe(true);
  });

  it('puts coverage right after summary, with its statement and gate', () => {
    const doc = parsed();
    const keys = Object.keys(doc);
    expect(keys.indexOf('coverage')).toBe(keys.indexOf('summary') + 1);
    expect(doc.coverage).toMatchObject({
      toolsListed: 2,
      toolsCalled: 2,
      toolsWithResult: 1,
      statement: '1 of 2 tools returned a result',
      gate: { minimum: 0.8, met: false },
    });
  });

  it('accepts coverage without a gate (no --min-coverage)', () => {
    const doc = parsed();
    delete (doc.coverage as Record<string, unknown>).gate;
    expect(validate(doc)).toBe(true);
  });

  it('accepts an empty behaviour and tracing that did not run', () => {
    const doc = parsed();
    doc.behaviour = {
      canaries: [],
      endpoints: [],
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
