// Fingerprints for SARIF results: code scanning matches an alert across uploads by them, so the
// same incident of the same package must hash the same in every run. The key is made of what the
// package chose (host names, a raw IP it dialled, the destination port, the canary's origin such
// as env:GITHUB_TOKEN, file paths, command lines, metadata source and owner) and never of what a
// run chose: run id, seed, timestamps, canary values, source ports, the fake addresses netsim
// hands out, pids and temp-file names.
//
// Limits: normalisation is a heuristic. Digit runs become `#` and word-like runs of six or more
// letters and digits with a digit in them become `*` (temp names, encoded canary values), so two
// incidents that differ only in such runs share a fingerprint; a package that puts a random
// word without digits in a host name or path each run gets a new alert each run.
import { createHash } from 'node:crypto';
import { isFakeDnsAddress } from '../src/observe/lookup-names.js';
import type { Finding } from '../src/domain/types.js';

/** The fingerprint's name in partialFingerprints; bump the version when the key changes. */
export const FINGERPRINT_KEY = 'mcpAirlock/v1';

/** Longest value that goes into the key (a command line can be long; its head identifies it). */
const MAX_PART = 2000;

/** Rule families whose incident is a piece of server-provided text: its owner identifies it. */
const OWNED_FAMILIES = new Set(['meta', 'mcp', 'coverage']);

/** Run-specific runs of characters replaced by placeholders (see the file comment). */
export function normalise(s: string): string {
  return s
    .slice(0, MAX_PART)
    .replace(/[A-Za-z0-9+=_-]{20,}/g, (w) => (/\d/.test(w) ? '*' : w))
    .replace(/[A-Za-z0-9]{6,}/g, (w) => (/\d/.test(w) ? '*' : w))
    .replace(/\d+/g, '#');
}

/** A host name as the key sees it: lower case, random-looking labels as `*`. */
function hostKey(host: string, channel: string | undefined): string {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  // a DNS-channel host carries the payload in its labels: keep the domain it went to
  const kept = channel === 'dns' ? labels.slice(-2) : labels;
  return kept.map(normalise).join('.');
}

/**
 * The normalised incident key of one finding (without the rule and package, which the
 * fingerprint adds). Parts are `name=value` lines in a fixed order.
 */
export function incidentKey(f: Finding): string {
  const e = f.evidence;
  const family = f.rule.split('/')[0] ?? '';
  const parts: [string, string | number | undefined][] = [
    // install-time and run-time occurrences are separate incidents (src/rules/finding-set.ts)
    ['scope', f.phase === 'install' ? 'install' : 'run'],
  ];
  // an endpoint the run invented has an invented host: its variable names it instead
  const endpoint = f.rule === 'net/configured-endpoint' && e.field !== undefined;
  if (endpoint) parts.push(['endpoint', e.field]);
  else if (e.host !== undefined) parts.push(['host', hostKey(e.host, e.channel)]);
  else if (e.ip !== undefined) parts.push(['ip', isFakeDnsAddress(e.ip) ? 'fake-dns' : e.ip]);
  if (e.port !== undefined && e.channel !== 'dns') parts.push(['port', e.port]);
  parts.push(['protocol', e.protocol === undefined ? undefined : normalise(e.protocol)]);
  parts.push(['canary', e.canary], ['channel', e.channel]);
  parts.push(['path', e.path === undefined ? undefined : normalise(e.path)]);
  parts.push(['cmdline', e.cmdline === undefined ? undefined : normalise(e.cmdline)]);
  parts.push(['value', e.value === undefined ? undefined : normalise(e.value)]);
  if (!endpoint) parts.push(['field', e.field === undefined ? undefined : normalise(e.field)]);
  parts.push(['source', e.source]);
  const identified = parts.some(([k, v]) => v !== undefined && k !== 'scope' && k !== 'protocol');
  if (OWNED_FAMILIES.has(family) || !identified) parts.push(['tool', f.tool]);
  // nothing else says which incident this is: its title does, once normalised
  if (!identified) parts.push(['title', normalise(f.title)]);
  return parts
    .filter((p): p is [string, string | number] => p[1] !== undefined)
    .map(([k, v]) => `${k}=${String(v).replace(/\n/g, '\\n')}`)
    .join('\n');
}

/** sha256 (hex) over the rule id, the package name and the incident key. */
export function fingerprint(f: Finding, packageName: string): string {
  const text = `${f.rule}\n${packageName}\n${incidentKey(f)}`;
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
