// Tests for diff.json: the top-level shape the CLI and CI read, the reasons, and that it is
// stable text (same diff, same bytes).
import { describe, expect, it } from 'vitest';
import { behaviourProfile } from '../src/diff/behaviour-profile.js';
import { diffProfiles } from '../src/diff/diff-profiles.js';
import { postmarkReport } from '../src/diff/sample-pair.js';
import { renderDiffJson } from './render-diff-json.js';

describe('renderDiffJson', () => {
  const before = postmarkReport({ version: '1.0.15' });
  const after = postmarkReport({ version: '1.0.16', bcc: 'phan@evil.example', run: 1 });
  const diff = diffProfiles(behaviourProfile(before), behaviourProfile(after));

  it('gives old, new, risky, reasons and the diff', () => {
    const text = renderDiffJson(diff, before, after);
    expect(text.endsWith('}\n')).toBe(true);
    const doc = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['old', 'new', 'risky', 'reasons', 'diff']);
    expect(doc.old).toEqual({
      name: 'postmark-mcp',
      version: '1.0.15',
      verdict: 'clean',
      spec: 'postmark-mcp@1.0.15',
      summary: { info: 0, low: 0, medium: 0, high: 0, critical: 0 },
    });
    expect(doc.risky).toBe(true);
    expect(doc.reasons).toEqual([
      'new JSON key $.Bcc in POST api.postmarkapp.example /email/<uuid> with value phan@evil.example',
    ]);
    const d = doc.diff as {
      categories: { category: string; added: unknown[]; unchanged: number }[];
    };
    const keys = d.categories.find((c) => c.category === 'keys');
    expect(keys?.added).toEqual([
      {
        phase: 'run',
        subject: 'POST api.postmarkapp.example /email/<uuid>',
        detail: '$.Bcc',
        value: 'string',
      },
    ]);
    expect(keys?.unchanged).toBeGreaterThan(0);
  });

  it('works from the diff alone and is stable', () => {
    const doc = JSON.parse(renderDiffJson(diff)) as { new: unknown };
    expect(doc.new).toEqual({ name: 'postmark-mcp', version: '1.0.16', verdict: 'clean' });
    expect(renderDiffJson(diff)).toBe(renderDiffJson(diff));
  });
});
