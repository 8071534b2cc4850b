// Which service each planted credential is for, decided before the run from what the package
// cannot change after the fact: the credential's well-known name (GITHUB_TOKEN is GitHub's,
// whatever package reads it), the URL a connection string names, and for the package's own
// credentials (variables it reads by name, that a user would set for it) the endpoints it lets the
// user configure and the hosts its source names that carry the credential's name. Pure.
//
// Why the package's own source may name its own credential's service: the user gives
// POSTMARK_SERVER_TOKEN to the Postmark server so that it talks to Postmark; the source is where
// that service is written down. It may not claim anyone else's: a host only counts when it
// carries the credential's own name (`postmark` in api.postmark.example), or is the default or
// configured value of an endpoint variable of the same name (X_API_URL for X_API_KEY), or, for a
// credential with no name of its own (API_KEY), any host the package's own source names.
// Limits: a package that names its credential after its exfiltration host (EVIL_KEY sent to
// evil.example) is judged "used as intended" for that credential alone; the user's well-known
// credentials, files and keys stay bound to their real services, where the package has no say.
import type { CredentialPurpose, EndpointSetting } from '../domain/types.js';
import { hostOfLiteral } from './source-endpoints.js';
import { FILE_SERVICES, KUBE_API_HOST, knownService, serviceByName } from './known-services.js';

/** Name parts that say what kind of secret a variable is, not whose. */
const SECRET_PARTS = new Set([
  'API',
  'APIKEY',
  'KEY',
  'KEYS',
  'TOKEN',
  'SECRET',
  'ACCESS',
  'AUTH',
  'PASSWORD',
  'PASS',
  'PASSWD',
  'PAT',
  'PERSONAL',
  'SERVER',
  'CLIENT',
  'BEARER',
  'CREDENTIAL',
  'CREDENTIALS',
  'PRIVATE',
  'SESSION',
  'COOKIE',
  'ID',
]);
/** Name parts that say a variable is an endpoint, not whose. */
const ENDPOINT_PARTS = new Set([
  'URL',
  'URI',
  'ENDPOINT',
  'HOST',
  'HOSTNAME',
  'BASE',
  'API',
  'SERVER',
]);
/** Words too common in package names and hosts to tie a host to a credential. */
const GENERIC = new Set([
  'MCP',
  'SERVER',
  'API',
  'APP',
  'NODE',
  'CLI',
  'TOOL',
  'TOOLS',
  'CLIENT',
  'SDK',
  'MODEL',
  'CONTEXT',
  'PROTOCOL',
  'THE',
  'WWW',
  'SERVICE',
  'CLOUD',
  'DATA',
  'WEB',
  'DEV',
  'PROD',
  'MAIN',
]);

/** The name part that says whose a variable is: `POSTMARK_SERVER_TOKEN` -> `POSTMARK`. */
export function ownerPrefix(variable: string, parts: ReadonlySet<string> = SECRET_PARTS): string {
  const tokens = variable.toUpperCase().split('_').filter(Boolean);
  while (tokens.length > 0 && parts.has(tokens[tokens.length - 1] ?? '')) tokens.pop();
  while (tokens.length > 0 && parts.has(tokens[0] ?? '')) tokens.shift();
  return tokens.join('_');
}

/** Whose an endpoint variable is: `ACME_BASE_URL` -> `ACME`, `BASE_URL` -> ''. */
export function endpointOwner(variable: string): string {
  return ownerPrefix(variable, ENDPOINT_PARTS);
}

function nameTokens(text: string): string[] {
  return text
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((t) => t.length >= 3 && !GENERIC.has(t));
}

/**
 * A host carries one of the tokens as a whole label or hyphen-separated part of one, its
 * top-level label excepted (`postmark` in api.postmark.example; `mail` is not in mailvault).
 */
function hostCarries(host: string, tokens: readonly string[]): boolean {
  const labels = host
    .toUpperCase()
    .split('.')
    .slice(0, -1)
    .flatMap((l) => l.split('-'));
  return tokens.some((t) => labels.includes(t));
}

export interface PurposeInput {
  /** Canaries as planted: id and origin (`env:NAME`, `file:~/…`) and the planted value. */
  canaries: readonly { id: string; origin: string; value: string }[];
  /** The full planted environment (for values such as a connection string's host). */
  env: Readonly<Record<string, string>>;
  /** Endpoints set (by us or the user) or left to a default the source shows. */
  endpoints: readonly EndpointSetting[];
  /** Hosts named by URL literals in the package's own source. */
  sourceHosts: readonly string[];
}

/** Hosts of endpoint variables whose owner is this prefix, or that have no owner of their own. */
function endpointHosts(prefix: string, endpoints: readonly EndpointSetting[]): string[] {
  return endpoints.flatMap((e) => {
    const owner = endpointOwner(e.variable);
    return e.host && (owner === prefix || owner === '') ? [e.host] : [];
  });
}

function envPurpose(name: string, input: PurposeInput): CredentialPurpose {
  const value = input.env[name] ?? '';
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^@\s]*@/i.test(value)) {
    const host = hostOfLiteral(value);
    if (host)
      return {
        service: host,
        hosts: [host],
        basis: 'connection-string',
        reason: `${name} is a connection string for ${host}`,
      };
  }
  const prefix = ownerPrefix(name);
  const known = serviceByName(name);
  if (known) {
    return {
      service: known.name,
      hosts: [...known.hosts, ...endpointHosts(prefix, input.endpoints)],
      basis: 'well-known',
      reason: `${name} is a ${known.name} credential by its name`,
    };
  }
  const tokens = nameTokens(prefix);
  const named = input.sourceHosts.filter((h) => hostCarries(h, tokens));
  const configured = endpointHosts(prefix, input.endpoints);
  const anyHost = prefix === '' ? input.sourceHosts : [];
  const hosts = [...new Set([...configured, ...named, ...anyHost])].sort();
  if (hosts.length === 0)
    return {
      service: 'unknown',
      hosts: [],
      basis: 'unknown',
      reason: `${name} is the package's own credential; neither its name nor the package's source ties it to a host`,
    };
  return {
    service:
      prefix === ''
        ? 'the package’s own service'
        : `${prefix.toLowerCase()} (the package’s own service)`,
    hosts,
    basis: 'own',
    reason: `${name} is the package's own credential: ${
      configured.length > 0 ? `its endpoint ${configured.join(', ')}` : ''
    }${configured.length > 0 && named.length + anyHost.length > 0 ? '; ' : ''}${
      named.length + anyHost.length > 0
        ? `hosts its source names${prefix === '' ? '' : ` after ${prefix.toLowerCase()}`}`
        : ''
    }`,
  };
}

/** The purpose of each canary, by canary id. */
export function credentialPurposes(input: PurposeInput): Map<string, CredentialPurpose> {
  const out = new Map<string, CredentialPurpose>();
  for (const c of input.canaries) {
    if (c.origin.startsWith('env:')) {
      out.set(c.id, envPurpose(c.origin.slice(4), input));
      continue;
    }
    const path = c.origin.replace(/^file:/, '');
    const service = knownService(FILE_SERVICES[path] ?? '');
    if (service) {
      out.set(c.id, {
        service: service.name,
        hosts: [...service.hosts],
        basis: 'well-known',
        reason: `${path} holds a ${service.name} credential`,
      });
    } else if (path === '~/.kube/config') {
      out.set(c.id, {
        service: KUBE_API_HOST,
        hosts: [KUBE_API_HOST],
        basis: 'connection-string',
        reason: `${path} names its cluster's API server`,
      });
    } else {
      out.set(c.id, {
        service: 'none',
        hosts: [],
        basis: 'never',
        reason: `${path} is a private key: it never leaves the machine`,
      });
    }
  }
  return out;
}
