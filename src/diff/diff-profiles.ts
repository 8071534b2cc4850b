// Compares two behaviour profiles (old version, new version): per category the entries added,
// removed and kept, the tool definitions added, removed and changed (with a line diff), the
// instructions, and a verdict: risky when the new version adds behaviour (a host, connection,
// request shape, key, value of interest, recipient, credential sent, process, file change,
// install script or finding at medium and above) or adds or changes a tool definition or the
// instructions. Removals alone are not risky. Pure.
// Limits: only what both runs saw is compared (see behaviour-profile.ts); a category cut at its
// bound in either profile may hide additions past the cut (listed in `truncated`).
import { diffLines, foldUnchanged, type DiffOp } from '../../reports/line-diff.js';
import { addedText, part, removedText } from './difference-text.js';
import {
  CATEGORIES,
  TOOL_FIELDS,
  entryKey,
  type BehaviourProfile,
  type CategoryId,
  type ProfileEntry,
  type ToolFingerprint,
} from './profile-types.js';

export interface CategoryDiff {
  category: CategoryId;
  label: string;
  added: ProfileEntry[];
  removed: ProfileEntry[];
  /** In both profiles (for showing the two sides in full). */
  same: ProfileEntry[];
}

export interface EntryDifference {
  kind: 'entry';
  category: CategoryId;
  change: 'added' | 'removed';
  entry: ProfileEntry;
  risky: boolean;
  /** A value or recipient of a new key: its text is part of that key's (left out of reasons). */
  folded: boolean;
  text: string;
}

export interface DefinitionDifference {
  kind: 'tool' | 'instructions';
  change: 'added' | 'removed' | 'changed';
  /** The tool's name (absent for instructions). */
  name?: string;
  /** The parts of a changed tool that differ. */
  fields: string[];
  before: string;
  after: string;
  /** Line diff of before -> after, unchanged runs folded; null when too large to compute. */
  lines: DiffOp[] | null;
  risky: boolean;
  text: string;
}

export type Difference = EntryDifference | DefinitionDifference;

export interface ProfileDiff {
  old: BehaviourProfile['report'];
  new: BehaviourProfile['report'];
  categories: CategoryDiff[];
  differences: Difference[];
  risky: boolean;
  /** The texts of the risky differences (values folded into their new key), bounded. */
  reasons: string[];
  /** Categories cut at their bound in either profile. */
  truncated: CategoryId[];
}

/** Most reasons listed; the rest are counted. */
const MAX_REASONS = 50;

function diffCategory(
  category: CategoryId,
  label: string,
  a: readonly ProfileEntry[],
  b: readonly ProfileEntry[],
): CategoryDiff {
  const before = new Set(a.map(entryKey));
  const after = new Set(b.map(entryKey));
  return {
    category,
    label,
    added: b.filter((e) => !before.has(entryKey(e))),
    removed: a.filter((e) => !after.has(entryKey(e))),
    same: b.filter((e) => before.has(entryKey(e))),
  };
}

/** Where an entry sat, for matching values to the key that carried them. */
function placeKey(e: ProfileEntry): string {
  return `${e.phase}\u0000${e.subject}\u0000${e.detail ?? ''}`;
}

/** Added and removed entries as differences; values of a new key are folded into its text. */
function entryDifferences(diff: CategoryDiff[]): EntryDifference[] {
  const byCategory = new Map(diff.map((d) => [d.category, d]));
  const newKeys = new Set((byCategory.get('keys')?.added ?? []).map(placeKey));
  const valuesAt = new Map<string, string[]>();
  for (const v of byCategory.get('values')?.added ?? []) {
    const list = valuesAt.get(placeKey(v)) ?? [];
    if (v.value !== undefined && !list.includes(v.value)) list.push(v.value);
    valuesAt.set(placeKey(v), list);
  }
  const all: EntryDifference[] = [];
  for (const d of diff) {
    const foldable = d.category === 'values' || d.category === 'recipients';
    for (const e of d.added) {
      const values = d.category === 'keys' ? (valuesAt.get(placeKey(e)) ?? []) : [];
      all.push({
        kind: 'entry',
        category: d.category,
        change: 'added',
        entry: e,
        risky: true,
        folded: foldable && newKeys.has(placeKey(e)),
        text: addedText(d.category, e, values),
      });
    }
    for (const e of d.removed)
      all.push({
        kind: 'entry',
        category: d.category,
        change: 'removed',
        entry: e,
        risky: false,
        folded: false,
        text: removedText(d.category, e),
      });
  }
  return all;
}

function lineDiff(before: string, after: string): DiffOp[] | null {
  const ops = diffLines(before, after);
  return ops === null ? null : foldUnchanged(ops);
}

/** Tools added, removed and changed (by fingerprint), then the instructions. */
function definitionDifferences(a: BehaviourProfile, b: BehaviourProfile): DefinitionDifference[] {
  const out: DefinitionDifference[] = [];
  const before = new Map(a.tools.map((t) => [t.name, t]));
  const after = new Map(b.tools.map((t) => [t.name, t]));
  const tool = (
    change: DefinitionDifference['change'],
    name: string,
    x: ToolFingerprint | undefined,
    y: ToolFingerprint | undefined,
    fields: string[],
    text: string,
  ): DefinitionDifference => ({
    kind: 'tool',
    change,
    name,
    fields,
    before: x?.text ?? '',
    after: y?.text ?? '',
    lines: lineDiff(x?.text ?? '', y?.text ?? ''),
    risky: change !== 'removed',
    text,
  });
  for (const [name, x] of before) {
    const y = after.get(name);
    if (!y) out.push(tool('removed', name, x, undefined, [], `tool ${part(name)} removed`));
    else if (x.fingerprint !== y.fingerprint) {
      const fields = TOOL_FIELDS.filter((f) => x.fields[f] !== y.fields[f]);
      const which = fields.length > 0 ? fields.join(', ') : 'definition';
      out.push(
        tool('changed', name, x, y, fields, `tool definition of ${part(name)} changed: ${which}`),
      );
    }
  }
  for (const [name, y] of after)
    if (!before.has(name))
      out.push(tool('added', name, undefined, y, [], `new tool ${part(name)}`));
  if (a.instructions.fingerprint !== b.instructions.fingerprint)
    out.push({
      kind: 'instructions',
      change: 'changed',
      fields: ['instructions'],
      before: a.instructions.text,
      after: b.instructions.text,
      lines: lineDiff(a.instructions.text, b.instructions.text),
      risky: true,
      text: 'server instructions changed',
    });
  return out;
}

/** The differences from `oldProfile` to `newProfile`, and whether the new one adds behaviour. */
export function diffProfiles(
  oldProfile: BehaviourProfile,
  newProfile: BehaviourProfile,
): ProfileDiff {
  const categories = CATEGORIES.map((c) =>
    diffCategory(c.id, c.label, oldProfile.categories[c.id], newProfile.categories[c.id]),
  );
  const differences: Difference[] = [
    ...definitionDifferences(oldProfile, newProfile),
    ...entryDifferences(categories),
  ];
  const risky = differences.filter((d) => d.risky);
  const reasons = risky.filter((d) => !(d.kind === 'entry' && d.folded)).map((d) => d.text);
  const cut =
    reasons.length > MAX_REASONS
      ? [...reasons.slice(0, MAX_REASONS), `… and ${reasons.length - MAX_REASONS} more`]
      : reasons;
  return {
    old: oldProfile.report,
    new: newProfile.report,
    categories,
    differences,
    risky: risky.length > 0,
    reasons: cut,
    truncated: [...new Set([...oldProfile.truncated, ...newProfile.truncated])].sort(),
  };
}
