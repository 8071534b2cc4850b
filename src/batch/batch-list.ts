// The target list of `mcp-airlock batch`: one target a line (an npm spec, a package folder or a
// tarball), `#` comments, blank lines ignored, each target once. Each target gets a slug, the name
// of its report folder under --out. Pure: the caller reads the file (at most
// BATCH_LIST_LIMITS.chars characters) and hands in its text.
//
// Limits: a trailing comment starts at the first `#` that follows whitespace, so a folder whose
// name contains ` #` cannot be listed (write it without the blank, or link it elsewhere); `foo`
// and `foo@latest` are different targets (duplicates are found by text, not by what they
// resolve to); a target is not checked here for being a valid spec or an existing path (the
// analysis says so, and its failure is recorded in the index).
import { createHash } from 'node:crypto';
import { AnalyzerError } from '../domain/errors.js';

/** One target of the list. */
export interface BatchTarget {
  /** 1-based line of its first occurrence. */
  line: number;
  /** The target as written, trimmed, without its comment. */
  target: string;
  /** Its report folder under --out: see targetSlug. */
  slug: string;
  /** Later lines with the same target (skipped): how many, and the first few line numbers. */
  duplicates?: { count: number; lines: number[] };
}

/** Bounds on a target list. */
export const BATCH_LIST_LIMITS = {
  /** Characters of list text (the caller bounds the bytes it reads to the same number). */
  chars: 16 * 1024 * 1024,
  /** Distinct targets. */
  targets: 100_000,
  /** Characters of one target (PATH_MAX on Linux). */
  target: 4_096,
  /** Readable characters of a slug before its hash. */
  slugReadable: 60,
  /** Line numbers kept per duplicated target. */
  duplicateLines: 10,
} as const;

/** Characters no target may contain: controls, format (bidi, zero-width), separators, lone halves. */
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

/** Names Windows refuses as file names, whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/;

/** A string for an error line: ASCII only, everything else as \u{XXXX}, at most `max` chars. */
export function quoted(s: string, max = 80): string {
  const cut = [...s].slice(0, max);
  const body = cut
    .map((c) =>
      /^[\x20-\x7e]$/.test(c) && c !== '"' && c !== '\\'
        ? c
        : `\\u{${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`,
    )
    .join('');
  return `"${body}${cut.length < [...s].length ? '…' : ''}"`;
}

function fail(listPath: string, line: number | undefined, why: string): never {
  const where = line === undefined ? listPath : `${listPath}:${line}`;
  throw new AnalyzerError('bad-list', `${where}: ${why}`);
}

/** The readable part of a slug: `[a-z0-9._-]`, the end of the target (where names and versions are). */
function readablePart(target: string): string {
  const folded = target
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-');
  let part = folded
    .slice(-BATCH_LIST_LIMITS.slugReadable)
    .replace(/^[-.]+/, '')
    .replace(/[-.]+$/, '');
  if (RESERVED.test(part)) part = `t-${part}`;
  return part === '' ? 'target' : part;
}

/**
 * The slug of a target: the readable end of its text plus `-` and the first `hexLength` hex
 * digits of the sha256 of the text (`scope-pkg-1.2.3-0a1b2c3d`). Same text, same slug, in every
 * run; only `[a-z0-9._-]`, never `.` or `..`, at most 60 + 1 + hexLength characters.
 */
export function targetSlug(target: string, hexLength = 8): string {
  const hash = createHash('sha256').update(target, 'utf8').digest('hex');
  return `${readablePart(target)}-${hash.slice(0, hexLength)}`;
}

/**
 * One slug per distinct target, unique. Targets whose 8-digit slugs collide (equal readable part
 * and hash prefix: rare) all get 16 digits, then 64; so a slug changes only when the list gains
 * a colliding target. Resume keys on the target text, not the slug, so that is harmless.
 */
export function uniqueTargetSlugs(targets: readonly string[]): string[] {
  let slugs = targets.map((t) => targetSlug(t));
  for (const hexLength of [16, 64]) {
    const seen = new Map<string, number>();
    for (const s of slugs) seen.set(s, (seen.get(s) ?? 0) + 1);
    if ([...seen.values()].every((n) => n === 1)) break;
    slugs = slugs.map((s, i) =>
      (seen.get(s) ?? 0) > 1 ? targetSlug(targets[i] ?? '', hexLength) : s,
    );
  }
  return slugs;
}

/** The target of one line, or undefined for a blank or comment line; throws for a bad line. */
function targetOfLine(raw: string, listPath: string, line: number): string | undefined {
  const text = raw.trim();
  if (text === '' || text.startsWith('#')) return undefined;
  const target = text.replace(/\s#.*$/su, '').trim();
  if (target.length > BATCH_LIST_LIMITS.target)
    fail(listPath, line, `target longer than ${BATCH_LIST_LIMITS.target} characters`);
  if (FORBIDDEN.test(target))
    fail(listPath, line, `target has a control or invisible character: ${quoted(target)}`);
  if (target.startsWith('-'))
    fail(listPath, line, `target starts with "-" (write a folder as ./-name): ${quoted(target)}`);
  return target;
}

/**
 * The targets of a list, in order, each once (the first occurrence is kept; later ones are
 * counted on it). Throws AnalyzerError('bad-list') naming the file and line for a list that is
 * too large, has too many targets, or a line that cannot be a target.
 */
export function parseBatchList(text: string, listPath: string): BatchTarget[] {
  if (text.length > BATCH_LIST_LIMITS.chars)
    fail(listPath, undefined, `larger than ${BATCH_LIST_LIMITS.chars >> 20} MiB`);
  const byTarget = new Map<string, Omit<BatchTarget, 'slug'>>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const target = targetOfLine(lines[i] ?? '', listPath, i + 1);
    if (target === undefined) continue;
    const first = byTarget.get(target);
    if (first !== undefined) {
      const d = (first.duplicates ??= { count: 0, lines: [] });
      d.count += 1;
      if (d.lines.length < BATCH_LIST_LIMITS.duplicateLines) d.lines.push(i + 1);
      continue;
    }
    if (byTarget.size >= BATCH_LIST_LIMITS.targets)
      fail(listPath, i + 1, `more than ${BATCH_LIST_LIMITS.targets} targets`);
    byTarget.set(target, { line: i + 1, target });
  }
  const kept = [...byTarget.values()];
  const slugs = uniqueTargetSlugs(kept.map((t) => t.target));
  return kept.map((t, i) => ({ ...t, slug: slugs[i] ?? targetSlug(t.target, 64) }));
}

/** One line per duplicated target (at most `max`): `list.txt:3: "x" also on lines 7, 9: analysed once`. */
export function duplicateNotes(
  targets: readonly BatchTarget[],
  listPath: string,
  max = 20,
): string[] {
  const dup = targets.filter((t) => t.duplicates !== undefined);
  const notes = dup.slice(0, max).map((t) => {
    const d = t.duplicates ?? { count: 0, lines: [] };
    const more = d.count > d.lines.length ? ` and ${d.count - d.lines.length} more` : '';
    const s = d.count === 1 ? '' : 's';
    return `${listPath}:${t.line}: ${quoted(t.target)} also on line${s} ${d.lines.join(', ')}${more}: analysed once`;
  });
  if (dup.length > max) notes.push(`${listPath}: ${dup.length - max} more duplicated targets`);
  return notes;
}
