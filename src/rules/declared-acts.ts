// What a tool says it does, from its name, title (or annotations.title) and description: runs
// commands, reads files, opens URLs. Rules use it to tell a tool doing its stated job (shown for
// review, the declaration quoted) from the same act by a tool that never said so. Pure; reads a
// bounded prefix of hostile text and returns a bounded, cleaned quote.
// Why it may lower a severity: the declaration is what the user and the model see when they
// pick the tool, so the act is disclosed; acts that are dangerous whoever does them (a shell that
// fetches and runs code) are judged without it. Managing processes (kill_process,
// terminate_session) counts as running commands: a shell running `kill` is that tool's job.
// Limits: English wording only; a malicious tool can declare an act to get the lower severity
// (the rules that use this keep the dangerous cases high). Negated sentences ("does not run
// commands") declare nothing. Annotations other than title declare nothing: destructiveHint and
// openWorldHint say a tool changes things or talks to the world, not that it runs commands.
import type { ToolDefinition } from '../domain/types.js';

export type Act = 'run-commands' | 'read-files' | 'open-urls';

export interface Declaration {
  act: Act;
  source: 'name' | 'title' | 'description';
  /** The name, title or sentence that declares it (cleaned, at most QUOTE_MAX characters). */
  quote: string;
}

export const QUOTE_MAX = 120;
const TEXT_MAX = 4000;

interface Wording {
  /** Name (or title) words: one of `verbs` with one of `objects`, or a name that is one word. */
  verbs: ReadonlySet<string>;
  objects: ReadonlySet<string>;
  alone: ReadonlySet<string>;
  /** Description sentences that declare the act. */
  sentence: readonly RegExp[];
}

const set = (words: string) => new Set(words.split(' '));

const WORDING: Record<Act, Wording> = {
  'run-commands': {
    verbs: set('run execute exec start spawn launch invoke interact open kill terminate stop'),
    objects: set(
      'command commands cmd cmds shell bash zsh sh terminal process processes subprocess script scripts program powershell pwsh',
    ),
    alone: set('shell bash sh zsh terminal exec execute cmd command powershell pwsh'),
    sentence: [
      /\b(?:run|runs|running|execute|executes|executing|exec|spawn|spawns|spawning|launch|launches|launching|start|starts|starting|invoke|invokes|invoking)\b[^.!?\n]{0,40}?\b(?:shell|bash|zsh|terminal|commands?|cmds?|subprocess(?:es)?|process(?:es)?(?! of\b)|scripts?|programs?|executables?|binar(?:y|ies))\b/i,
      /\b(?:shell|terminal|bash|command[- ]line|cli|system) commands?\b/i,
      /\binteract(?:s|ing)? with\b[^.!?\n]{0,30}?\b(?:process(?:es)?|terminal|shell|repl|session)s?\b/i,
    ],
  },
  'read-files': {
    verbs: set('read get cat view open load show'),
    objects: set('file files document documents pdf'),
    alone: set('cat'),
    sentence: [
      /\b(?:read|reads|reading|open|opens|load|loads|view|views|return|returns|show|shows|get|gets)\b[^.!?\n]{0,40}?\b(?:contents? of (?:a |the |any )?(?:local )?files?|files?(?:'s)? contents?|(?:a |the |any )?(?:local |text |specified |given )?files?\b(?! names?| list| paths?))/i,
    ],
  },
  'open-urls': {
    verbs: set('fetch get open browse navigate visit download scrape crawl load goto'),
    objects: set('url urls uri page pages website web link links site http html browser'),
    alone: set('fetch navigate browse download scrape crawl curl'),
    sentence: [
      /\b(?:fetch|fetches|fetching|open|opens|navigate|navigates|visit|visits|download|downloads|scrape|scrapes|crawl|crawls|browse|browses|load|loads|retrieve|retrieves|get|gets|request|requests)\b[^.!?\n]{0,40}?\b(?:urls?|uris?|web ?pages?|websites?|web|pages?|links?|https?|browser)\b/i,
    ],
  },
};

const NEGATION = /\b(?:not|never|no|without|cannot)\b|n't\b/i;

/** Control, format and separator characters out, whitespace collapsed, bounded. */
export function cleanQuote(text: string): string {
  const flat = text
    .slice(0, QUOTE_MAX * 4)
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(flat);
  return chars.length <= QUOTE_MAX ? flat : `${chars.slice(0, QUOTE_MAX - 1).join('')}…`;
}

/** Words of a name or title: `runTerminalCmd`, `execute_command`, `Run Command` → lower words. */
function wordsOf(name: string): string[] {
  return name
    .slice(0, 200)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

function nameDeclares(name: string, w: Wording): boolean {
  if (NEGATION.test(name.replace(/[_-]/g, ' '))) return false;
  const words = wordsOf(name);
  if (words.length === 1) return w.alone.has(words[0] ?? '');
  return words.some((x) => w.verbs.has(x)) && words.some((x) => w.objects.has(x));
}

/** The first sentence of `text` that declares the act without negating it. */
function sentenceDeclaring(text: string, w: Wording): string | undefined {
  const sentences = text.slice(0, TEXT_MAX).split(/(?<=[.!?])\s+|\n+/);
  for (const s of sentences) {
    for (const re of w.sentence) {
      const m = re.exec(s);
      if (m && !NEGATION.test(s.slice(0, m.index + m[0].length))) return s;
    }
  }
  return undefined;
}

function titleOf(tool: ToolDefinition): string | undefined {
  if (typeof tool.title === 'string' && tool.title !== '') return tool.title;
  const a = tool.annotations;
  if (a && typeof a === 'object' && 'title' in a && typeof a.title === 'string') return a.title;
  return undefined;
}

/** How the tool declares the act, or undefined when it does not. */
export function declaration(tool: ToolDefinition | undefined, act: Act): Declaration | undefined {
  if (!tool) return undefined;
  const w = WORDING[act];
  const name = typeof tool.name === 'string' ? tool.name : '';
  if (nameDeclares(name, w)) return { act, source: 'name', quote: cleanQuote(name) };
  const title = titleOf(tool);
  if (title !== undefined && (nameDeclares(title, w) || sentenceDeclaring(title, w) !== undefined))
    return { act, source: 'title', quote: cleanQuote(title) };
  const description = typeof tool.description === 'string' ? tool.description : '';
  const sentence = sentenceDeclaring(description, w);
  return sentence === undefined
    ? undefined
    : { act, source: 'description', quote: cleanQuote(sentence) };
}

/** Every act the tool declares. */
export function declarations(tool: ToolDefinition): Declaration[] {
  return (['run-commands', 'read-files', 'open-urls'] as const)
    .map((act) => declaration(tool, act))
    .filter((d): d is Declaration => d !== undefined);
}
