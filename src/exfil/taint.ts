// Input-to-egress taint: which values in an outbound message the run can explain. A value is
// explained only by what the package does not control:
// - the triggering call's arguments, as we generated them: except any value that also occurs in
//   the tool's own input schema (a default, enum, const or example is the package's word, and a
//   default recipient is exactly how a hidden Bcc would arrive);
// - the environment the run gave the server (planted canaries, values we invented for the
//   package's own variables, and --env);
// - for URLs and host names only, the destination's own registrable domain, where the
//   destination is the name the package looked up (the address says which), never the Host
//   header or SNI it wrote.
// Nothing the package wrote explains anything: not its package.json (author, homepage,
// contributors, funding ...), not its README, not the string literals in its code (postmark-mcp
// 1.0.16 hard-coded its Bcc there; putting it in `author` instead must not make it clean).
// Limits: a value split or transformed before sending (reversed, partly encoded in a way the
// extractor does not parse) is not seen as a value; values derived from server responses are
// treated as unexplained.
import type { ExtractedValue } from './extract-values.js';
import { parentDomain } from './match-canaries.js';

export interface TaintSources {
  /** Every string in the call's arguments (deep). */
  argStrings: readonly string[];
  /** The tool's input schema as lower-case JSON text: values found here explain nothing. */
  schemaText?: string;
  envValues: readonly string[];
}

/** All strings inside a JSON-ish value, bounded. */
export function stringsIn(v: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 16 || out.length > 2000) return out;
  if (typeof v === 'string') out.push(v);
  else if (typeof v === 'number' || typeof v === 'boolean') out.push(String(v));
  else if (Array.isArray(v)) for (const x of v) stringsIn(x, out, depth + 1);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      stringsIn(x, out, depth + 1);
    }
  return out;
}

function hostOf(v: ExtractedValue): string | undefined {
  if (v.kind === 'host') return v.value;
  if (v.kind === 'email') return v.value.split('@')[1];
  if (v.kind === 'url') {
    try {
      return new URL(v.value).hostname.toLowerCase();
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The values of a message that none of the sources explain (deduplicated by kind+value).
 * `destinationHost` is the name the package looked up for this connection ('' when it went to a
 * raw address or is unknown).
 */
export function unexplainedValues(
  values: readonly ExtractedValue[],
  destinationHost: string,
  sources: TaintSources,
): ExtractedValue[] {
  const args = sources.argStrings.map((s) => s.toLowerCase());
  const env = sources.envValues.map((s) => s.toLowerCase());
  const schema = sources.schemaText ?? '';
  const destParent = destinationHost ? parentDomain(destinationHost.toLowerCase()) : '';
  const seen = new Set<string>();
  const out: ExtractedValue[] = [];
  for (const v of values) {
    const key = `${v.kind}|${v.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const needle = v.value.toLowerCase();
    if (env.some((s) => s.includes(needle))) continue;
    // Our arguments explain a value unless the package's own schema supplied it.
    if (!schema.includes(needle) && args.some((s) => s.includes(needle))) continue;
    const host = hostOf(v);
    // The destination's own domain (api.x.example sending links or sender names under x.example).
    if (host && destParent && parentDomain(host) === destParent && v.kind !== 'email') continue;
    if (
      host &&
      v.kind === 'host' &&
      values.some((o) => o.kind === 'email' && o.value.endsWith(`@${host}`))
    )
      continue;
    out.push(v);
  }
  return out;
}
