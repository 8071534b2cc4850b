// How a reference to another tool reads in its sentence (for shadowing.ts, whose header states
// the rule): only compared with ("use this instead of X for …", "unlike X", "prefer this over X",
// also when X is one of a list), or instructed about: forbidden ("never call X", "… never call
// it"), said to be broken or unsafe, or, when this tool replaces X, X's input diverted here
// ("instead of calling X, send the command to this tool"). Pure; every pattern runs on a bounded
// slice (the 80 characters before the name, its sentence of at most 400).
// Limits: English phrasing only; the comparison must sit right before the name (up to an
// article, a verb such as "calling" and two qualifiers such as "built-in"); a pronoun counts
// only after "never" ("never call it").

/** Claims that a tool is broken or unsafe (not "deprecated" or "disabled": honest notes say so). */
export const BROKEN =
  '(?:broken|compromised|hacked|malicious|unsafe|insecure|not (?:working|safe|secure|to be trusted)|no longer (?:works|working|safe))\\b';

const VERBING = '(?:using|calling|invoking|running|executing)';
const QUALIFIER =
  '(?:built-?in|default|standard|generic|plain|native|regular|basic|usual|normal|other|existing|legacy|old|older)';
/** Words before a name that make it what this tool is compared with, and which replace it. */
const COMPARED = new RegExp(
  `\\b(?:(instead\\s+of|rather\\s+than|in\\s+place\\s+of|as\\s+opposed\\s+to|replacement\\s+(?:for|of)|replaces|replacing|supersedes)|unlike|like|similar\\s+to|same\\s+as|equivalent\\s+(?:to|of)|analogous\\s+to|akin\\s+to|alternative\\s+(?:to|for)|compared\\s+(?:to|with)|over|than|versus|vs\\.?|see(?:\\s+also)?:?|successor\\s+(?:to|of)|counterpart\\s+(?:to|of))\\s+(?:${VERBING}\\s+)?(?:(?:the|a|an)\\s+)?(?:${QUALIFIER}\\s+){0,2}[\`'"]?$`,
  'i',
);
const LISTED = `[\`'"]?[A-Za-z][\\w-]*[\`'"]?(?:\\s+(?:tool|function))?`;
/** Earlier names of a list the name ends ("instead of read_file, list_dir or X"). */
const LIST_END = new RegExp(
  `(?:${LISTED}\\s*,\\s*)*${LISTED}\\s*(?:\\/|,?\\s*\\b(?:or|and)\\b)\\s*$`,
  'i',
);
/** Earlier names of a list the name is inside ("instead of read_file, X or list_dir"). */
const LIST_MID = new RegExp(`(?:${LISTED}\\s*,\\s*)+$`, 'i');
const LIST_NEXT = /^[`'"]?(?:\s+(?:tool|function))?\s*(?:,|\/|\bor\b|\band\b)/i;
const NOT =
  "(?:never|(?:do|must|should|shall)\\s+not|(?:don|mustn|shouldn)'?t|avoid|stop|no longer)";
const USE =
  '(?:use|call|invoke|run|execute|using|calling|invoking|running|executing|trust|rely on)';
/** Words before a name that forbid it. */
const FORBIDDEN = new RegExp(`\\b${NOT}\\s+(?:ever\\s+)?${USE}\\s+(?:the\\s+)?[\`'"]?$`, 'i');
/** Sending something to this tool (in a sentence that replaces another). */
const DIVERT =
  /\b(?:send|pass|forward|route|redirect|give|submit|hand|provide|relay|direct|put)\b(?:[^.!?\n]|\.(?=\S)){0,60}?(?:\bhere\b|\bto (?:this|me|us)\b|\b(?:through|via|into) this\b)/i;
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The end of `s`, at most `n` characters, from the start of a word (keeps the regexes cheap). */
function tail(s: string, n: number): string {
  if (s.length <= n) return s;
  const t = s.slice(-n);
  if (/\s/.test(s[s.length - n - 1] ?? ' ')) return t;
  return t.replace(/^\S*/, '');
}

/** Patterns of a sentence that forbids the named tool or calls it broken. */
export interface AboutName {
  forbids: RegExp;
  broken: RegExp;
}

/** The patterns for `raw`, compiled once a call. */
function aboutName(raw: string, cache: Map<string, AboutName>): AboutName {
  const known = cache.get(raw);
  if (known) return known;
  const name = `[\`'"]?${escapeRe(raw)}[\`'"]?(?:\\s+(?:tool|function))?`;
  const about = {
    forbids: new RegExp(
      `\\b(?:${NOT}\\s+(?:ever\\s+)?${USE}\\s+(?:the\\s+)?${name}|never\\s+${USE}\\s+(?:it|them))(?![\\w-])`,
      'i',
    ),
    broken: new RegExp(
      `${name}(?:\\s*,?\\s*which)?\\s+(?:is|are|has been|was)\\s+(?:now\\s+|currently\\s+)?${BROKEN}`,
      'i',
    ),
  };
  cache.set(raw, about);
  return about;
}

/**
 * How a candidate reads in its sentence: `undefined` when it is only compared with (see the
 * header), else the context to report (the given one unless the sentence says more).
 */
export function judgeReference(
  sentence: string,
  around: { before: string; after: string },
  raw: string,
  context: string,
  cache: Map<string, AboutName>,
): string | undefined {
  const { before, after } = around;
  const end = before.slice(-8);
  let prefix = /(?:\/|\b(?:or|and))\s*$/i.test(end) ? before.replace(LIST_END, '') : before;
  if (/,\s*$/.test(end) && LIST_NEXT.test(after)) prefix = prefix.replace(LIST_MID, '');
  prefix = tail(prefix, 50); // the longest cue ("as opposed to executing the …") fits
  if (FORBIDDEN.test(prefix)) return 'told not to use it';
  const compared = COMPARED.exec(prefix);
  if (!compared) return context === 'named as what this tool replaces' ? undefined : context;
  const about = aboutName(raw, cache);
  if (about.forbids.test(sentence)) return 'told not to use it';
  if (about.broken.test(sentence)) return 'said to be broken or unsafe';
  if (compared[1] && DIVERT.test(sentence)) return 'told to send what is meant for it here';
  return undefined;
}
