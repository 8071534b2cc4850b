import { describe, expect, it } from 'vitest';
import { type CanarySet, makeCanaries, valueForPackageVar } from './make-canaries.js';
import { canaryRng } from './random-token.js';

const make = (
  runId = 'run-a',
  packageVars: readonly string[] = [],
  userEnv: Record<string, string> = {},
  seed = 42,
): CanarySet => makeCanaries(canaryRng(seed, runId), packageVars, userEnv);

const PACKAGE_VARS = [
  'POSTMARK_SERVER_TOKEN',
  'DEFAULT_SENDER_EMAIL',
  'API_URL',
  'SMTP_HOST',
  'DB_USER',
  'WIDGET_ID',
];

const canaryOf = (set: CanarySet, id: string) => set.canaries.find((c) => c.id === id);

describe('makeCanaries: reproducible per run', () => {
  it('gives the same set for the same seed and run id', () => {
    expect(make('run-a', PACKAGE_VARS)).toEqual(make('run-a', PACKAGE_VARS));
  });

  it.each<[string, CanarySet]>([
    ['another run id', make('run-b', PACKAGE_VARS)],
    ['another seed', make('run-a', PACKAGE_VARS, {}, 43)],
  ])('gives a different set for %s', (_name, other) => {
    const base = make('run-a', PACKAGE_VARS);
    expect(other.canaries.map((c) => c.id)).toEqual(base.canaries.map((c) => c.id));
    // every single value differs, not just one
    for (const c of base.canaries) expect(canaryOf(other, c.id)?.value).not.toBe(c.value);
    for (const [name, value] of Object.entries(base.env)) expect(other.env[name]).not.toBe(value);
  });
});

describe('makeCanaries: values', () => {
  const set = make('run-a', PACKAGE_VARS);

  it('makes every canary value at least 12 characters long and unique', () => {
    const values = set.canaries.map((c) => c.value);
    for (const v of values) expect(v.length).toBeGreaterThanOrEqual(12);
    expect(new Set(values).size).toBe(values.length);
    const needles = set.canaries.flatMap((c) => c.needles ?? []);
    for (const n of needles) expect(n.length).toBeGreaterThanOrEqual(12);
    expect(new Set([...values, ...needles]).size).toBe(values.length + needles.length);
  });

  it.each(Array.from({ length: 25 }, (_, i) => `run-${i}`))(
    'keeps values long, unique and planted for run id %s',
    (runId) => {
      const other = make(runId, PACKAGE_VARS);
      const values = other.canaries.map((c) => c.value);
      expect(Math.min(...values.map((v) => v.length))).toBeGreaterThanOrEqual(12);
      expect(new Set(values).size).toBe(values.length);
      for (const f of other.files.filter((x) => x.secret)) {
        const c = canaryOf(other, `file:${f.path}`);
        const all = [c?.value ?? '', ...(c?.needles ?? [])];
        expect(
          all.some((n) => n.length > 0 && f.content.includes(n)),
          f.path,
        ).toBe(true);
      }
    },
  );

  it('gives every canary a unique id equal to its origin', () => {
    const ids = set.canaries.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of set.canaries) expect(c.origin).toBe(c.id);
  });

  it.each<[string, RegExp]>([
    ['AWS_ACCESS_KEY_ID', /^AKIA[A-Z0-9]{16}$/],
    ['AWS_SECRET_ACCESS_KEY', /^[A-Za-z0-9+/]{40}$/],
    ['GITHUB_TOKEN', /^ghp_[A-Za-z0-9]{36}$/],
    ['GH_TOKEN', /^gho_[A-Za-z0-9]{36}$/],
    ['NPM_TOKEN', /^npm_[A-Za-z0-9]{36}$/],
    ['OPENAI_API_KEY', /^sk-proj-[A-Za-z0-9]{48}$/],
    ['ANTHROPIC_API_KEY', /^sk-ant-api03-[A-Za-z0-9]{86}AA$/],
    ['SLACK_BOT_TOKEN', /^xoxb-\d{12}-\d{13}-[A-Za-z0-9]{24}$/],
    ['STRIPE_SECRET_KEY', /^sk_live_[A-Za-z0-9]{32}$/],
    ['DATABASE_URL', /^postgres:\/\/app:[A-Za-z0-9]{24}@db\.internal\.example:5432\/production$/],
    ['HF_TOKEN', /^hf_[A-Za-z0-9]{34}$/],
  ])('plants %s with the real shape, as a canary', (name, shape) => {
    expect(set.env[name]).toMatch(shape);
    expect(canaryOf(set, `env:${name}`)).toBeDefined();
  });

  it('uses the DATABASE_URL password, not the whole URL, as its canary', () => {
    const url = new URL(set.env['DATABASE_URL'] ?? '');
    const canary = canaryOf(set, 'env:DATABASE_URL');
    expect(canary?.value).toBe(url.password);
    expect(canary?.value).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(canary?.value).not.toContain('db.internal.example');
  });

  it('uses the whole env value as the canary for every other fixed variable', () => {
    for (const c of set.canaries.filter((x) => x.id.startsWith('env:'))) {
      const name = c.id.slice('env:'.length);
      if (name !== 'DATABASE_URL') expect(c.value).toBe(set.env[name]);
    }
  });
});

describe('makeCanaries: planted files', () => {
  const set = make();
  const secrets = set.files.filter((f) => f.secret);
  const decoys = set.files.filter((f) => !f.secret);

  it('plants the usual credential files, each with one file canary', () => {
    expect(secrets.map((f) => f.path)).toEqual([
      '~/.ssh/id_rsa',
      '~/.ssh/id_ed25519',
      '~/.aws/credentials',
      '~/.npmrc',
      '~/.netrc',
      '~/.git-credentials',
      '~/.docker/config.json',
      '~/.kube/config',
      '~/.config/gh/hosts.yml',
      './.env',
      '~/.cursor/mcp.json',
      '~/.claude/settings.json',
    ]);
    const fileCanaries = set.canaries.filter((c) => c.id.startsWith('file:'));
    expect(fileCanaries.map((c) => c.id)).toEqual(secrets.map((f) => `file:${f.path}`));
  });

  it.each(secrets.map((f) => [f.path, f] as const))(
    '%s holds its canary value or one of its needles as is',
    (path, file) => {
      const c = canaryOf(set, `file:${path}`);
      const needles = [c?.value ?? '', ...(c?.needles ?? [])];
      expect(needles.some((n) => n.length > 0 && file.content.includes(n))).toBe(true);
    },
  );

  it.each(secrets.map((f) => [f.path, f] as const))(
    '%s holds every needle once PEM line breaks and base64 auth are undone',
    (path, file) => {
      const c = canaryOf(set, `file:${path}`);
      const flat = file.content.replace(/\n/g, '');
      const auth = /"auth": "([^"]+)"/.exec(file.content)?.[1];
      const decoded = auth ? Buffer.from(auth, 'base64').toString('utf8') : '';
      for (const n of [c?.value ?? '', ...(c?.needles ?? [])]) {
        expect(flat.includes(n) || decoded.includes(n), n).toBe(true);
      }
    },
  );

  it.each<[string, RegExp]>([
    [
      '~/.ssh/id_rsa',
      /^-----BEGIN OPENSSH PRIVATE KEY-----\n[\s\S]+\n-----END OPENSSH PRIVATE KEY-----\n$/,
    ],
    ['~/.aws/credentials', /^\[default\]\naws_access_key_id = AKIA[A-Z0-9]{16}\n/],
    ['~/.npmrc', /^\/\/registry\.npmjs\.org\/:_authToken=npm_[A-Za-z0-9]{36}\n$/],
    ['~/.git-credentials', /^https:\/\/dev:ghp_[A-Za-z0-9]{36}@github\.com\n$/],
    ['./.env', /STRIPE_SECRET_KEY=sk_live_[A-Za-z0-9]{32}\n/],
  ])('%s looks like the real file', (path, shape) => {
    expect(set.files.find((f) => f.path === path)?.content).toMatch(shape);
  });

  it('parses the JSON files', () => {
    for (const f of set.files.filter((x) => x.path.endsWith('.json'))) {
      expect(() => JSON.parse(f.content) as unknown).not.toThrow();
    }
  });

  it('plants private files with mode 0600 (the .env of the project 0644)', () => {
    for (const f of secrets) expect(f.mode).toBe(f.path === './.env' ? 0o644 : 0o600);
    for (const f of decoys) expect(f.mode).toBe(0o644);
  });

  it('keeps decoys (secret: false) out of the canaries', () => {
    expect(decoys.map((f) => f.path)).toEqual(['~/.bashrc', '~/.profile', '~/.gitconfig']);
    for (const f of decoys) {
      expect(canaryOf(set, `file:${f.path}`)).toBeUndefined();
      for (const c of set.canaries) expect(f.content).not.toContain(c.value);
    }
  });

  it('uses only paths in HOME or the working folder', () => {
    for (const f of set.files) expect(f.path).toMatch(/^(~|\.)\//);
  });
});

describe('makeCanaries: variables the package reads', () => {
  it.each<[string, RegExp, boolean]>([
    [
      'POSTMARK_SERVER_TOKEN',
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      true,
    ],
    ['MY_API_KEY', /^[0-9a-f-]{36}$/, true],
    ['SERVICE_SECRET', /^[0-9a-f-]{36}$/, true],
    ['DB_PASSWORD', /^[0-9a-f-]{36}$/, true],
    ['SESSION_COOKIE', /^[0-9a-f-]{36}$/, true],
    ['apiToken', /^[0-9a-f-]{36}$/, true],
    ['DEFAULT_SENDER_EMAIL', /^ops\.[a-z0-9]{12}@corp\.example$/, false],
    ['MAIL_FROM', /^ops\.[a-z0-9]{12}@corp\.example$/, false],
    ['DB_USER', /^svc_[a-z0-9]{16}$/, false],
    ['WIDGET_ID', /^[0-9a-f]{8}-[0-9a-f]{4}-/, false],
  ])('%s gets a shaped value (canary: %s)', (name, shape, isCanary) => {
    const set = make('run-a', [name]);
    expect(set.env[name]).toMatch(shape);
    expect(canaryOf(set, `env:${name}`) !== undefined).toBe(isCanary);
    if (isCanary) expect(canaryOf(set, `env:${name}`)?.value).toBe(set.env[name]);
  });

  it('does not override a variable the user gave with --env', () => {
    const set = make('run-a', ['POSTMARK_SERVER_TOKEN', 'API_URL'], {
      POSTMARK_SERVER_TOKEN: 'user-supplied-token-value',
      API_URL: 'https://api.user.example',
    });
    expect(set.env).not.toHaveProperty('POSTMARK_SERVER_TOKEN');
    expect(set.env).not.toHaveProperty('API_URL');
    expect(canaryOf(set, 'env:POSTMARK_SERVER_TOKEN')).toBeUndefined();
    for (const c of set.canaries) expect(c.value).not.toBe('user-supplied-token-value');
  });

  it('keeps the fixed canary for a package variable of the same name', () => {
    const plain = make('run-a');
    const withVar = make('run-a', ['GITHUB_TOKEN']);
    expect(withVar.env['GITHUB_TOKEN']).toBe(plain.env['GITHUB_TOKEN']);
    expect(withVar.canaries.filter((c) => c.id === 'env:GITHUB_TOKEN')).toHaveLength(1);
  });

  it('adds no extra variables when the package reads none', () => {
    expect(Object.keys(make('run-a').env)).toHaveLength(11);
  });
});

describe('makeCanaries: endpoint variables (our own values stay ours)', () => {
  const withDefaults = (vars: string[], defaults: [string, string | undefined][], user = {}) =>
    makeCanaries(canaryRng(7, 'run-a'), vars, user, new Map(defaults));

  it('leaves an endpoint unset when the source shows its default, and records it', () => {
    const set = withDefaults(['X_API_KEY', 'X_API_URL'], [['X_API_URL', 'api.x.example']]);
    expect(set.env).not.toHaveProperty('X_API_URL');
    expect(set.env['X_API_KEY']).toBeDefined();
    expect(set.endpoints).toEqual([
      { variable: 'X_API_URL', origin: 'default', host: 'api.x.example' },
    ]);
  });

  it('records a default it could not read as a default without a host', () => {
    const set = withDefaults(['X_API_URL'], [['X_API_URL', undefined]]);
    expect(set.env).not.toHaveProperty('X_API_URL');
    expect(set.endpoints).toEqual([{ variable: 'X_API_URL', origin: 'default' }]);
  });

  it('leaves an endpoint unset when no credential of its owner needs it', () => {
    const set = withDefaults(
      ['API_URL', 'WEBHOOK_ENDPOINT', 'FASTMCP_ENDPOINT', 'BASE_URL', 'X_TOKEN'],
      [],
    );
    for (const v of ['API_URL', 'WEBHOOK_ENDPOINT', 'FASTMCP_ENDPOINT', 'BASE_URL'])
      expect(set.env).not.toHaveProperty(v);
    expect(set.endpoints.map((e) => `${e.variable} ${e.origin}`)).toEqual([
      'API_URL default',
      'WEBHOOK_ENDPOINT default',
      'FASTMCP_ENDPOINT default',
      'BASE_URL default',
    ]);
  });

  it('invents a value for an endpoint its own credential needs, with no default', () => {
    const set = withDefaults(['ACME_BASE_URL', 'ACME_TOKEN', 'SMTP_HOST', 'SMTP_PASSWORD'], []);
    expect(set.env['ACME_BASE_URL']).toMatch(
      /^https:\/\/[a-z]{10}\.internal\.example\/[A-Za-z0-9]{24}$/,
    );
    expect(set.env['SMTP_HOST']).toMatch(/^[a-z]{10}\.internal\.example$/);
    const url = set.env['ACME_BASE_URL'] ?? '';
    expect(set.endpoints).toEqual([
      {
        variable: 'ACME_BASE_URL',
        origin: 'invented',
        host: new URL(url).hostname,
        value: url,
      },
      {
        variable: 'SMTP_HOST',
        origin: 'invented',
        host: set.env['SMTP_HOST'],
        value: set.env['SMTP_HOST'],
      },
    ]);
  });

  it("records the user's endpoint as the user's", () => {
    const set = withDefaults(['X_API_URL'], [['X_API_URL', 'api.x.example']], {
      X_API_URL: 'https://docs.corp.example/api',
    });
    expect(set.endpoints).toEqual([
      {
        variable: 'X_API_URL',
        origin: 'user',
        host: 'docs.corp.example',
        value: 'https://docs.corp.example/api',
      },
    ]);
  });

  it('never makes an endpoint-named variable a canary, even with a secret word in it', () => {
    const set = withDefaults(['AUTH_URL', 'TOKEN_ENDPOINT'], []);
    expect(set.canaries.map((c) => c.id)).not.toContain('env:AUTH_URL');
    expect(set.canaries.map((c) => c.id)).not.toContain('env:TOKEN_ENDPOINT');
  });
});

describe('valueForPackageVar', () => {
  it('is case-insensitive on the name', () => {
    expect(valueForPackageVar('api_url', canaryRng(1, 'r'))).toMatch(/^https:\/\//);
    expect(valueForPackageVar('sender_email', canaryRng(1, 'r'))).toMatch(/@corp\.example$/);
  });

  it('is reproducible with the same rng state', () => {
    expect(valueForPackageVar('X_ID', canaryRng(9, 'r'))).toBe(
      valueForPackageVar('X_ID', canaryRng(9, 'r')),
    );
  });
});

describe('makeCanaries: credentials a policy declares', () => {
  const rng = () => canaryRng(5, 'policy-run');
  it('plants a declared credential as a canary whatever its name says', () => {
    const set = makeCanaries(rng(), ['MAIL_SETTINGS'], {}, new Map(), new Set(['MAIL_SETTINGS']));
    expect(set.env['MAIL_SETTINGS']).toMatch(/^[0-9a-f]{8}-/);
    expect(set.canaries.map((c) => c.origin)).toContain('env:MAIL_SETTINGS');
  });
  it('plants it even when the source scan did not find it', () => {
    const set = makeCanaries(rng(), [], {}, new Map(), new Set(['ACME_KEY']));
    expect(set.canaries.map((c) => c.origin)).toContain('env:ACME_KEY');
  });
  it('leaves a value the user gave alone, and draws the same values as before for the rest', () => {
    const plain = makeCanaries(rng(), ['X_TOKEN'], {});
    const declared = makeCanaries(
      rng(),
      ['X_TOKEN'],
      { ACME_KEY: 'mine' },
      new Map(),
      new Set(['ACME_KEY']),
    );
    expect(declared.env['ACME_KEY']).toBeUndefined();
    expect(declared.env['X_TOKEN']).toBe(plain.env['X_TOKEN']);
    expect(declared.canaries.map((c) => c.origin)).not.toContain('env:ACME_KEY');
  });
});
