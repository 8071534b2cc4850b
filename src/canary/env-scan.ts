// Finds the environment variables a package reads, from its source text, so each can get a
// unique canary (servers that refuse to start without credentials then start, and every value
// is traceable). Patterns: process.env.NAME, process.env['NAME'], destructuring from
// process.env, os.environ / os.getenv / Deno.env.get('NAME').
// Limit: names built at run time (process.env[prefix + 'TOKEN']) are not found.

const NOT_SECRETS = new Set([
  'NODE_ENV',
  'DEBUG',
  'HOME',
  'PATH',
  'PORT',
  'HOST',
  'TZ',
  'LANG',
  'LC_ALL',
  'TERM',
  'CI',
  'PWD',
  'USER',
  'SHELL',
  'TMPDIR',
  'TEMP',
  'TMP',
  'LOG_LEVEL',
  'NODE_OPTIONS',
  'NODE_DEBUG',
  'FORCE_COLOR',
  'NO_COLOR',
  'npm_package_version',
  'npm_lifecycle_event',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'APPDATA',
  'USERPROFILE',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'NODE_EXTRA_CA_CERTS',
  'SSL_CERT_FILE',
  'MCP_TRANSPORT',
]);

const NAME = '[A-Za-z_][A-Za-z0-9_]{1,63}';
const PATTERNS = [
  new RegExp(`process\\.env\\.(${NAME})`, 'g'),
  new RegExp(`process\\.env\\[\\s*['"\`](${NAME})['"\`]\\s*\\]`, 'g'),
  new RegExp(
    `(?:os\\.environ(?:\\.get)?\\(?|os\\.getenv\\(|Deno\\.env\\.get\\()\\s*\\[?\\s*['"](${NAME})['"]`,
    'g',
  ),
];
const DESTRUCTURE = /\{([^{}]{1,2000})\}\s*=\s*process\.env\b/g;

/** Environment variable names read by these sources, sorted, secrets-relevant only. */
export function scanEnvNames(sources: readonly string[], max = 64): string[] {
  const found = new Set<string>();
  for (const text of sources) {
    for (const re of PATTERNS) for (const m of text.matchAll(re)) if (m[1]) found.add(m[1]);
    for (const m of text.matchAll(DESTRUCTURE)) {
      for (const part of (m[1] ?? '').split(',')) {
        const name = part.split(/[:=]/)[0]?.trim() ?? '';
        if (new RegExp(`^${NAME}$`).test(name)) found.add(name);
      }
    }
  }
  return [...found]
    .filter((n) => !NOT_SECRETS.has(n) && !n.startsWith('npm_'))
    .sort()
    .slice(0, max);
}
