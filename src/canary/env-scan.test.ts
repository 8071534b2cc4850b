import { describe, expect, it } from 'vitest';
import { scanEnvNames } from './env-scan.js';

describe('scanEnvNames: patterns', () => {
  it.each<[string, string, string[]]>([
    ['dotted access', 'const t = process.env.POSTMARK_TOKEN;', ['POSTMARK_TOKEN']],
    ['single-quoted index', "const t = process.env['API_KEY'];", ['API_KEY']],
    ['double-quoted index', 'const t = process.env["API_KEY"];', ['API_KEY']],
    ['template index', 'const t = process.env[`API_KEY`];', ['API_KEY']],
    ['index with spaces', "process.env[ 'SPACED_KEY' ]", ['SPACED_KEY']],
    [
      'destructuring with rename and default',
      "const { A_TOKEN, B_SECRET: b, C_URL = 'https://c.example' } = process.env;",
      ['A_TOKEN', 'B_SECRET', 'C_URL'],
    ],
    [
      'multi-line destructuring',
      'const {\n  SLACK_TOKEN,\n  SLACK_TEAM: team,\n} = process.env',
      ['SLACK_TEAM', 'SLACK_TOKEN'],
    ],
    ['destructuring with a rest element', 'const { KEEP_ME, ...rest } = process.env;', ['KEEP_ME']],
    ['let destructuring into assignment', '({ MY_KEY } = process.env);', ['MY_KEY']],
    ['Python os.environ.get', "key = os.environ.get('OPENAI_KEY')", ['OPENAI_KEY']],
    [
      'Python os.environ.get, double quotes',
      'key = os.environ.get("OPENAI_KEY", "")',
      ['OPENAI_KEY'],
    ],
    ['Python os.environ[...]', "key = os.environ['PY_SECRET']", ['PY_SECRET']],
    ['Python os.getenv', 'key = os.getenv("PY_TOKEN")', ['PY_TOKEN']],
    ['Python os.getenv with spaces', "os.getenv( 'PY_TOKEN2' )", ['PY_TOKEN2']],
    ['Deno.env.get', "const k = Deno.env.get('DENO_KEY');", ['DENO_KEY']],
    ['lower-case names', 'process.env.apiKey', ['apiKey']],
    ['one-letter names are not names', 'process.env.X + process.env["Y"]', []],
    ['names are not expressions', 'process.env[prefix + "TOKEN"]', []],
  ])('%s', (_name, source, expected) => {
    expect(scanEnvNames([source])).toEqual(expected);
  });

  it('collects names over all sources, deduplicated and sorted', () => {
    const sources = [
      'process.env.ZED_TOKEN; process.env.ALPHA_KEY',
      "const { ALPHA_KEY, MID_SECRET } = process.env; os.getenv('BETA_PASS')",
    ];
    expect(scanEnvNames(sources)).toEqual(['ALPHA_KEY', 'BETA_PASS', 'MID_SECRET', 'ZED_TOKEN']);
  });
});

describe('scanEnvNames: not secrets', () => {
  it.each([
    'NODE_ENV',
    'PATH',
    'HOME',
    'PORT',
    'DEBUG',
    'LOG_LEVEL',
    'HTTPS_PROXY',
    'https_proxy',
    'XDG_CONFIG_HOME',
    'MCP_TRANSPORT',
    'npm_package_version',
    'npm_config_registry',
  ])('ignores %s', (name) => {
    const source = `process.env.${name}; process.env['${name}']; const { ${name} } = process.env; os.getenv('${name}')`;
    expect(scanEnvNames([source])).toEqual([]);
  });

  it('keeps the secret next to the ignored ones', () => {
    const source =
      "if (process.env.NODE_ENV !== 'production') log(process.env.PATH, process.env.HOME);\n" +
      'const token = process.env.SERVICE_TOKEN;';
    expect(scanEnvNames([source])).toEqual(['SERVICE_TOKEN']);
  });
});

describe('scanEnvNames: bounds and garbage', () => {
  it('returns at most 64 names by default, the first in sort order', () => {
    const names = Array.from({ length: 100 }, (_, i) => `VAR_${String(i).padStart(3, '0')}`);
    const source = names.map((n) => `process.env.${n};`).join('\n');
    const found = scanEnvNames([source]);
    expect(found).toHaveLength(64);
    expect(found).toEqual(names.slice(0, 64));
  });

  it('honours a smaller max', () => {
    expect(scanEnvNames(['process.env.B_KEY; process.env.A_KEY; process.env.C_KEY'], 2)).toEqual([
      'A_KEY',
      'B_KEY',
    ]);
  });

  it('returns nothing for no sources or empty sources', () => {
    expect(scanEnvNames([])).toEqual([]);
    expect(scanEnvNames(['', '   '])).toEqual([]);
  });

  it.each<[string, string]>([
    [
      'random bytes',
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131) % 256)).toString('latin1'),
    ],
    ['unbalanced braces', '{'.repeat(5000) + '} = process.env'],
    ['a long brace body without the assignment', `{${'a, '.repeat(20000)}`],
    ['a half-written access', 'process.env.'],
    ['a half-written index', "process.env['"],
    ['an os.getenv without a string', 'os.getenv(name)'],
    ['minified code', 'var a=process.env,b=a.X;function c(){return{}}=process'],
  ])('does not throw on %s', (_name, source) => {
    expect(() => scanEnvNames([source])).not.toThrow();
    for (const n of scanEnvNames([source])) expect(n).toMatch(/^[A-Za-z_][A-Za-z0-9_]{1,63}$/);
  });

  it('scans a large source quickly', () => {
    const big = `${'x = 1; // filler\n'.repeat(100_000)}process.env.LATE_TOKEN`;
    const t0 = Date.now();
    expect(scanEnvNames([big])).toEqual(['LATE_TOKEN']);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
