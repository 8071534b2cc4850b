// Text for the SARIF log. Much of it comes from the sandbox (titles, hosts, paths, command lines,
// tool names), so every string is bounded and its control, format and invisible characters
// (bidi overrides, zero-width and tag characters) are shown as \u{XXXX} markers, the way the HTML
// report shows them, rather than dropped: a reviewer should see that a name hides something, and
// no viewer of the log can be made to reorder or hide text. Only \n and \t are kept.
import { clip, visible } from './html.js';

/** Longest text field the log carries (message texts, evidence values). */
export const MAX_TEXT = 1000;

/** Hostile text made safe for a SARIF string: bounded, invisibles made visible, \r\n as \n. */
export function safeText(s: string | undefined | null, max: number = MAX_TEXT): string {
  if (s === undefined || s === null) return '';
  // clip before the marker pass so a huge string costs no more than a short one
  const head = clip(String(s), max * 2).replace(/\r\n/g, '\n');
  return clip(visible(head, { multiline: true }), max);
}

/**
 * Plain message text: SARIF reads `[text](n)` as an embedded link to a related location, so
 * literal brackets are escaped with a backslash (SARIF 2.1.0 §3.11.6).
 */
export function messageText(s: string): string {
  return s.replace(/[[\]]/g, (c) => `\\${c}`);
}

/**
 * Markdown for rule help (catalog text, ours, but it quotes things like `<IMPORTANT>` and
 * `*.github.com`): CommonMark punctuation escaped so it shows as written, never as markup.
 */
export function markdownText(s: string): string {
  return s.replace(/[\\`*_{}[\]<>#|~!]/g, (c) => `\\${c}`);
}

/** `net/raw-ip` -> `NetRawIp` (reportingDescriptor.name). */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
