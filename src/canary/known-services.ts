// Well-known credentials and the services they are for. A credential has a purpose: the user's
// GitHub token is for GitHub, whatever the package under test says or the allowlist allows. The
// exfiltration rules judge a planted credential by whether it reached its own service (expected)
// or anything else (critical). Pure data plus two lookups.
// Limits: a service is its public host names; a self-hosted instance (GitHub Enterprise, a
// private registry) is the service only when the user configures it (an endpoint variable the
// package reads, or --allow-egress for a credential whose service is unknown). SSH private keys
// have no service here: they never leave a machine, so they are critical everywhere.

export interface KnownService {
  id: string;
  /** How a reader names it. */
  name: string;
  /** Host patterns: `host` exactly, `*.domain` for the domain and its subdomains. */
  hosts: readonly string[];
  /** Name tokens that mark a variable as this service's (`GITHUB` in `GITHUB_PAT`). */
  tokens: readonly string[];
}

export const KNOWN_SERVICES: readonly KnownService[] = [
  {
    id: 'github',
    name: 'GitHub',
    hosts: ['*.github.com', '*.githubusercontent.com', '*.ghcr.io'],
    tokens: ['GITHUB', 'GH'],
  },
  { id: 'gitlab', name: 'GitLab', hosts: ['*.gitlab.com'], tokens: ['GITLAB'] },
  { id: 'openai', name: 'OpenAI', hosts: ['*.openai.com'], tokens: ['OPENAI'] },
  { id: 'anthropic', name: 'Anthropic', hosts: ['*.anthropic.com'], tokens: ['ANTHROPIC'] },
  { id: 'aws', name: 'AWS', hosts: ['*.amazonaws.com', '*.aws'], tokens: ['AWS'] },
  { id: 'npm', name: 'npm', hosts: ['*.npmjs.org', '*.npmjs.com'], tokens: ['NPM'] },
  { id: 'slack', name: 'Slack', hosts: ['*.slack.com'], tokens: ['SLACK'] },
  { id: 'stripe', name: 'Stripe', hosts: ['*.stripe.com'], tokens: ['STRIPE'] },
  {
    id: 'huggingface',
    name: 'Hugging Face',
    hosts: ['*.huggingface.co', '*.hf.co'],
    tokens: ['HF', 'HUGGINGFACE'],
  },
  {
    id: 'docker',
    name: 'Docker Hub',
    hosts: ['*.docker.io', '*.docker.com'],
    tokens: ['DOCKER', 'DOCKERHUB'],
  },
  {
    id: 'google',
    name: 'Google',
    hosts: ['*.googleapis.com', '*.google.com'],
    tokens: ['GOOGLE', 'GEMINI', 'GCP'],
  },
  { id: 'azure', name: 'Azure', hosts: ['*.azure.com', '*.windows.net'], tokens: ['AZURE'] },
];

const BY_ID = new Map(KNOWN_SERVICES.map((s) => [s.id, s]));

export function knownService(id: string): KnownService | undefined {
  return BY_ID.get(id);
}

/** The well-known service a variable name marks (`GITHUB_PERSONAL_ACCESS_TOKEN` -> GitHub). */
export function serviceByName(variable: string): KnownService | undefined {
  const tokens = variable.toUpperCase().split(/[^A-Z0-9]+/);
  return KNOWN_SERVICES.find((s) => s.tokens.some((t) => tokens.includes(t)));
}

/**
 * The service of each credential file the run plants, by its path. The planted content decides
 * it (the netrc names api.github.com, the .env holds a Stripe key, the Cursor config an OpenAI
 * key); absent here (SSH keys) means no service: critical wherever it goes.
 */
export const FILE_SERVICES: Readonly<Record<string, string>> = {
  '~/.aws/credentials': 'aws',
  '~/.npmrc': 'npm',
  '~/.netrc': 'github',
  '~/.git-credentials': 'github',
  '~/.docker/config.json': 'docker',
  '~/.config/gh/hosts.yml': 'github',
  './.env': 'stripe',
  '~/.cursor/mcp.json': 'openai',
  '~/.claude/settings.json': 'anthropic',
};

/** The cluster API server the planted ~/.kube/config names. */
export const KUBE_API_HOST = 'k8s.internal.example';

/** Whether `host` matches a service host pattern. */
export function hostMatches(host: string, pattern: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (pattern.startsWith('*.')) {
    const base = pattern.slice(2);
    return h === base || h.endsWith(`.${base}`);
  }
  return h === pattern;
}
