// What a variable the package reads is, by its name, and so what the run plants in it: a
// credential gets a canary; an endpoint its source default or an invented URL; an identity (a
// sender address, a user name) or an identifier (`*_ID`) a plausible value so servers that need
// one start; everything else (flags, modes, JSON settings, paths, limits) is left unset, so the
// package behaves as it does for a user who never set it. A random value in a switch such as
// `ENABLE_TOKEN_PASSTHROUGH` or `*_NO_USAGE_STATISTICS` would change what the package does, and
// a random string in `*_HEADERS` breaks it.
// Limits: by name only. A required setting with an ordinary name (`WORKSPACE=…`) is left unset
// and the server may refuse to start; that shows as a coverage finding, and --env sets it.
import { ENDPOINT_NAME } from './source-endpoints.js';

export type VariableKind = 'secret' | 'endpoint' | 'identity' | 'identifier' | 'setting';

/** Name parts that mark a credential. */
const SECRET_PARTS = new Set([
  'TOKEN',
  'KEY',
  'APIKEY',
  'SECRET',
  'PASSWORD',
  'PASSWD',
  'PASS',
  'PAT',
  'AUTH',
  'CREDENTIAL',
  'CREDENTIALS',
  'PRIVATE',
  'SESSION',
  'COOKIE',
]);
/** Names of switches, limits and settings, even when they mention a credential word. */
const SETTING =
  /^(?:ENABLE|DISABLE|USE|NO|ALLOW|SKIP|FORCE|IS|HAS|SHOW|HIDE|MAX|MIN)_|_(?:ENABLED|DISABLED|MODE|FLAG|PASSTHROUGH|LEVEL|TIMEOUT|TTL|LIMIT|MAX|MIN|COUNT|SIZE|LENGTH|TOKENS|PORT|PATH|DIR|FILE|FILES|HEADERS?|PARAMETERS|PARAMS|CONFIG|OPTIONS|JSON|FORMAT|TYPE|NAME|STATISTICS|TELEMETRY|HEADER_NAME|ID_HEADER|EXPIRY|EXPIRES|REFRESH_INTERVAL)$/;

/** Name parts, split on `_` and lower-to-upper case changes (`apiToken` -> API, TOKEN). */
function parts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
}

export function variableKind(name: string): VariableKind {
  const n = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
  if (ENDPOINT_NAME.test(n)) return 'endpoint';
  if (SETTING.test(n)) return 'setting';
  if (parts(name).some((p) => SECRET_PARTS.has(p))) return 'secret';
  if (/(EMAIL|SENDER|_FROM|_USER|USERNAME)$/.test(n)) return 'identity';
  if (/_IDS?$/.test(n)) return 'identifier';
  return 'setting';
}
