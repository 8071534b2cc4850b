// The run's honeytokens: fake credentials shaped like the real thing, unique per run, planted
// where real secrets live (environment, dotfiles in HOME, .env in the working folder, agent
// configs). Every value is recorded with its origin so a leak names what leaked.
// Limit: a canary only proves a leak when the package sends the value itself (or an encoding
// the matcher peels); a package that uses the secret without sending it is not caught.
import type { Canary } from '../exfil/match-canaries.js';
import type { EndpointSetting } from '../domain/types.js';
import { KUBE_API_HOST } from './known-services.js';
import { endpointOwner, ownerPrefix } from './credential-purpose.js';
import { hostOfLiteral } from './source-endpoints.js';
import { variableKind } from './variable-kind.js';
import { ALNUM, B64, HEX, pick, type Rng, UPPER_ALNUM } from './random-token.js';

export interface PlantedFile {
  /** `~/…` for HOME, `./…` for the working folder. */
  path: string;
  content: string;
  mode: number;
  /** A planted credential (a canary), or an ordinary dotfile that makes HOME look lived in. */
  secret: boolean;
}

/** Ordinary dotfiles of a developer account, so start-up files are modified, not created. */
const DECOYS: PlantedFile[] = [
  {
    path: '~/.bashrc',
    content:
      '# ~/.bashrc: executed by bash(1) for non-login shells.\ncase $- in\n    *i*) ;;\n      *) return;;\nesac\nHISTCONTROL=ignoreboth\nalias ll="ls -alF"\nexport EDITOR=vim\n',
    mode: 0o644,
    secret: false,
  },
  {
    path: '~/.profile',
    content:
      '# ~/.profile: executed by the command interpreter for login shells.\nif [ -n "$BASH_VERSION" ] && [ -f "$HOME/.bashrc" ]; then . "$HOME/.bashrc"; fi\nPATH="$HOME/.local/bin:$PATH"\n',
    mode: 0o644,
    secret: false,
  },
  {
    path: '~/.gitconfig',
    content: '[user]\n\tname = Dev\n\temail = dev@corp.example\n[init]\n\tdefaultBranch = main\n',
    mode: 0o644,
    secret: false,
  },
];

export interface CanarySet {
  env: Record<string, string>;
  files: PlantedFile[];
  canaries: Canary[];
  /** What the run did with each endpoint variable the package reads. */
  endpoints: EndpointSetting[];
}

/** The fixed environment canaries every run plants. */
function envCanaries(rng: Rng): Record<string, string> {
  const github = `ghp_${pick(rng, ALNUM, 36)}`;
  return {
    AWS_ACCESS_KEY_ID: `AKIA${pick(rng, UPPER_ALNUM, 16)}`,
    AWS_SECRET_ACCESS_KEY: pick(rng, B64, 40),
    GITHUB_TOKEN: github,
    GH_TOKEN: `gho_${pick(rng, ALNUM, 36)}`,
    NPM_TOKEN: `npm_${pick(rng, ALNUM, 36)}`,
    OPENAI_API_KEY: `sk-proj-${pick(rng, ALNUM, 48)}`,
    ANTHROPIC_API_KEY: `sk-ant-api03-${pick(rng, ALNUM, 86)}AA`,
    SLACK_BOT_TOKEN: `xoxb-${pick(rng, '0123456789', 12)}-${pick(rng, '0123456789', 13)}-${pick(rng, ALNUM, 24)}`,
    STRIPE_SECRET_KEY: `sk_live_${pick(rng, ALNUM, 32)}`,
    DATABASE_URL: `postgres://app:${pick(rng, ALNUM, 24)}@db.internal.example:5432/production`,
    HF_TOKEN: `hf_${pick(rng, ALNUM, 34)}`,
  };
}

/** The secret part of an env value (DATABASE_URL: its password). */
function secretOf(name: string, value: string): string {
  if (name === 'DATABASE_URL') return value.replace(/^.*:\/\/[^:]+:([^@]+)@.*$/, '$1');
  return value;
}

function pem(label: string, body: string): string {
  const lines = body.match(/.{1,70}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Name-aware value for an environment variable the package itself reads. */
export function valueForPackageVar(name: string, rng: Rng): string {
  const n = name.toUpperCase();
  if (/(_URL|_URI|_ENDPOINT|_BASE)$/.test(n))
    return `https://${pick(rng, 'abcdefghijklmnopqrstuvwxyz', 10)}.internal.example/${pick(rng, ALNUM, 24)}`;
  if (/(EMAIL|SENDER|_FROM)$/.test(n))
    return `ops.${pick(rng, 'abcdefghijklmnopqrstuvwxyz0123456789', 12)}@corp.example`;
  if (/(_HOST|HOSTNAME)$/.test(n))
    return `${pick(rng, 'abcdefghijklmnopqrstuvwxyz', 10)}.internal.example`;
  if (/(_USER|USERNAME)$/.test(n))
    return `svc_${pick(rng, 'abcdefghijklmnopqrstuvwxyz0123456789', 16)}`;
  return `${pick(rng, HEX, 8)}-${pick(rng, HEX, 4)}-${pick(rng, HEX, 4)}-${pick(rng, HEX, 4)}-${pick(rng, HEX, 12)}`;
}

/**
 * Our own values stay ours: an endpoint variable whose default the source shows is left unset,
 * so the package talks to its real service; one without is given an invented value, recorded so
 * that egress to it is labelled as the configured endpoint.
 */
export function makeCanaries(
  rng: Rng,
  packageVars: readonly string[],
  userEnv: Record<string, string>,
  defaults: ReadonlyMap<string, string | undefined> = new Map(),
  /** Credentials a policy says the server is given: planted as canaries whatever their name. */
  declaredSecrets: ReadonlySet<string> = new Set(),
): CanarySet {
  const fixed = envCanaries(rng);
  const env: Record<string, string> = { ...fixed };
  const endpoints: EndpointSetting[] = [];
  for (const name of packageVars) {
    if (declaredSecrets.has(name)) continue;
    const kind = variableKind(name);
    const endpoint = kind === 'endpoint';
    if (name in userEnv) {
      const host = endpoint ? hostOfLiteral(userEnv[name] ?? '') : undefined;
      if (host)
        endpoints.push({ variable: name, origin: 'user', host, value: userEnv[name] ?? '' });
      continue;
    }
    if (name in env || kind === 'setting') continue;
    // An endpoint is invented only where a service needs one: no default in the source, and a
    // credential of the same owner (ACME_BASE_URL beside ACME_TOKEN, a self-hosted service).
    // Anything else is left to the package (FASTMCP_ENDPOINT wants a path, a bare BASE_URL has
    // its default in a library): a made-up value would change where it talks, or stop it.
    const owner = endpoint ? endpointOwner(name) : '';
    const paired =
      owner !== '' &&
      packageVars.some((v) => variableKind(v) === 'secret' && ownerPrefix(v) === owner);
    if (endpoint && (defaults.has(name) || !paired)) {
      const host = defaults.get(name);
      endpoints.push({ variable: name, origin: 'default', ...(host ? { host } : {}) });
      continue;
    }
    env[name] = valueForPackageVar(name, rng);
    const host = endpoint ? hostOfLiteral(env[name]) : undefined;
    if (host) endpoints.push({ variable: name, origin: 'invented', host, value: env[name] });
  }
  // Declared credentials last, so a run without a policy draws the same values as before.
  for (const name of declaredSecrets)
    if (!(name in userEnv) && !(name in fixed))
      env[name] =
        `${pick(rng, HEX, 8)}-${pick(rng, HEX, 4)}-${pick(rng, HEX, 4)}-${pick(rng, HEX, 4)}-${pick(rng, HEX, 12)}`;
  // Package variables named like secrets are canaries; the others (URLs, emails, hosts) are
  // traceable values for the taint check but not credentials.
  const canaries: Canary[] = Object.entries(env)
    // A name the user set with --env keeps the user's value: it is not a canary.
    .filter(
      ([name]) =>
        (name in fixed || declaredSecrets.has(name) || variableKind(name) === 'secret') &&
        !(name in userEnv),
    )
    .map(([name, value]) => ({
      id: `env:${name}`,
      origin: `env:${name}`,
      value: secretOf(name, value),
    }));
  const files: PlantedFile[] = [...DECOYS];
  const plant = (
    path: string,
    content: string,
    secret: string,
    mode = 0o600,
    needles?: string[],
  ) => {
    files.push({ path, content, mode, secret: true });
    canaries.push({
      id: `file:${path}`,
      origin: `file:${path}`,
      value: secret,
      ...(needles ? { needles } : {}),
    });
  };
  // Key canaries are whole PEM body lines, so each appears verbatim in the file.
  const rsaPem = pem('OPENSSH PRIVATE KEY', `b3BlbnNzaC1rZXktdjEAAAAA${pick(rng, B64, 1600)}`);
  const rsaLines = rsaPem.split('\n');
  plant('~/.ssh/id_rsa', rsaPem, rsaLines[3] ?? '', 0o600, [rsaLines[8] ?? '', rsaLines[15] ?? '']);
  const edPem = pem('OPENSSH PRIVATE KEY', `b3BlbnNzaC1rZXktdjEAAAAABG5vbmU${pick(rng, B64, 280)}`);
  const edLines = edPem.split('\n');
  plant('~/.ssh/id_ed25519', edPem, edLines[2] ?? '', 0o600, [edLines[4] ?? '']);

  const awsKey = `AKIA${pick(rng, UPPER_ALNUM, 16)}`;
  const awsSecret = pick(rng, B64, 40);
  plant(
    '~/.aws/credentials',
    `[default]\naws_access_key_id = ${awsKey}\naws_secret_access_key = ${awsSecret}\nregion = us-east-1\n`,
    awsSecret,
    0o600,
    [awsKey],
  );
  const npm = `npm_${pick(rng, ALNUM, 36)}`;
  plant('~/.npmrc', `//registry.npmjs.org/:_authToken=${npm}\n`, npm);
  const netrc = pick(rng, ALNUM, 32);
  plant('~/.netrc', `machine api.github.com\n  login dev\n  password ${netrc}\n`, netrc);
  const gitCred = `ghp_${pick(rng, ALNUM, 36)}`;
  plant('~/.git-credentials', `https://dev:${gitCred}@github.com\n`, gitCred);
  const dockerPass = pick(rng, ALNUM, 28);
  const dockerAuth = Buffer.from(`dev:${dockerPass}`).toString('base64');
  plant(
    '~/.docker/config.json',
    `${JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: dockerAuth } } }, null, 2)}\n`,
    dockerPass,
    0o600,
    [dockerAuth],
  );
  const kube = pick(rng, ALNUM, 48);
  plant(
    '~/.kube/config',
    `apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://${KUBE_API_HOST}:6443\n  name: prod\nusers:\n- name: dev\n  user:\n    token: ${kube}\ncontexts:\n- context:\n    cluster: prod\n    user: dev\n  name: prod\ncurrent-context: prod\n`,
    kube,
  );
  const gh = `gho_${pick(rng, ALNUM, 36)}`;
  plant(
    '~/.config/gh/hosts.yml',
    `github.com:\n    user: dev\n    oauth_token: ${gh}\n    git_protocol: https\n`,
    gh,
  );
  const dotenvKey = `sk_live_${pick(rng, ALNUM, 32)}`;
  plant(
    './.env',
    `NODE_ENV=production\nSTRIPE_SECRET_KEY=${dotenvKey}\nSESSION_SECRET=${pick(rng, HEX, 32)}\n`,
    dotenvKey,
    0o644,
  );
  const cursorKey = `sk-proj-${pick(rng, ALNUM, 48)}`;
  plant(
    '~/.cursor/mcp.json',
    `${JSON.stringify({ mcpServers: { github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: `ghp_${pick(rng, ALNUM, 36)}`, OPENAI_API_KEY: cursorKey } } } }, null, 2)}\n`,
    cursorKey,
  );
  const claudeKey = `sk-ant-api03-${pick(rng, ALNUM, 86)}AA`;
  plant(
    '~/.claude/settings.json',
    `${JSON.stringify({ env: { ANTHROPIC_API_KEY: claudeKey }, permissions: { allow: ['Bash(npm run test:*)'] } }, null, 2)}\n`,
    claudeKey,
  );
  return { env, files, canaries, endpoints };
}
