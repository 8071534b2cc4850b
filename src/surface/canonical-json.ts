// Canonical JSON for server-provided definitions: keys sorted at every level, so two listings of
// the same definition give the same text and fingerprint whatever order the server sent keys in.
// Bounded in depth and length: definitions are hostile input.

const MAX_DEPTH = 32;

function sortValue(v: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) return '[too deep]';
  if (Array.isArray(v)) return v.map((x) => sortValue(x, depth + 1));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort())
      out[k] = sortValue((v as Record<string, unknown>)[k], depth + 1);
    return out;
  }
  return v;
}

/** Stable JSON text of a value (sorted keys), cut at maxChars. */
export function canonicalJson(v: unknown, maxChars = 256 * 1024): string {
  const text = JSON.stringify(sortValue(v, 0)) ?? 'null';
  return text.length > maxChars ? `${text.slice(0, maxChars)}…[cut]` : text;
}

/** Indented stable JSON for showing a definition in a report (before/after), bounded. */
export function prettyJson(v: unknown, maxChars = 16 * 1024): string {
  const text = JSON.stringify(sortValue(v, 0), null, 2) ?? 'null';
  return text.length > maxChars ? `${text.slice(0, maxChars)}\n…[cut]` : text;
}
