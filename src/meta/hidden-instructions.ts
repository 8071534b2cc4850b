// Detects instructions aimed at the model rather than documentation of a tool: tags such as
// <IMPORTANT> or [SYSTEM], "do not tell the user", "ignore previous instructions", orders to read
// or send credential and agent-config files (~/.ssh/id_rsa, ~/.cursor/mcp.json, .env), added
// recipients ("always BCC x@y"), and, counted only in pairs, weaker hints (preconditions before
// other tools, "use X instead", urgency, asking for secrets or the conversation, base64 text).
// The text is normalised first (NFKD, invisible characters dropped, look-alikes folded,
// whitespace collapsed, lower case), and a letters-only pass catches spaced-out phrases. Pure.
// Limits: English phrasing only; a paraphrase none of the patterns anticipates, instructions in
// another language, split across several tools or texts, or carried in images are not seen.
// Honest descriptions of a tool's own behaviour ("Read the complete contents of a file") do not
// match: file reads count only for credential and agent-config paths.

import { normaliseForMatching, originalSpan, type Normalised } from './normalise.js';
import {
  PATTERNS,
  SQUEEZED,
  type InstructionKind,
  type InstructionPattern,
} from './instruction-patterns.js';

export type { InstructionKind } from './instruction-patterns.js';

export interface InstructionMatch {
  kind: InstructionKind;
  strong: boolean;
  reason: string;
  /** UTF-16 span in the original text. */
  index: number;
  end: number;
  /** The matched phrase, as normalised (bounded). */
  phrase: string;
}

export interface InstructionOptions {
  /** The text is a prompt by design (prompt message, sampling request): tags are not judged. */
  promptLike?: boolean;
  /** Base64 runs are decoded and scanned (not when already scanning decoded text). */
  decodeBase64?: boolean;
}

const MAX_MATCHES = 30;
const MAX_BLOBS = 10;
const BASE64_RUN = /[A-Za-z0-9+/]{32,}={0,2}/g;

function scan(n: Normalised, patterns: readonly InstructionPattern[], promptLike: boolean) {
  const found: InstructionMatch[] = [];
  for (const pat of patterns) {
    if (promptLike && pat.notInPrompts) continue;
    pat.re.lastIndex = 0;
    const m = pat.re.exec(n.text);
    if (!m) continue;
    const [index, end] = originalSpan(n, m.index, m[0].length);
    const phrase = m[0].trim().slice(0, 200);
    found.push({ kind: pat.kind, strong: pat.strong, reason: pat.reason, index, end, phrase });
  }
  return found;
}

/** The normalised text reduced to letters and digits, keeping offsets. */
function squeeze(n: Normalised): Normalised {
  let text = '';
  const at: number[] = [];
  for (let i = 0; i < n.text.length; i += 1) {
    const c = n.text[i] ?? '';
    if (/[a-z0-9]/.test(c)) {
      text += c;
      at.push(n.at[i] ?? 0);
    }
  }
  return { text, at, source: n.source };
}

/** Text decoded from a base64 run when it reads as text (mostly printable, has spaces). */
export function readableBase64(run: string): string | undefined {
  const bytes = Buffer.from(run, 'base64');
  if (bytes.length < 16) return undefined;
  let printable = 0;
  for (const b of bytes) if ((b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x09) printable += 1;
  const text = bytes.toString('utf8');
  return printable / bytes.length >= 0.95 && text.includes(' ') ? text : undefined;
}

function base64Matches(text: string, opts: InstructionOptions): InstructionMatch[] {
  const found: InstructionMatch[] = [];
  let blobs = 0;
  for (const m of text.matchAll(BASE64_RUN)) {
    if (blobs++ >= MAX_BLOBS) break;
    const decoded = readableBase64(m[0].slice(0, 8192));
    if (!decoded) continue;
    const inner = findHiddenInstructions(decoded, { ...opts, decodeBase64: false });
    const strong = inner.some((x) => x.strong);
    const reason = strong
      ? `base64 text that decodes to instructions (${inner.find((x) => x.strong)?.reason ?? ''})`
      : 'base64 text that decodes to readable text';
    const end = m.index + m[0].length;
    found.push({
      kind: 'encoded',
      strong,
      reason,
      index: m.index,
      end,
      phrase: decoded.slice(0, 200),
    });
  }
  return found;
}

/** Every instruction pattern found in `text` (one match per pattern), in text order. */
export function findHiddenInstructions(
  text: string,
  opts: InstructionOptions = {},
): InstructionMatch[] {
  const promptLike = opts.promptLike ?? false;
  const n = normaliseForMatching(text, { drop: '*' });
  const found = scan(n, PATTERNS, promptLike);
  for (const s of scan(squeeze(n), SQUEEZED, promptLike)) {
    if (!found.some((f) => f.kind === s.kind)) found.push(s);
  }
  if (opts.decodeBase64 ?? true) found.push(...base64Matches(text, opts));
  return found.sort((a, b) => a.index - b.index).slice(0, MAX_MATCHES);
}

/** Instructions worth reporting: one strong match, or weak matches of two different kinds. */
export function isInstructionLike(matches: readonly InstructionMatch[]): boolean {
  if (matches.some((m) => m.strong)) return true;
  return new Set(matches.map((m) => m.kind)).size >= 2;
}

/** The matches a report leads with: strong ones first, then the rest. */
export function leadingMatches(matches: readonly InstructionMatch[]): InstructionMatch[] {
  return [...matches.filter((m) => m.strong), ...matches.filter((m) => !m.strong)];
}
