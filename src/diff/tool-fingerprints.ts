// Fingerprints of the tool definitions and server instructions a run listed: a sha256 of the
// canonical JSON (keys sorted, see src/surface/canonical-json.ts) of each tool's name, title,
// description, schemas and annotations, of each of those parts, and of the instructions, with the
// text kept (bounded) so a diff can show what changed. Pure.
// Limits: the first listing of each tool name is taken (report.tools); a definition changed
// later in the same run is the rug-pull rule's business, not the profile's.
import { createHash } from 'node:crypto';
import type { Report, ToolDefinition } from '../domain/types.js';
import { canonicalJson, prettyJson } from '../surface/canonical-json.js';
import {
  MAX_TOOL_TEXT,
  MAX_TOOLS,
  TOOL_FIELDS,
  type ToolField,
  type ToolFingerprint,
} from './profile-types.js';

/** Longest tool name kept. */
export const MAX_TOOL_NAME = 1000;
/** Bound on the canonical text hashed (definitions are hostile). */
const MAX_HASHED = 8 * 1024 * 1024;

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The fingerprinted parts of a definition, absent parts left out. */
function fingerprinted(d: ToolDefinition): Record<string, unknown> {
  const out: Record<string, unknown> = { name: d.name };
  for (const f of TOOL_FIELDS) if (d[f] !== undefined) out[f] = d[f];
  return out;
}

/** The fingerprint of one tool definition. */
export function toolFingerprint(d: ToolDefinition): ToolFingerprint {
  const parts = fingerprinted(d);
  const fields: Partial<Record<ToolField, string>> = {};
  for (const f of TOOL_FIELDS)
    if (d[f] !== undefined) fields[f] = sha256(canonicalJson(d[f], MAX_HASHED));
  return {
    name: d.name,
    fingerprint: sha256(canonicalJson(parts, MAX_HASHED)),
    fields,
    text: prettyJson(parts, MAX_TOOL_TEXT),
  };
}

/** Every listed tool once (first listing), sorted by name, bounded. */
export function toolFingerprints(report: Report): ToolFingerprint[] {
  const byName = new Map<string, ToolDefinition>();
  for (const t of report.tools) {
    // Names are bounded (the lock refuses longer ones); a longer name is cut, first one wins.
    const name = t.definition.name.slice(0, MAX_TOOL_NAME);
    if (!byName.has(name)) byName.set(name, { ...t.definition, name });
  }
  return [...byName.values()]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, MAX_TOOLS)
    .map(toolFingerprint);
}

/** The fingerprint and (bounded) text of the server's instructions. */
export function instructionsFingerprint(report: Report): { fingerprint: string; text: string } {
  const text = report.surface.instructions;
  return {
    fingerprint: sha256(canonicalJson(text, MAX_HASHED)),
    text: text.slice(0, MAX_TOOL_TEXT),
  };
}
