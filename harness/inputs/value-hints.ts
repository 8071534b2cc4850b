// Property name (and, failing that, description) -> what the value means, so generated arguments
// look like what a developer would send: `to` gets an address, `path` a file path. Heuristic and
// English-only; an unknown name gives no hint and the generators fall back to format or type.

export type ValueHint =
  | 'email'
  | 'sender-email'
  | 'person-name'
  | 'first-name'
  | 'last-name'
  | 'username'
  | 'company'
  | 'subject'
  | 'body'
  | 'html'
  | 'text'
  | 'title'
  | 'url'
  | 'hostname'
  | 'ip'
  | 'port'
  | 'path'
  | 'directory'
  | 'filename'
  | 'amount'
  | 'quantity'
  | 'page'
  | 'percent'
  | 'duration'
  | 'year'
  | 'coordinate'
  | 'date'
  | 'date-time'
  | 'id'
  | 'uuid'
  | 'query'
  | 'sql'
  | 'command'
  | 'code'
  | 'language'
  | 'country'
  | 'currency'
  | 'timezone'
  | 'phone'
  | 'address'
  | 'city'
  | 'postal-code'
  | 'iban'
  | 'card-number'
  | 'password'
  | 'api-key'
  | 'tag'
  | 'version'
  | 'mime'
  | 'color'
  | 'repo'
  | 'branch'
  | 'role';

interface Name {
  words: Set<string>;
  last: string;
  joined: string;
}
type Test = (n: Name) => boolean;

const has = (n: Name, ...words: string[]): boolean => words.some((w) => n.words.has(w));
const any =
  (...words: string[]): Test =>
  (n) =>
    has(n, ...words);
const lastIs =
  (...words: string[]): Test =>
  (n) =>
    words.includes(n.last);
const named =
  (...joined: string[]): Test =>
  (n) =>
    joined.includes(n.joined);

// First match wins, so the specific rules (countryCode, fileName, ipAddress) precede the general.
const RULES: [ValueHint, Test][] = [
  ['iban', any('iban')],
  ['card-number', (n) => (has(n, 'card') && !has(n, 'type')) || has(n, 'pan')],
  ['password', any('password', 'passwd', 'pwd', 'passphrase')],
  ['api-key', (n) => has(n, 'apikey', 'secret') || (has(n, 'api') && has(n, 'key'))],
  [
    'api-key',
    (n) => has(n, 'token', 'credential', 'credentials') && !has(n, 'page', 'next', 'max', 'count'),
  ],
  ['sender-email', (n) => ['from', 'sender'].includes(n.last) || n.joined === 'replyto'],
  [
    'email',
    (n) =>
      named('to', 'cc', 'bcc')(n) ||
      has(n, 'email', 'emails', 'mail', 'recipient', 'recipients', 'addressee'),
  ],
  ['mime', (n) => has(n, 'mime', 'contenttype') || (has(n, 'content') && has(n, 'type'))],
  ['country', any('country', 'countries')],
  ['currency', any('currency')],
  ['language', any('language', 'languages', 'lang', 'locale')],
  ['timezone', (n) => has(n, 'timezone', 'tz') || (has(n, 'time') && has(n, 'zone'))],
  ['postal-code', any('zip', 'zipcode', 'postal', 'postcode')],
  ['phone', any('phone', 'mobile', 'tel', 'telephone', 'fax')],
  ['ip', any('ip', 'ipv4', 'ipv6')],
  ['subject', any('subject')],
  ['html', any('html')],
  ['sql', any('sql', 'statement')],
  ['command', any('command', 'cmd', 'script', 'shell')],
  [
    'filename',
    (n) => named('filename', 'filenames')(n) || (has(n, 'file') && has(n, 'name', 'names')),
  ],
  [
    'directory',
    lastIs('dir', 'dirs', 'directory', 'directories', 'folder', 'folders', 'cwd', 'workdir'),
  ],
  [
    'path',
    lastIs(
      'path',
      'paths',
      'file',
      'files',
      'filepath',
      'source',
      'destination',
      'dest',
      'src',
      'dst',
    ),
  ],
  [
    'url',
    any(
      'url',
      'urls',
      'uri',
      'link',
      'links',
      'href',
      'endpoint',
      'webhook',
      'website',
      'homepage',
      'callback',
    ),
  ],
  ['hostname', any('host', 'hostname', 'domain', 'server')],
  ['port', lastIs('port')],
  ['uuid', any('uuid', 'guid')],
  ['id', lastIs('id', 'ids')],
  ['date-time', (n) => n.last === 'at' || has(n, 'timestamp', 'datetime', 'time')],
  ['date', any('date', 'day', 'since', 'until', 'deadline', 'due', 'birthday', 'dob')],
  ['year', lastIs('year')],
  [
    'first-name',
    (n) => (has(n, 'first') && has(n, 'name')) || has(n, 'firstname', 'given', 'forename'),
  ],
  [
    'last-name',
    (n) => (has(n, 'last') && has(n, 'name')) || has(n, 'lastname', 'surname', 'family'),
  ],
  ['username', (n) => has(n, 'username', 'login', 'handle') || (has(n, 'user') && has(n, 'name'))],
  [
    'person-name',
    (n) =>
      named('name', 'names', 'fullname', 'displayname')(n) ||
      (n.last === 'name' && has(n, 'full', 'display', 'customer', 'contact', 'person', 'owner')) ||
      has(n, 'author', 'assignee', 'customer', 'contact', 'owner', 'reviewer'),
  ],
  [
    'company',
    any('company', 'organization', 'organisation', 'org', 'employer', 'vendor', 'merchant'),
  ],
  ['address', any('address', 'street')],
  ['city', any('city', 'town')],
  [
    'amount',
    any('amount', 'price', 'cost', 'total', 'balance', 'fee', 'payment', 'salary', 'budget'),
  ],
  ['percent', any('percent', 'percentage', 'pct')],
  ['coordinate', any('lat', 'latitude', 'lon', 'lng', 'longitude')],
  ['duration', any('timeout', 'ms', 'seconds', 'secs', 'duration', 'delay', 'interval', 'ttl')],
  ['page', lastIs('page')],
  [
    'quantity',
    any(
      'quantity',
      'qty',
      'count',
      'limit',
      'size',
      'num',
      'max',
      'min',
      'top',
      'head',
      'tail',
      'lines',
      'depth',
      'retries',
      'steps',
      'iterations',
      'repeat',
      'times',
      'attempts',
      'offset',
      'n',
      'k',
    ),
  ],
  ['query', any('query', 'q', 'search', 'keyword', 'keywords', 'term', 'terms')],
  ['code', any('code', 'snippet', 'expression', 'expr')],
  ['body', lastIs('body', 'message', 'messages', 'msg', 'content', 'contents')],
  ['title', any('title', 'heading', 'headline')],
  [
    'text',
    any(
      'text',
      'description',
      'note',
      'notes',
      'comment',
      'comments',
      'observation',
      'observations',
      'reason',
      'caption',
      'prompt',
      'summary',
      'instructions',
    ),
  ],
  ['version', any('version')],
  ['color', any('color', 'colour')],
  ['repo', any('repo', 'repository')],
  ['branch', any('branch')],
  ['role', any('role', 'roles', 'permission', 'permissions')],
  [
    'tag',
    any(
      'tag',
      'tags',
      'label',
      'labels',
      'category',
      'categories',
      'type',
      'kind',
      'status',
      'priority',
      'mode',
    ),
  ],
  ['title', lastIs('name')],
];

// Descriptions are untrusted prose: only a bounded prefix is scanned, for a few plain phrases.
const DESCRIPTION_RULES: [ValueHint, RegExp][] = [
  ['email', /\be-?mail\b/i],
  ['path', /\b(file|directory|folder) ?path\b|\bpath to\b/i],
  ['url', /\b(url|uri|link)\b/i],
  ['sql', /\bsql\b/i],
  ['query', /\bsearch\b/i],
  ['date', /\bdate\b/i],
];

/** Splits `textBody`, `file_path`, `api-key` into lower-case words. */
export function nameTokens(name: string): string[] {
  return name
    .slice(0, 64)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

// Names repeat (array items, recursive schemas), so name lookups are remembered, boundedly.
const byName = new Map<string, ValueHint | null>();
const MAX_REMEMBERED = 4096;

/** The hint from a name alone, or null. */
function hintForName(name: string): ValueHint | null {
  const known = byName.get(name);
  if (known !== undefined) return known;
  const tokens = nameTokens(name);
  const n: Name = { words: new Set(tokens), last: tokens.at(-1) ?? '', joined: tokens.join('') };
  const hint = RULES.find(([, test]) => test(n))?.[0] ?? null;
  if (byName.size >= MAX_REMEMBERED) byName.clear();
  byName.set(name, hint);
  return hint;
}

/** What a property's value most likely means, from its name, else its description. */
export function hintFor(name: string | undefined, description?: unknown): ValueHint | undefined {
  const fromName = name ? hintForName(name) : null;
  if (fromName) return fromName;
  if (typeof description === 'string') {
    const text = description.slice(0, 200);
    for (const [hint, re] of DESCRIPTION_RULES) if (re.test(text)) return hint;
  }
  return undefined;
}
