// The behaviour profile: what a run of one package version did, normalised (see normalise.ts)
// into sorted, deduplicated sets that two runs of the same version give alike, so a version diff
// and a lock file (src/lock/lock-file.ts) compare like with like. Plain serialisable data.
import type { Verdict } from '../domain/types.js';

export const PROFILE_VERSION = 1;

/** The categories of behaviour, in the order reports show them, with what each holds. */
export const CATEGORIES = [
  { id: 'hosts', label: 'Hosts contacted (DNS names, HTTP hosts, connection destinations)' },
  { id: 'ports', label: 'Connections (protocol, host and port)' },
  { id: 'requests', label: 'HTTP requests (method, host, path)' },
  { id: 'keys', label: 'Keys sent (JSON key paths, query, form and header names)' },
  { id: 'values', label: 'Values of interest sent (emails, URLs, hosts, planted values)' },
  { id: 'recipients', label: 'Mail recipients (SMTP and e-mail addresses in bodies)' },
  { id: 'canaries', label: 'Planted credentials sent out' },
  { id: 'processes', label: 'Processes started' },
  { id: 'files', label: 'Files written, created, deleted; credential files read' },
  { id: 'installScripts', label: 'Install scripts' },
  { id: 'findings', label: 'Findings at medium and above' },
] as const;

export type CategoryId = (typeof CATEGORIES)[number]['id'];

export const CATEGORY_IDS: readonly CategoryId[] = CATEGORIES.map((c) => c.id);

/** Install-time behaviour is the install scripts'; everything after is the server's. */
export type PhaseClass = 'install' | 'run';

/**
 * One observed behaviour. `subject` is what it is about (a host, a request shape, a command, a
 * path, a rule id); `detail` and `value` refine it (a key path and its type or value, a file
 * change, a finding's key). Two entries are the same behaviour when all four fields are equal.
 */
export interface ProfileEntry {
  phase: PhaseClass;
  subject: string;
  detail?: string;
  value?: string;
}

/** The parts of a tool definition that are fingerprinted (the rest is transport detail). */
export const TOOL_FIELDS = [
  'title',
  'description',
  'inputSchema',
  'outputSchema',
  'annotations',
] as const;
export type ToolField = (typeof TOOL_FIELDS)[number];

/** One listed tool: a sha256 of its canonical definition, of each part, and the text (bounded). */
export interface ToolFingerprint {
  name: string;
  fingerprint: string;
  fields: Partial<Record<ToolField, string>>;
  /** Indented canonical JSON of the definition, cut at MAX_TOOL_TEXT. */
  text: string;
}

export interface BehaviourProfile {
  profileVersion: typeof PROFILE_VERSION;
  /** The report the profile was made from. */
  report: { name: string; version: string; verdict: Verdict };
  categories: Record<CategoryId, ProfileEntry[]>;
  /** Sorted by name, one per name. */
  tools: ToolFingerprint[];
  instructions: { fingerprint: string; text: string };
  /** Categories cut at MAX_ENTRIES: behaviour past the cut is not in the profile. */
  truncated: CategoryId[];
}

/** Most entries kept per category. */
export const MAX_ENTRIES = 500;
/** Most tools kept. */
export const MAX_TOOLS = 300;
/** Longest tool definition or instructions text kept. */
export const MAX_TOOL_TEXT = 16 * 1024;

/** The identity of an entry: equal keys, same behaviour. */
export function entryKey(e: ProfileEntry): string {
  return `${e.phase}\u0000${e.subject}\u0000${e.detail ?? ''}\u0000${e.value ?? ''}`;
}

/** Entries sorted by their key, each once. */
export function sortedEntries(entries: Iterable<ProfileEntry>): ProfileEntry[] {
  const byKey = new Map<string, ProfileEntry>();
  for (const e of entries) byKey.set(entryKey(e), e);
  return [...byKey.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, e]) => e);
}
