import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AnalyzerError } from '../domain/errors.js';
import { projectRoot } from '../util/project-root.js';
import { MAX_POLICY_BYTES, parsePolicy } from './parse-policy.js';

/** The error line parsePolicy throws for `text`. */
function errorOf(text: string, file = 'policy.yaml'): string {
  try {
    parsePolicy(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(AnalyzerError);
    expect((e as AnalyzerError).code).toBe('bad-policy');
    const message = (e as AnalyzerError).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('no error');
}

const YAML_POLICY = `
version: 1
egress:
  - host: API.Postmarkapp.example.
    ports: [443]
    phases: [exercise]
    reason: "sends mail"
  - cidr: 2001:db8::/32
    reason: v6 range
env:
  - name: POSTMARK_SERVER_TOKEN
    hosts: [api.postmarkapp.example]
  - name: MODE
    secret: false
    value: "test"
severity:
  - rule: net/egress-http
    severity: low
    reason: reviewed
    expires: 2027-03-01
ignore:
  - rule: proc/env-probe
    reason: probes for git
`;

describe('parsePolicy: valid files', () => {
  it('reads YAML, normalising hosts and filling defaults', () => {
    const p = parsePolicy(YAML_POLICY, 'policy.yaml');
    expect(p.egress).toEqual([
      { host: 'api.postmarkapp.example', ports: [443], phases: ['exercise'], reason: 'sends mail' },
      { cidr: '2001:db8::/32', reason: 'v6 range' },
    ]);
    expect(p.env).toEqual([
      { name: 'POSTMARK_SERVER_TOKEN', secret: true, hosts: ['api.postmarkapp.example'] },
      { name: 'MODE', secret: false, value: 'test' },
    ]);
    // a YAML 1.2 date stays the string it was written as
    expect(p.severity).toEqual([
      { rule: 'net/egress-http', severity: 'low', reason: 'reviewed', expires: '2027-03-01' },
    ]);
    expect(p.ignore).toEqual([{ rule: 'proc/env-probe', reason: 'probes for git' }]);
    expect(p.source.file).toBe('policy.yaml');
    expect(p.source.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads JSON, and hashes the exact text', () => {
    const json = JSON.stringify({
      $schema: 'https://mcp-airlock.dev/policy.schema.json',
      version: 1,
      egress: [{ cidr: '203.0.113.0/24', ports: [5432], reason: 'db' }],
    });
    const p = parsePolicy(json, 'policy.json');
    expect(p.egress).toEqual([{ cidr: '203.0.113.0/24', ports: [5432], reason: 'db' }]);
    expect(p.env).toEqual([]);
    expect(parsePolicy(`${json}\n`, 'policy.json').source.sha256).not.toBe(p.source.sha256);
  });

  it('accepts the bundled example policy', () => {
    const file = 'examples/policy.example.yaml';
    const p = parsePolicy(readFileSync(`${projectRoot()}/${file}`, 'utf8'), file);
    expect(p.egress.length).toBeGreaterThan(0);
    expect(p.env.some((e) => e.secret)).toBe(true);
    expect(p.env.some((e) => !e.secret)).toBe(true);
    expect(p.ignore.some((e) => e.path?.endsWith('/**'))).toBe(true);
  });
});

describe('parsePolicy: one clear line per mistake', () => {
  it.each<[string, string, string]>([
    [
      'unknown key',
      'version: 1\negres: []',
      'policy.yaml: top level has an unknown key "egres" (did you mean "egress"?)',
    ],
    [
      'unknown key in an entry',
      'version: 1\negress:\n  - host: a.example\n    prots: [443]\n    reason: x',
      'policy.yaml: /egress/0 has an unknown key "prots" (did you mean "ports"?)',
    ],
    [
      'misspelt required key',
      'version: 1\nignore:\n  - rule: proc/spawn\n    reson: x',
      'policy.yaml: /ignore/0 has an unknown key "reson" (did you mean "reason"?)',
    ],
    [
      'two documents',
      'version: 1\n---\nversion: 1',
      'policy.yaml:2:1: holds more than one YAML document',
    ],
    ['missing version', 'egress: []', 'policy.yaml: top level must have "version"'],
    ['wrong version', 'version: 2', 'policy.yaml: /version must be 1'],
    ['empty file', '', 'policy.yaml: top level must be a mapping of keys to values'],
    [
      'port out of range',
      'version: 1\negress:\n  - host: a.example\n    ports: [70000]\n    reason: x',
      'policy.yaml: /egress/0/ports/0 must be an integer between 1 and 65535',
    ],
    [
      'port not a number',
      'version: 1\negress:\n  - host: a.example\n    ports: ["443"]\n    reason: x',
      'policy.yaml: /egress/0/ports/0 must be an integer between 1 and 65535',
    ],
    [
      'repeated port',
      'version: 1\negress:\n  - host: a.example\n    ports: [443, 443]\n    reason: x',
      'policy.yaml: /egress/0/ports lists 443 twice',
    ],
    [
      'missing reason',
      'version: 1\negress:\n  - host: a.example',
      'policy.yaml: /egress/0 must have "reason"',
    ],
    [
      'blank reason',
      'version: 1\nignore:\n  - rule: proc/spawn\n    reason: "   "',
      'policy.yaml: /ignore/0/reason must be a non-empty explanation, not "   "',
    ],
    [
      'neither host nor cidr',
      'version: 1\negress:\n  - ports: [443]\n    reason: x',
      'policy.yaml: /egress/0 must have one of "host" or "cidr"',
    ],
    [
      'both host and cidr',
      'version: 1\negress:\n  - host: a.example\n    cidr: 192.0.2.1\n    reason: x',
      'policy.yaml: /egress/0 must have only one of "host" or "cidr"',
    ],
    [
      'unknown phase',
      'version: 1\negress:\n  - host: a.example\n    phases: [exercice]\n    reason: x',
      'policy.yaml: /egress/0/phases/0 must be one of install, startup, enumerate, exercise, relaunch, not "exercice" (did you mean "exercise"?)',
    ],
    [
      'bad CIDR octet',
      'version: 1\negress:\n  - cidr: 203.0.113.300/24\n    reason: x',
      'policy.yaml: /egress/0/cidr "203.0.113.300" is not an IPv4 or IPv6 address',
    ],
    [
      'bad CIDR prefix',
      'version: 1\negress:\n  - cidr: 2001:db8::/129\n    reason: x',
      'policy.yaml: /egress/0/cidr prefix "/129" must be between /0 and /128',
    ],
    [
      'CIDR with host bits',
      'version: 1\negress:\n  - cidr: 203.0.113.7/24\n    reason: x',
      'policy.yaml: /egress/0/cidr has host bits set (the range is 203.0.113.0/24)',
    ],
    [
      'CIDR that is not an address',
      'version: 1\negress:\n  - cidr: example.com\n    reason: x',
      'policy.yaml: /egress/0/cidr must be an IPv4 or IPv6 address or range (203.0.113.0/24, 2001:db8::/32), not "example.com"',
    ],
    [
      'address as host',
      'version: 1\negress:\n  - host: 192.0.2.1\n    reason: x',
      'policy.yaml: /egress/0/host is an address: give it as "cidr"',
    ],
    [
      'numeric last label',
      'version: 1\negress:\n  - host: 10.0.0.256\n    reason: x',
      'policy.yaml: /egress/0/host ends in a number: is it an address?',
    ],
    [
      'wildcard over a TLD',
      'version: 1\negress:\n  - host: "*.com"\n    reason: x',
      'policy.yaml: /egress/0/host is a wildcard over a whole top-level domain',
    ],
    [
      'bad host',
      'version: 1\negress:\n  - host: "api.exa mple.com"\n    reason: x',
      'policy.yaml: /egress/0/host must be a host name (api.example.com) or a wildcard for a domain and its subdomains (*.example.com), not "api.exa mple.com"',
    ],
    [
      'unknown rule',
      'version: 1\nignore:\n  - rule: proc/env-prob\n    reason: x',
      'policy.yaml: /ignore/0/rule names no rule in the catalog: "proc/env-prob" (did you mean "proc/env-probe"?)',
    ],
    [
      'bad severity',
      'version: 1\nseverity:\n  - rule: proc/spawn\n    severity: severe\n    reason: x',
      'policy.yaml: /severity/0/severity must be one of info, low, medium, high, critical, not "severe"',
    ],
    [
      'a rule overridden twice',
      'version: 1\nseverity:\n  - {rule: proc/spawn, severity: low, reason: x}\n  - {rule: proc/spawn, severity: info, reason: y}',
      'policy.yaml: /severity/1/rule overrides the rule again (see /severity/0)',
    ],
    [
      'bad date format',
      'version: 1\nignore:\n  - rule: proc/spawn\n    reason: x\n    expires: 01/03/2027',
      'policy.yaml: /ignore/0/expires must be a date written YYYY-MM-DD (the entry stops applying at 00:00 UTC that day), not "01/03/2027"',
    ],
    [
      'impossible date',
      'version: 1\nignore:\n  - rule: proc/spawn\n    reason: x\n    expires: 2027-02-30',
      'policy.yaml: /ignore/0/expires is not a real date: "2027-02-30"',
    ],
    [
      'secret with a value',
      'version: 1\nenv:\n  - name: TOKEN\n    secret: true\n    value: abc',
      'policy.yaml: /env/0/secret must be false when "value" is given',
    ],
    [
      'hosts with a value',
      'version: 1\nenv:\n  - name: TOKEN\n    value: abc\n    hosts: [a.example]',
      'policy.yaml: /env/0 must not have "hosts" when "value" is given',
    ],
    [
      'not secret without a value',
      'version: 1\nenv:\n  - name: MODE\n    secret: false',
      'policy.yaml: /env/0 has "secret: false" but no "value": give the value to pass, or drop "secret: false" to plant a canary',
    ],
    [
      'repeated variable',
      'version: 1\nenv:\n  - name: A\n  - name: A',
      'policy.yaml: /env/1/name repeats /env/0',
    ],
    [
      'bad variable name',
      'version: 1\nenv:\n  - name: "A-B"',
      'policy.yaml: /env/0/name must be an environment variable name (letters, digits, underscore), not "A-B"',
    ],
    [
      'wildcard path in the middle',
      'version: 1\nignore:\n  - rule: fs/persistence\n    path: ~/*/x\n    reason: x',
      'policy.yaml: /ignore/0/path may use "*" only as a final "/**" (anything under a folder)',
    ],
  ])('%s', (_name, text, expected) => {
    expect(errorOf(text)).toBe(expected);
  });

  it('reports YAML syntax errors with line and column', () => {
    expect(errorOf('version: 1\negress:\n  - host: [a.example\n    reason: x\n')).toMatch(
      /^policy\.yaml:\d+:\d+: \S/,
    );
  });

  it('refuses duplicate keys, custom tags and merge keys', () => {
    expect(errorOf('version: 1\nversion: 1')).toMatch(/^policy\.yaml:2:1: Map keys must be unique/);
    expect(errorOf('version: !!js/function "x"')).toMatch(/^policy\.yaml:1:10: /);
    expect(errorOf('version: 1\nignore:\n  - <<: {rule: proc/spawn}\n    reason: r')).toBe(
      'policy.yaml: /ignore/0 has an unknown key "<<"',
    );
  });

  it('refuses alias bombs without expanding them', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i += 1)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    expect(errorOf(`version: 1\n${lines.join('\n')}`)).toMatch(/^policy\.yaml: cannot be read: /);
  });

  it('refuses a file over the size bound, and too many entries', () => {
    expect(errorOf(`version: 1\n#${'x'.repeat(MAX_POLICY_BYTES)}`)).toMatch(
      /^policy\.yaml: is \d+ bytes; a policy may be at most 1048576 bytes$/,
    );
    const many = Array.from({ length: 1001 }, () => '  - {rule: proc/spawn, reason: x}').join('\n');
    expect(errorOf(`version: 1\nignore:\n${many}`)).toBe(
      'policy.yaml: /ignore must list at most 1000 entries',
    );
  });

  it('names the file it was given and keeps hostile text on one line', () => {
    expect(errorOf('version: 1\n"a\\nb": 1', 'team/policy.json')).toBe(
      'team/policy.json: top level has an unknown key "a\\nb"',
    );
  });

  it('does not let __proto__ slip past the key checks', () => {
    expect(errorOf('version: 1\n__proto__: {egress: 1}')).toBe(
      'policy.yaml: top level has an unknown key "__proto__"',
    );
  });
});
