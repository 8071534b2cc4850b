// Input-to-egress taint: a value in an outbound message is explained when it came from the
// triggering call's arguments, from the environment the run gave the server (canaries and
// --env), from the message's own destination (same registrable domain), or from the package's
// declared metadata (package.json homepage, repository, bugs, author). Anything else is a
// value the package added on its own: an extra recipient, destination or field.
// String literals in the package's code are deliberately NOT trusted: that is where an injected
// recipient lives (postmark-mcp 1.0.16 hard-coded its Bcc).
// Limits: a value split or transformed before sending (reversed, partly encoded in a way the
// extractor does not parse) is not seen as a value; values derived from server responses are
// treated as unexplained.
import type { ExtractedValue } from './extract-values.js';
import { parentDomain } from './match-canaries.js';

export interface TaintSources {
  /** Every string in the call's arguments (deep), lower-cased by the caller or not. */
  argStrings: readonly string[];
  envValues: readonly string[];
  metadata: readonly string[];
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

/** The values of a message that none of the sources explain (deduplicated by kind+value). */
export function unexplainedValues(
  values: readonly ExtractedValue[],
  destinationHost: string,
  sources: TaintSources,
): ExtractedValue[] {
  const haystack = [...sources.argStrings, ...sources.envValues, ...sources.metadata].map((s) =>
    s.toLowerCase(),
  );
  const destParent = destinationHost ? parentDomain(destinationHost.toLowerCase()) : '';
  const seen = new Set<string>();
  const out: ExtractedValue[] = [];
  for (const v of values) {
    const key = `${v.kind}|${v.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const needle = v.value.toLowerCase();
    if (haystack.some((s) => s.includes(needle))) continue;
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
