// Renders a version diff (src/diff/diff-profiles.ts) as JSON for machines: both versions with
// their verdicts, whether the new one adds behaviour and why, and the differences themselves
// (per category the entries added and removed, with a count of those kept; every difference with
// its one-line text; tool and instruction changes with their line diff). 2-space indentation and
// a trailing newline; the order of keys is fixed, so two renderings of one diff are equal.
import type { ProfileDiff } from '../src/diff/diff-profiles.js';
import type { Report } from '../src/domain/types.js';

type Side = ProfileDiff['old'];

/** One version: from its profile, plus its spec and findings per severity when the report is given. */
function side(s: Side, r: Report | undefined): Record<string, unknown> {
  return {
    name: s.name,
    version: s.version,
    verdict: s.verdict,
    ...(r ? { spec: r.target.spec, summary: r.summary } : {}),
  };
}

/** The diff as JSON text: `{ old, new, risky, reasons, diff }`. */
export function renderDiffJson(d: ProfileDiff, oldReport?: Report, newReport?: Report): string {
  const out = {
    old: side(d.old, oldReport),
    new: side(d.new, newReport),
    risky: d.risky,
    reasons: d.reasons,
    diff: {
      categories: d.categories.map((c) => ({
        category: c.category,
        label: c.label,
        added: c.added,
        removed: c.removed,
        unchanged: c.same.length,
      })),
      differences: d.differences,
      truncated: d.truncated,
    },
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
