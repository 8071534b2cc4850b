// One server entry of an MCP client configuration, as `mcp-airlock scan` will analyse it: an npm
// package, a local package folder, or an entry we do not examine (and say why). Plain data; the
// configuration comes from a pull request, so every string in it is bounded here.

/** What the entry maps to. */
export type ScanEntryKind = 'npm' | 'folder' | 'not-examined';

export interface ScanEntry {
  /** The entry's key in the configuration, bounded (display only: never a path). */
  name: string;
  /** File-system-safe and unique within the configuration: `[a-z0-9._-]`, at most 64 chars. */
  slug: string;
  kind: ScanEntryKind;
  /** The npm spec (`@scope/pkg@1.2.3`) or the package folder (relative to the working folder). */
  target?: string;
  /**
   * For folder entries: the file the configuration runs, relative to the folder. The analysis
   * starts the package's own entry (bin or main), which may be a different file.
   */
  entryFile?: string;
  /** Arguments after the package or file, passed to the server as given. */
  serverArgs: string[];
  /** Environment as given, without the variables whose value is a placeholder (see notes). */
  env: Record<string, string>;
  /** Why a not-examined entry is not examined, in one line. */
  reason?: string;
  /** What was changed or left out on the way (placeholders, ignored options), one line each. */
  notes: string[];
  /** The entry's command line (or URL) as written, bounded. */
  raw: { command?: string; args: string[]; url?: string; type?: string };
}

/** Bounds on what is read from a configuration. */
export const CONFIG_LIMITS = {
  /** Bytes of configuration text. */
  bytes: 1024 * 1024,
  /** Server entries. */
  entries: 200,
  /** Characters of an entry name (display). */
  name: 120,
  /** Characters of a slug. */
  slug: 64,
  /** Arguments kept of one entry, and characters of each. */
  args: 100,
  arg: 2_000,
  /** Environment variables kept of one entry, and characters of each value. */
  envVars: 100,
  envValue: 8_000,
  /** Characters of a command, URL or other single field. */
  field: 2_000,
  /** Notes kept of one entry. */
  notes: 20,
} as const;

/** Cut a string to `n` characters (marked), without splitting a surrogate pair. */
export function bound(s: string, n: number): string {
  if (s.length <= n) return s;
  let cut = n;
  const last = s.charCodeAt(cut - 1);
  if (cut > 0 && last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${s.slice(0, cut)}…`;
}

/** Names Windows refuses as file names, whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/;

/**
 * A file-system-safe slug for an entry: lower case `[a-z0-9._-]`, other runs become `-`, no
 * leading dot or dash, at most CONFIG_LIMITS.slug characters; `server-<index+1>` when nothing is
 * left. Not unique on its own: see uniqueSlugs.
 */
export function entrySlug(name: string, index: number): string {
  const folded = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  let slug = folded
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+/, '')
    .slice(0, CONFIG_LIMITS.slug)
    .replace(/[-.]+$/, '');
  if (RESERVED.test(slug)) slug = `server-${slug}`.slice(0, CONFIG_LIMITS.slug);
  return slug === '' ? `server-${index + 1}` : slug;
}

/**
 * One slug per name, in order, made unique by appending `-<index+1>` (then `-<index+1>-2`, …)
 * where one is taken. Every candidate differs from the last, so the loop ends.
 */
export function uniqueSlugs(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name, index) => {
    const base = entrySlug(name, index);
    let slug = base;
    for (let k = 1; taken.has(slug); k++) {
      const suffix = k === 1 ? `-${index + 1}` : `-${index + 1}-${k}`;
      slug = `${base.slice(0, CONFIG_LIMITS.slug - suffix.length)}${suffix}`;
    }
    taken.add(slug);
    return slug;
  });
}
