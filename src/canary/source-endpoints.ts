// What the package's own source says about where it talks: the default of each endpoint
// variable it reads (`process.env.X_API_URL || 'https://api.x.example'`) and the hosts its URL
// literals name. Used to leave optional endpoint variables unset (the package then uses its real
// default) and to tell a package's own credential which service it belongs to. The text is
// hostile: it is only matched with bounded regular expressions, never evaluated.
// Limits: a default computed at run time (a function call, a template with variables) counts as
// "has a default" with no known host; a URL assembled from pieces is not seen as a host.

/** Variables that name where a package connects (not credentials). */
export const ENDPOINT_NAME = /(_URL|_URI|_ENDPOINT|_HOST|HOSTNAME|_BASE|_API_BASE|_SERVER_URL)$/i;

export interface SourceEndpoints {
  /** Endpoint variables with a default in the source: its host when a literal URL or host. */
  defaults: Map<string, string | undefined>;
  /** Hosts named by URL literals in the source (lower-case, bounded). */
  hosts: string[];
}

const MAX_HOSTS = 500;
/** Fallbacks that leave the variable without a value. */
const NO_VALUE = new Set(['undefined', 'null', 'false', 'None', 'void']);
const ID = '[A-Za-z_$][\\w$]{0,63}';
const HOST_IN_URL = /\bhttps?:\/\/([a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9-]{1,63})+)/gi;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The host of a URL or bare host literal, lower-case; undefined when it is neither. */
export function hostOfLiteral(literal: string): string | undefined {
  const text = literal.trim();
  const url = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#\s]*@)?(\[[0-9a-f:.]+\]|[^:/?#\s]+)/i.exec(text);
  const host = url ? url[1] : /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(text) ? text : undefined;
  return host?.toLowerCase().replace(/^\[|\]$/g, '');
}

/** The string a constant is set to (`const DEFAULT_URL = "https://…"`), one level deep. */
function constantValue(text: string, name: string): string | undefined {
  const re = new RegExp(
    `(?:^|[^\\w$.])${escapeRe(name)}\\s*[:=]\\s*(['"\`])([^'"\`\\n]{1,300})\\1`,
  );
  return re.exec(text)?.[2];
}

/** The `{ … }` of each `const { … } = process.env` in the text (bounded). */
function destructuringBlocks(text: string): string[] {
  const blocks: string[] = [];
  for (const m of text.matchAll(/\}\s*=\s*process\.env\b/g)) {
    if (blocks.length >= 50) break;
    const before = text.slice(Math.max(0, m.index - 2000), m.index);
    const open = before.lastIndexOf('{');
    if (open >= 0) blocks.push(before.slice(open + 1));
  }
  return blocks;
}

/** The default given to `name` in this text: a literal, a constant's value, or '' when unknown. */
function defaultIn(text: string, name: string): string | undefined {
  const n = escapeRe(name);
  const read = `(?:process\\.env\\.${n}\\b|process\\.env\\[\\s*['"\`]${n}['"\`]\\s*\\])`;
  const fallback = new RegExp(
    `${read}\\s*(?:\\|\\||\\?\\?)\\s*(?:(['"\`])([^'"\`\\n]{0,300})\\1|(${ID}(?:\\.${ID}){0,3}))`,
  );
  const py = new RegExp(
    `(?:os\\.environ\\.get|os\\.getenv)\\(\\s*['"]${n}['"]\\s*,\\s*(?:(['"])([^'"\\n]{0,300})\\1|(${ID}))`,
  );
  const inDestructuring = new RegExp(`\\b${n}\\s*=\\s*(?:(['"\`])([^'"\`\\n]{0,300})\\1|(${ID}))`);
  const matches = [
    ...destructuringBlocks(text).map((block) => inDestructuring.exec(block)),
    fallback.exec(text),
    py.exec(text),
  ];
  for (const m of matches) {
    if (!m) continue;
    if (m[2] !== undefined) {
      if (m[2].trim() !== '') return m[2];
      continue;
    }
    const ident = m[3] ?? '';
    if (NO_VALUE.has(ident)) continue;
    return constantValue(text, ident.split('.').pop() ?? ident) ?? '';
  }
  return undefined;
}

export function scanSourceEndpoints(
  sources: readonly string[],
  variables: readonly string[],
): SourceEndpoints {
  const defaults = new Map<string, string | undefined>();
  for (const name of variables.filter((v) => ENDPOINT_NAME.test(v))) {
    for (const text of sources) {
      if (!text.includes(name)) continue;
      const value = defaultIn(text, name);
      if (value === undefined) continue;
      defaults.set(name, hostOfLiteral(value));
      break;
    }
  }
  const hosts = new Set<string>();
  for (const text of sources) {
    for (const m of text.matchAll(HOST_IN_URL)) {
      if (hosts.size >= MAX_HOSTS) break;
      hosts.add((m[1] ?? '').toLowerCase());
    }
  }
  return { defaults, hosts: [...hosts].sort() };
}
