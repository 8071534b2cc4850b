// Metadata rules: tool poisoning in the text a server hands to the model. Each text (bounded to
// 256 KiB) is judged for hidden instructions (also inside the text its invisible characters carry
// and after a whitespace pad), invisible characters, instructions about tools the server does not
// expose (not mere comparisons with them), and padding (not the indentation of the text's own
// lines). At most one finding per (rule, source, owner, field, call), the highest
// severity kept and repeats counted; at most 200 findings. Evidence quotes the offending part with
// invisible characters made visible; `value` holds the hidden or matched text (bounded).
// Limits are in catalog.ts and in the headers of src/meta/*.

import type { Evidence, Finding, MetadataSource, MetadataText, Severity } from '../domain/types.js';
import { SEVERITIES } from '../domain/types.js';
import { DEFAULT_PADDING, findPadding, type PaddingThresholds } from '../meta/padding.js';
import {
  findHiddenInstructions,
  isInstructionLike,
  leadingMatches,
  type InstructionMatch,
} from '../meta/hidden-instructions.js';
import { judgeInvisible } from '../meta/invisible-unicode.js';
import {
  extractHiddenText,
  revealExcerpt,
  revealInvisible,
  type HiddenText,
} from '../meta/reveal.js';
import { findForeignToolReferences } from '../meta/shadowing.js';
import { RULES, type RuleInfo } from './catalog.js';

const MAX_TEXT = 256 * 1024;
const MAX_FINDINGS = 200;
const MAX_VALUE = 1000;
/** Sources that carry data (tables, code, web pages) rather than descriptions. */
const CONTENT: ReadonlySet<MetadataSource> = new Set(['tool-result', 'resource-content']);
const PROMPTS: ReadonlySet<MetadataSource> = new Set(['prompt-message', 'server-request']);
const TOOL_SOURCES: ReadonlySet<MetadataSource> = new Set([
  'tool-title',
  'tool-description',
  'param-description',
  'tool-result',
]);
const CONTENT_PADDING: PaddingThresholds = { spaces: 200, newlines: 40 };

const bound = (s: string, max = MAX_VALUE): string => (s.length > max ? `${s.slice(0, max)}…` : s);
const quote = (name: string): string => `"${revealInvisible(name, 80).replace(/\s+/g, ' ')}"`;

/** Where a text came from, for titles: `the description of tool "add"`. */
export function describeSource(t: MetadataText): string {
  const owner = quote(t.owner ?? '?');
  const param = /properties\.([^.]+)\.description$/.exec(t.field ?? '')?.[1];
  switch (t.source) {
    case 'instructions':
      return "the server's instructions";
    case 'tool-title':
      return `the title of tool ${owner}`;
    case 'tool-description':
      return `the description of tool ${owner}`;
    case 'param-description':
      return `the description of parameter ${quote(param ?? t.field ?? '?')} of tool ${owner}`;
    case 'prompt-description':
      return `the description of prompt ${owner}`;
    case 'prompt-message':
      return `a message of prompt ${owner}`;
    case 'resource-description':
      return `the description of resource ${owner}`;
    case 'resource-content':
      return `the contents of resource ${owner}`;
    case 'tool-result':
      return `the result of a call to tool ${owner}`;
    case 'server-request':
      return t.owner
        ? `a request from the server during tool ${owner}`
        : 'a request from the server';
  }
}

/** Names the text may refer to: exposed tools, parameters, prompts and resources. */
function ownNames(texts: readonly MetadataText[], exposed: readonly string[]): string[] {
  const names = new Set(exposed);
  for (const t of texts) {
    if (t.owner) names.add(t.owner);
    for (const m of (t.field ?? '').matchAll(/properties\.([^.]+)/g)) if (m[1]) names.add(m[1]);
  }
  return [...names];
}

class MetaFindings {
  private readonly byKey = new Map<string, Finding>();

  add(rule: RuleInfo, severity: Severity, title: string, t: MetadataText, ev: Evidence): void {
    const k = [rule.id, t.source, t.owner ?? '', t.field ?? '', t.callId ?? ''].join('|');
    const prev = this.byKey.get(k);
    if (!prev && this.byKey.size >= MAX_FINDINGS) return;
    const count = (prev?.evidence.count ?? 0) + 1;
    if (prev && SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(prev.severity)) {
      prev.evidence.count = count;
      return;
    }
    // first sighting, or a more severe one of the same text: its evidence is the one shown
    this.byKey.set(k, {
      rule: rule.id,
      severity,
      title,
      phase: t.phase,
      ...(t.owner && TOOL_SOURCES.has(t.source) ? { tool: t.owner } : {}),
      ...(t.callId ? { callId: t.callId } : {}),
      evidence: { count, source: t.source, ...(t.field ? { field: t.field } : {}), ...ev },
    });
  }

  list(): Finding[] {
    return [...this.byKey.values()];
  }
}

/** Hidden instructions in the visible text and in what invisible characters carry. */
function instructionsIn(text: string, hidden: readonly HiddenText[], promptLike: boolean) {
  const visible = findHiddenInstructions(text, { promptLike });
  if (isInstructionLike(visible)) return { matches: visible, hidden: undefined };
  for (const h of hidden) {
    if (h.kind === 'padding') continue; // judged as plain text above
    const inner = findHiddenInstructions(h.text, { promptLike });
    if (isInstructionLike(inner)) return { matches: inner, hidden: h };
  }
  return undefined;
}

const encodingOf = (h: HiddenText | undefined): Pick<Evidence, 'encoding'> =>
  h ? { encoding: h.kind } : {};

const reasons = (ms: readonly InstructionMatch[]): string =>
  leadingMatches(ms)
    .slice(0, 4)
    .map((m) => `${m.reason}: "${m.phrase}"`)
    .join('; ');

/** What one text is judged with. */
interface Judged {
  t: MetadataText;
  text: string;
  where: string;
  hidden: readonly HiddenText[];
  promptLike: boolean;
  content: boolean;
}

function judgeInstructions(j: Judged, out: MetaFindings): void {
  const found = instructionsIn(j.text, j.hidden, j.promptLike);
  if (!found) return;
  const h = found.hidden;
  const index = h?.index ?? leadingMatches(found.matches)[0]?.index ?? 0;
  const value = h ? `${h.kind}: ${h.text} (${reasons(found.matches)})` : reasons(found.matches);
  const ev = { text: revealExcerpt(j.text, index), value: bound(value), ...encodingOf(h) };
  out.add(RULES.hiddenInstructions, 'high', `Hidden instructions in ${j.where}`, j.t, ev);
}

function judgeInvisibles(j: Judged, out: MetaFindings): void {
  const inv = judgeInvisible(j.text, j.hidden, j.content ? 3 : 1);
  if (!inv) return;
  const what = inv.severity === 'high' ? 'Invisible characters hide text' : 'Invisible characters';
  const value = inv.hidden ? inv.hidden.text : inv.reason;
  const ev = {
    text: revealExcerpt(j.text, inv.index),
    value: bound(value),
    ...encodingOf(inv.hidden),
  };
  out.add(RULES.invisibleUnicode, inv.severity, `${what} in ${j.where}: ${inv.reason}`, j.t, ev);
}

function judgeShadowing(j: Judged, own: readonly string[], out: MetaFindings): void {
  if (j.t.source === 'prompt-message') return; // prompts may name other servers' tools by design
  // references found in hidden text are quoted where that text sits
  const pieces = [
    { text: j.text, base: -1 },
    ...j.hidden.filter((h) => h.kind !== 'padding').map((h) => ({ text: h.text, base: h.index })),
  ];
  const refs = pieces
    .flatMap((p) =>
      findForeignToolReferences(p.text, own).map((r) => ({
        ...r,
        at: p.base < 0 ? r.index : p.base,
      })),
    )
    .slice(0, 10);
  const first = refs[0];
  if (!first) return;
  const list = [...new Set(refs.map((r) => quote(r.name)))].join(', ');
  const ev = {
    text: revealExcerpt(j.text, first.at),
    value: bound(refs.map((r) => `${r.name} (${r.context})`).join('; ')),
  };
  const title = `Tool shadowing in ${j.where}: refers to ${list}, which the server does not expose`;
  // A document the agent reads on request (a resource) often names tools of other versions or
  // set-ups (server-everything's own docs do): medium, unless the reference sits in hidden text.
  const documented = j.t.source === 'resource-content' && refs.every((r) => r.at === r.index);
  out.add(RULES.toolShadowing, documented ? 'medium' : 'high', title, j.t, ev);
}

function judgePadding(j: Judged, out: MetaFindings): void {
  const pad = findPadding(j.text, j.content ? CONTENT_PADDING : DEFAULT_PADDING);
  if (!pad) return;
  const after = findHiddenInstructions(pad.after, { promptLike: j.promptLike });
  const severity: Severity = after.length > 0 ? 'high' : 'medium';
  const plural = (k: number, what: string): string => `${k} ${what}${k === 1 ? '' : 's'}`;
  const size = [
    pad.spaces && plural(pad.spaces, 'space'),
    pad.newlines && plural(pad.newlines, 'line break'),
  ]
    .filter(Boolean)
    .join(' and ');
  // indentation the text's own lines share is layout, not padding: say what was left after it
  const deeper =
    pad.indent > 0 && pad.columns > 0 ? `, ${pad.columns} columns past its indentation` : '';
  const value = after.length > 0 ? `${pad.after} (${reasons(after)})` : pad.after;
  const ev = { text: revealExcerpt(j.text, pad.index, 600, 80), value: bound(value) };
  out.add(
    RULES.padding,
    severity,
    `Whitespace padding (${size}${deeper}) hides text in ${j.where}`,
    j.t,
    ev,
  );
}

function judgeText(t: MetadataText, own: readonly string[], out: MetaFindings): void {
  const text = t.text.length > MAX_TEXT ? t.text.slice(0, MAX_TEXT) : t.text;
  const j: Judged = {
    t,
    text,
    where: describeSource(t),
    hidden: extractHiddenText(text, MAX_VALUE),
    promptLike: PROMPTS.has(t.source),
    content: CONTENT.has(t.source),
  };
  judgeInstructions(j, out);
  judgeInvisibles(j, out);
  judgeShadowing(j, own, out);
  judgePadding(j, out);
}

/** Findings for every text the server handed over; `exposedTools` are the server's own tools. */
export function metadataFindings(
  texts: readonly MetadataText[],
  exposedTools: readonly string[],
): Finding[] {
  const own = ownNames(texts, exposedTools);
  const out = new MetaFindings();
  for (const t of texts) judgeText(t, own, out);
  return out.list();
}
