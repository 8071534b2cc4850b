// Rug-pull detection: compares a tools/list (plus the server's instructions) with the first one
// the run saw and names every tool whose definition changed, appeared or vanished. Pure.
//
// Limits: only listings the analyser makes are compared (initial, after each round, on
// list_changed, after a restart, on a second launch); a server that changes its tools only for
// clients it believes are real, or only after the run, is not seen. Tool order is ignored.
import { createHash } from 'node:crypto';
import type { DefinitionDrift, ListingTrigger, ToolDefinition } from '../domain/types.js';
import { canonicalJson, prettyJson } from './canonical-json.js';

/** What one listing showed. */
export interface Listed {
  tools: readonly ToolDefinition[];
  instructions: string;
}

const FIELDS = ['title', 'description', 'inputSchema', 'outputSchema', 'annotations'] as const;

/** sha256 over the canonical text of every tool (sorted by name) and the instructions. */
export function fingerprintListing(listed: Listed): string {
  const tools = [...listed.tools].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return createHash('sha256')
    .update(canonicalJson({ tools, instructions: listed.instructions }, 8 * 1024 * 1024))
    .digest('hex');
}

/** The fields of a definition that differ between two versions of the same tool. */
export function changedFields(a: ToolDefinition, b: ToolDefinition): string[] {
  return FIELDS.filter((f) => canonicalJson(a[f] ?? null) !== canonicalJson(b[f] ?? null));
}

/** Differences of `next` from `base`, each as a drift record. */
export function compareListings(
  base: Listed,
  next: Listed,
  at: { t: number; trigger: ListingTrigger; afterCallId?: string },
): DefinitionDrift[] {
  const out: DefinitionDrift[] = [];
  const stamp = {
    t: at.t,
    trigger: at.trigger,
    ...(at.afterCallId ? { afterCallId: at.afterCallId } : {}),
  };
  const before = new Map(base.tools.map((t) => [t.name, t]));
  const after = new Map(next.tools.map((t) => [t.name, t]));
  for (const [name, b] of before) {
    const a = after.get(name);
    if (!a) {
      out.push({
        ...stamp,
        kind: 'tool-removed',
        name,
        fields: [],
        before: prettyJson(b),
        after: '',
      });
      continue;
    }
    const fields = changedFields(b, a);
    if (fields.length > 0)
      out.push({
        ...stamp,
        kind: 'tool-changed',
        name,
        fields,
        before: prettyJson(b),
        after: prettyJson(a),
      });
  }
  for (const [name, a] of after) {
    if (!before.has(name))
      out.push({
        ...stamp,
        kind: 'tool-added',
        name,
        fields: [],
        before: '',
        after: prettyJson(a),
      });
  }
  if (base.instructions !== next.instructions)
    out.push({
      ...stamp,
      kind: 'instructions-changed',
      fields: ['instructions'],
      before: base.instructions.slice(0, 16384),
      after: next.instructions.slice(0, 16384),
    });
  return out;
}

/** Key that identifies one distinct change, so a change seen in several listings is kept once. */
export function driftKey(d: DefinitionDrift): string {
  return `${d.kind}\u0000${d.name ?? ''}\u0000${d.after}`;
}
