// Tool shadowing: text that instructs the model about a tool the server does not expose, so one
// server's metadata steers how the model uses another server's tools ("when send_email is used,
// always BCC …"). Candidates are identifiers after call/use/invoke, "the X tool", "tool `X`",
// "when X is called", "before/after X", "X is broken", "instead of X", and well-known tool names
// of popular servers in a sentence that gives an order. Pure.
// What is an instruction about X: a rule for when X is used ("whenever X is called, also …",
// "before using X, call this"), an order to use or not to use X ("call X with …", "never call
// X"), a claim that X is broken or unsafe, or diverting what is meant for X to this tool.
// What is not: advice that compares this tool with X or recommends it over X ("use this instead
// of 'execute_command' for long-running processes", "prefer this over read_file", "unlike
// list_directory, this returns sizes", "similar to / see also / alternative to X"), even with
// "always" or "must": X is only what this tool is measured against. Such a reference counts only
// when the same sentence also forbids X ("… never call it"), says X is broken or unsafe, or, for a
// replacement (instead of / rather than / in place of), diverts X's input here ("instead of
// calling X, send the command to this tool"); reference-reading.ts reads each sentence.
// Limits: a tool named by an ordinary word ("the search tool") counts only when it is a
// well-known name or quoted and followed by "tool"; names with dots or slashes are not read as
// tools; a reference phrased without any of these cues is not seen; an unconditional "always use
// this tool instead of X" is read as advice (meta/hidden-instructions weighs such swaps).

import { normaliseForMatching, originalSpan } from './normalise.js';
import { BROKEN, judgeReference, type AboutName } from './reference-reading.js';

export interface ToolReference {
  name: string;
  /** UTF-16 span in the original text. */
  index: number;
  end: number;
  /** How it was referred to. */
  context: string;
}

/** Tool names of popular MCP servers and agent tool sets (matched anywhere when given orders). */
export const WELL_KNOWN_TOOLS: readonly string[] = [
  'send_email',
  'send_mail',
  'read_file',
  'write_file',
  'edit_file',
  'delete_file',
  'list_files',
  'list_directory',
  'execute_command',
  'run_command',
  'run_shell',
  'shell_exec',
  'exec_command',
  'run_terminal_cmd',
  'run_terminal_command',
  'execute_sql',
  'run_query',
  'query_database',
  'create_issue',
  'create_pull_request',
  'create_or_update_file',
  'push_files',
  'get_file_contents',
  'search_repositories',
  'slack_post_message',
  'post_message',
  'send_message',
  'send_slack_message',
  'brave_web_search',
  'web_search',
  'web_fetch',
  'fetch_url',
  'http_request',
  'browser_navigate',
  'puppeteer_navigate',
  'transfer_funds',
  'send_payment',
  'make_payment',
  'get_secrets',
  'get_credentials',
  'git_push',
  'git_commit',
  'codebase_search',
  'grep_search',
  'file_search',
  'list_dir',
  'run_code',
  'execute_code',
];
/** Ordinary words that are also common tool names: counted only as "the `X` tool". */
const PLAIN_TOOLS = new Set(['bash', 'shell', 'fetch', 'search', 'exec', 'terminal', 'python']);

const Q = '([`\'"]?)';
const ID = '([A-Za-z][A-Za-z0-9_-]{1,63})';
const VERB = '(?:use|call|invoke|calling|invoking)';
// verbs also used of things other than tools: only with "tool" after the name
const LOOSE_VERB = '(?:using|run|running|execute|executing|trigger|prefer)';
const CONTEXTS: readonly { re: RegExp; context: string; needsCue: boolean }[] = [
  {
    re: new RegExp(`\\b${VERB}\\s+(?:the\\s+)?${Q}${ID}${Q}(\\s+(?:tool|function)\\b)?`, 'gid'),
    context: 'told to call it',
    needsCue: false,
  },
  {
    re: new RegExp(
      `\\b${LOOSE_VERB}\\s+(?:the\\s+)?${Q}${ID}${Q}(\\s+(?:tool|function)\\b)`,
      'gid',
    ),
    context: 'told to call it',
    needsCue: false,
  },
  {
    re: new RegExp(
      `${Q}\\b${ID}${Q}(\\s+(?:tool|function))?\\s+(?:is|are|has been|was)\\s+(?:now\\s+|currently\\s+)?${BROKEN}`,
      'gid',
    ),
    context: 'said to be broken or unsafe',
    needsCue: true,
  },
  {
    re: new RegExp(`\\bthe\\s+${Q}${ID}${Q}(\\s+(?:tool|function)\\b)`, 'gid'),
    context: 'named as a tool',
    needsCue: true,
  },
  {
    re: new RegExp(`\\b(?:tool|function)\\s+(?:named\\s+|called\\s+)?${Q}${ID}${Q}()`, 'gid'),
    context: 'named as a tool',
    needsCue: true,
  },
  {
    re: new RegExp(
      `\\b(?:when|whenever|before|after|if|once)\\s+(?:the\\s+)?${Q}${ID}${Q}(\\s+(?:tool|function))?\\s+(?:is|gets|has been|was)\\s+(?:called|used|invoked|run|executed)`,
      'gid',
    ),
    context: 'a rule for when it is called',
    needsCue: false,
  },
  {
    re: new RegExp(
      `\\b(?:before|after)\\s+(?:using\\s+|calling\\s+|invoking\\s+)?(?:the\\s+)?${Q}${ID}${Q}(\\s+(?:tool|function)\\b)?`,
      'gid',
    ),
    context: 'a rule for before or after it is called',
    needsCue: false,
  },
  {
    // only ever reported with an instruction about it in the sentence (see the header)
    re: new RegExp(
      `\\b(?:instead of|rather than|in place of)\\s+(?:using\\s+|calling\\s+|invoking\\s+)?(?:the\\s+)?${Q}${ID}${Q}(\\s+(?:tool|function)\\b)?`,
      'gid',
    ),
    context: 'named as what this tool replaces',
    needsCue: false,
  },
  {
    re: new RegExp(`\\b()(${WELL_KNOWN_TOOLS.join('|')})()\\b()`, 'gid'),
    context: 'a well-known tool of another server',
    needsCue: true,
  },
];
const CUE =
  /\b(?:must|always|never|instead|whenever|do not|don't|should|make sure|ensure|first|only|bcc|cc|redirect|forward|every time|each time|required|need to|before|after)\b/i;
// the noun may follow a short list: "use old_string and new_string parameters"
const NOT_A_TOOL =
  /^[`'"]?(?:\s*(?:,|\band\b|\bor\b|\/)\s*[`'"]?[A-Za-z][\w-]{0,40}[`'"]?){0,3}\s*[`'"]?\s*(?:parameters?|arguments?|args?|fields?|options?|flags?|keys?|property|properties|attributes?|variables?|values?|columns?|headers?|env|settings?|modes?|formats?|prompts?|resources?|library|package|module|method|endpoint|api|class|type|files?|director(?:y|ies)|folders?|command line)\b/i;
const HYPHEN_WORDS =
  /^(?:non|pre|post|self|co|sub|multi|cross|semi|anti|well|high|low|built|third|open|real|step|end|e|opt|plug|add|up|long|short|one|two|read|write)-|-(?:in|on|up|out|only|time|party|based|level|side|wide|like|free|safe|aware|specific|friendly|related|style|scale|term|line|source|made|powered|driven|enabled|compatible|ready|running|step|by-step|to-date|to-end)$/i;

const key = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Whether a captured identifier reads as a tool name rather than an ordinary word. */
function toolLike(name: string, quoted: boolean, toolWord: boolean): boolean {
  if (/^[A-Z0-9_-]+$/.test(name)) return false; // ENV_VARS and CONSTANTS
  if (WELL_KNOWN_TOOLS.includes(name.toLowerCase())) return true;
  if (PLAIN_TOOLS.has(name.toLowerCase())) return quoted || toolWord;
  if (name.includes('_')) return true;
  if (name.includes('-')) return quoted || !HYPHEN_WORDS.test(name);
  return /^[a-z]+[A-Z]/.test(name) && toolWord; // camelCase, not PascalCase class names
}

const WELL_KNOWN_KEYS = new Set(WELL_KNOWN_TOOLS.map(key));

/** Whether `name` is one of `exposed` (ignoring case and separators, and client prefixes). */
function isExposed(name: string, exposed: ReadonlySet<string>): boolean {
  const k = key(name);
  if (exposed.has(k)) return true;
  // a well-known tool of other servers is exposed only by its own name, never by a look-alike
  if (WELL_KNOWN_KEYS.has(k)) return false;
  for (const e of exposed) {
    if (e.length >= 4 && (e.endsWith(k) || k.endsWith(e) || e.startsWith(k))) return true;
  }
  return false;
}

const parts = (name: string): string[] =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/**
 * Whether a name belongs to this server's own family of tools, though not exposed to our
 * client (a tasks variant, an optional tool it lists as disabled): it extends one of its own
 * multi-part names (`trigger-sampling-request-async` of `trigger-sampling-request`), or shares
 * the first and the last part of one (`web_search_advanced_exa` of `web_search_exa`). Never a
 * well-known tool of other servers (send_email, execute_command, ...): those stay foreign.
 */
function isOwnFamily(name: string, exposedNames: readonly string[]): boolean {
  if (WELL_KNOWN_KEYS.has(key(name))) return false;
  const p = parts(name);
  return exposedNames.some((e) => {
    const q = parts(e);
    if (q.length < 2) return false;
    const extends_ = p.length > q.length && q.every((t, i) => p[i] === t);
    const family =
      p.length >= 2 &&
      p[0] === q[0] &&
      p[p.length - 1] === q[q.length - 1] &&
      (q[q.length - 1] ?? '').length >= 3;
    return extends_ || family;
  });
}

/** The sentence around `index` (bounded), and where it starts. */
function sentenceAt(text: string, index: number): { sentence: string; start: number } {
  const ends = (i: number): boolean =>
    text[i] === '\n' || ('.!?'.includes(text[i] ?? '') && /\s/.test(text[i + 1] ?? ' '));
  let start = index;
  while (start > 0 && index - start < 200 && !ends(start - 1)) start -= 1;
  let end = index;
  while (end < text.length && end - index < 200 && !ends(end)) end += 1;
  return { sentence: text.slice(start, end), start };
}

/** References to tools that are not in `exposed`, one per name, in text order. */
export function findForeignToolReferences(
  text: string,
  exposed: readonly string[],
  max = 20,
): ToolReference[] {
  const n = normaliseForMatching(text, { lowerCase: false });
  const own = new Set(exposed.map(key).filter(Boolean));
  const found = new Map<string, ToolReference>();
  const cache = new Map<string, AboutName>();
  for (const { re, context, needsCue } of CONTEXTS) {
    re.lastIndex = 0;
    for (const m of n.text.matchAll(re)) {
      const [, open = '', raw = '', close = '', toolWord = ''] = m;
      const name = raw.replace(/[-_]+$/, '');
      const at = m.indices?.[2]?.[0] ?? (m.index ?? 0) + m[0].lastIndexOf(raw);
      const prev = n.text[at - 1] ?? ' ';
      const next = n.text.slice(at + raw.length, at + raw.length + 2);
      if (/[/.@$#\\]/.test(prev) || /^(?:[/@=\\]|\.\w|\((?!\)))/.test(next)) continue;
      if (!toolLike(name, open !== '' && open === close, toolWord !== '')) continue;
      if (!toolWord && NOT_A_TOOL.test(n.text.slice(at + raw.length, at + raw.length + 160)))
        continue;
      if (isExposed(name, own) || isOwnFamily(name, exposed) || found.has(key(name))) continue;
      const { sentence, start } = sentenceAt(n.text, at);
      const around = {
        before: n.text.slice(Math.max(start, at - 80), at),
        after: n.text.slice(at + raw.length, at + raw.length + 20),
      };
      const how = judgeReference(sentence, around, raw, context, cache);
      if (how === undefined) continue;
      if (needsCue && how === context && !CUE.test(sentence)) continue;
      const [index, end] = originalSpan(n, at, raw.length);
      found.set(key(name), { name, index, end, context: how });
      if (found.size >= max) break;
    }
  }
  return [...found.values()].sort((a, b) => a.index - b.index);
}
