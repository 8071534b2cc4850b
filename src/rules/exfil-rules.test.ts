import { describe, expect, it } from 'vitest';
import type {
  CredentialPurpose,
  ExfilObservation,
  Finding,
  TaintObservation,
} from '../domain/types.js';
import { parseAllowlist } from '../plan/allowlist.js';
import { exfilFindings } from './exfil-rules.js';

const AT = { phase: 'exercise', callId: 'c1', tool: 'send_mail' } as const;
const TOKEN_EXCERPT = 'POST https://collect.evil.example/up\n\nH4sIAAAA…';

function leak(over: Partial<ExfilObservation> = {}): ExfilObservation {
  return {
    ...AT,
    t: 4200,
    canaryId: 'env:GITHUB_TOKEN',
    origin: 'env:GITHUB_TOKEN',
    channel: 'http',
    where: 'body',
    chain: ['base64', 'gzip'],
    host: 'collect.evil.example',
    ip: '203.0.113.9',
    port: 443,
    excerpt: TOKEN_EXCERPT,
    ...over,
  };
}

function taint(over: Partial<TaintObservation> = {}): TaintObservation {
  return {
    ...AT,
    t: 4300,
    kind: 'email',
    value: 'archive@mailvault.example',
    field: 'body:Bcc',
    channel: 'http',
    host: 'api.postmark.example',
    request: 'POST https://api.postmark.example/email\n\n{"Bcc":"archive@mailvault.example"}',
    ...over,
  };
}

const brief = (fs: Finding[]) => fs.map((f) => `${f.rule} ${f.severity}`);

describe('exfilFindings: canaries leaving the sandbox', () => {
  it('reports a canary sent to a host that is not allowed as critical, with full evidence', () => {
    expect(exfilFindings([leak()], [], [])).toEqual([
      {
        rule: 'exfil/canary',
        severity: 'critical',
        title: 'GITHUB_TOKEN leaked to collect.evil.example via HTTP body (base64 > gzip)',
        phase: 'exercise',
        tool: 'send_mail',
        callId: 'c1',
        evidence: {
          canary: 'env:GITHUB_TOKEN',
          encoding: 'base64 > gzip',
          channel: 'http',
          host: 'collect.evil.example',
          ip: '203.0.113.9',
          port: 443,
          payloadExcerpt: TOKEN_EXCERPT,
          count: 1,
        },
      },
    ]);
  });

  it.each<[string, Partial<ExfilObservation>, string]>([
    [
      'a plain header',
      { where: 'header:x-token', chain: [] },
      'GITHUB_TOKEN leaked to collect.evil.example via HTTP header:x-token (plain)',
    ],
    [
      'the URL',
      { where: 'url', chain: ['url'] },
      'GITHUB_TOKEN leaked to collect.evil.example via HTTP url (url)',
    ],
    [
      'a raw TCP stream to a raw IP',
      { channel: 'tcp', where: 'stream', host: undefined, chain: [] },
      'GITHUB_TOKEN leaked to 203.0.113.9 via TCP (plain)',
    ],
    [
      'UDP',
      { channel: 'udp', where: 'datagram', chain: ['hex'] },
      'GITHUB_TOKEN leaked to collect.evil.example via UDP (hex)',
    ],
    [
      'DNS labels',
      {
        channel: 'dns',
        where: 'labels of 3 queries under exfil.example',
        host: 'exfil.example',
        ip: undefined,
        port: undefined,
      },
      'GITHUB_TOKEN leaked to exfil.example via DNS (base64 > gzip)',
    ],
    [
      'SMTP AUTH',
      {
        channel: 'smtp',
        where: 'auth',
        chain: [],
        origin: 'file:~/.netrc',
        canaryId: 'file:~/.netrc',
      },
      '~/.netrc leaked to collect.evil.example via SMTP (plain)',
    ],
    [
      'no destination at all',
      { channel: 'smtp', where: 'message', host: undefined, ip: undefined, port: undefined },
      'GITHUB_TOKEN leaked to unknown destination via SMTP (base64 > gzip)',
    ],
  ])('names the channel and encoding: %s', (_name, over, title) => {
    const [f] = exfilFindings([leak(over)], [], []);
    expect(f?.rule).toBe('exfil/canary');
    expect(f?.title).toBe(title);
  });

  it('leaves host, ip and port out of the evidence when unknown', () => {
    const [f] = exfilFindings(
      [leak({ channel: 'dns', host: undefined, ip: undefined, port: undefined })],
      [],
      [],
    );
    expect(f?.evidence).not.toHaveProperty('host');
    expect(f?.evidence).not.toHaveProperty('ip');
    expect(f?.evidence).not.toHaveProperty('port');
  });

  it.each<[string, Partial<ExfilObservation>, string[], string]>([
    ['the exact host', {}, ['collect.evil.example'], 'exfil/canary-allowed-host low'],
    ['a wildcard', {}, ['*.evil.example'], 'exfil/canary-allowed-host low'],
    ['the IP of a raw flow', { host: undefined }, ['203.0.113.9'], 'exfil/canary-allowed-host low'],
    [
      'an IPv6 address',
      { host: undefined, ip: '2001:db8::9' },
      ['[2001:DB8:0::9]'],
      'exfil/canary-allowed-host low',
    ],
    ['another host', {}, ['api.github.example'], 'exfil/canary critical'],
    ['a parent of the host without a wildcard', {}, ['evil.example'], 'exfil/canary critical'],
    [
      'an env canary',
      { origin: 'env:AWS_SECRET_ACCESS_KEY' },
      ['collect.evil.example'],
      'exfil/canary-allowed-host low',
    ],
    [
      'a dotfile canary',
      { origin: 'file:~/.aws/credentials' },
      ['collect.evil.example'],
      'exfil/canary-allowed-host low',
    ],
    [
      '~/.ssh/config (not a key)',
      { origin: 'file:~/.ssh/config' },
      ['collect.evil.example'],
      'exfil/canary-allowed-host low',
    ],
    [
      '~/.ssh/id_rsa',
      { origin: 'file:~/.ssh/id_rsa' },
      ['collect.evil.example'],
      'exfil/canary critical',
    ],
    [
      '~/.ssh/id_ed25519',
      { origin: 'file:~/.ssh/id_ed25519' },
      ['*.evil.example'],
      'exfil/canary critical',
    ],
  ])('allowlist: %s', (_name, over, allow, expected) => {
    expect(brief(exfilFindings([leak(over)], [], parseAllowlist(allow)))).toEqual([expected]);
  });

  it('titles an allowed-host finding with the destination', () => {
    const [f] = exfilFindings(
      [leak({ where: 'header:authorization', chain: [] })],
      [],
      ['collect.evil.example'],
    );
    expect(f?.title).toBe(
      'GITHUB_TOKEN sent to allowed host collect.evil.example (HTTP header:authorization, plain)',
    );
    expect(f?.evidence.canary).toBe('env:GITHUB_TOKEN');
  });

  it('reports a canary in a tool result as high, whatever the allowlist', () => {
    const o = leak({
      channel: 'tool-result',
      where: 'result',
      chain: [],
      host: undefined,
      ip: undefined,
      port: undefined,
      tool: 'lookup',
      callId: 'c2',
    });
    expect(exfilFindings([o], [], ['*'])).toEqual([
      {
        rule: 'exfil/canary-in-result',
        severity: 'high',
        title: 'GITHUB_TOKEN returned in the result of lookup (plain)',
        phase: 'exercise',
        tool: 'lookup',
        callId: 'c2',
        evidence: {
          canary: 'env:GITHUB_TOKEN',
          encoding: 'plain',
          channel: 'tool-result',
          payloadExcerpt: TOKEN_EXCERPT,
          count: 1,
        },
      },
    ]);
  });

  it('is low when the tool says it returns environment variables, or the call named the file', () => {
    const inResult = {
      channel: 'tool-result' as const,
      where: 'result',
      chain: [],
      host: undefined,
      ip: undefined,
      port: undefined,
    };
    const ctx = {
      toolText: new Map([
        ['get-env', 'get-env\nPrint Environment Tool\nReturns all environment variables'],
        ['read_file', 'read_file\n\nRead a file'],
        ['debug_info', 'debug_info\n\nShow runtime diagnostics to paste into a bug report.'],
      ]),
      callArgs: new Map([
        ['c1', '{}'],
        ['c2', '{"path":"/home/dev/project/.env"}'],
        ['c3', '{"path":"/home/dev/project/README.md"}'],
      ]),
    };
    const env = leak({ ...inResult, tool: 'get-env', callId: 'c1' });
    const envHidden = leak({ ...inResult, tool: 'debug_info', callId: 'c1' });
    const file = { origin: 'file:./.env', canaryId: 'file:./.env' };
    const asked = leak({ ...inResult, ...file, tool: 'read_file', callId: 'c2' });
    const notAsked = leak({ ...inResult, ...file, tool: 'read_file', callId: 'c3' });
    expect(
      exfilFindings([env, envHidden, asked, notAsked], [], [], ctx).map((f) => [
        f.rule,
        f.severity,
        f.tool,
        f.callId,
      ]),
    ).toEqual([
      ['exfil/canary-in-result-declared', 'low', 'get-env', 'c1'],
      ['exfil/canary-in-result', 'high', 'debug_info', 'c1'],
      ['exfil/canary-in-result-declared', 'low', 'read_file', 'c2'],
      ['exfil/canary-in-result', 'high', 'read_file', 'c3'],
    ]);
  });

  it('counts repeats of one canary to one destination in one call', () => {
    const out = exfilFindings(
      [leak(), leak({ t: 4300, where: 'url' }), leak({ host: 'other.evil.example' })],
      [],
      [],
    );
    expect(out.map((f) => [f.evidence.host, f.evidence.count])).toEqual([
      ['collect.evil.example', 2],
      ['other.evil.example', 1],
    ]);
  });

  it('keeps an install-time leak apart and makes one incident of the run-time ones', () => {
    const out = exfilFindings(
      [
        leak(),
        leak({ phase: 'install', callId: undefined, tool: undefined }),
        leak({ callId: 'c2', tool: 'lookup' }),
      ],
      [],
      [],
    );
    expect(out.map((f) => `${f.phase}/${f.tool ?? '-'}/${(f.tools ?? []).join('+')}`)).toEqual([
      'exercise/send_mail/send_mail+lookup',
      'install/-/',
    ]);
    expect(out[0]?.occurrences).toEqual([
      { phase: 'exercise', tool: 'send_mail', callId: 'c1' },
      { phase: 'exercise', tool: 'lookup', callId: 'c2' },
    ]);
    expect(out[1]).not.toHaveProperty('callId');
  });

  it('reports each canary of one message', () => {
    const out = exfilFindings(
      [leak(), leak({ canaryId: 'env:NPM_TOKEN', origin: 'env:NPM_TOKEN' })],
      [],
      [],
    );
    expect(out.map((f) => f.evidence.canary)).toEqual(['env:GITHUB_TOKEN', 'env:NPM_TOKEN']);
  });

  it('reports nothing for nothing', () => {
    expect(exfilFindings([], [], [])).toEqual([]);
  });
});

describe('exfilFindings: unexplained values (taint)', () => {
  it('reports an extra value in a request as high', () => {
    expect(exfilFindings([], [taint()], [])).toEqual([
      {
        rule: 'exfil/untrusted-value',
        severity: 'high',
        title:
          'Request to api.postmark.example carries email archive@mailvault.example that no input explains (body:Bcc)',
        phase: 'exercise',
        tool: 'send_mail',
        callId: 'c1',
        evidence: {
          host: 'api.postmark.example',
          value: 'archive@mailvault.example',
          field: 'body:Bcc',
          channel: 'http',
          payloadExcerpt: taint().request,
          count: 1,
        },
      },
    ]);
  });

  it('titles a mail finding as mail', () => {
    const [f] = exfilFindings(
      [],
      [taint({ channel: 'smtp', host: 'smtp', field: 'smtp:RCPT TO' })],
      [],
    );
    expect(f?.title).toBe(
      'Mail carries email archive@mailvault.example that no input explains (smtp:RCPT TO)',
    );
  });

  it('is not softened by the allowlist', () => {
    expect(brief(exfilFindings([], [taint()], ['api.postmark.example']))).toEqual([
      'exfil/untrusted-value high',
    ]);
  });

  it('counts one value to one host once per call, and keeps kinds apart', () => {
    const out = exfilFindings(
      [],
      [
        taint(),
        taint({ field: 'body:Cc' }),
        taint({ kind: 'url', value: 'https://mailvault.example/' }),
        taint({ host: 'api.other.example' }),
      ],
      [],
    );
    expect(out.map((f) => [f.evidence.value, f.evidence.host, f.evidence.count])).toEqual([
      ['archive@mailvault.example', 'api.postmark.example', 2],
      ['https://mailvault.example/', 'api.postmark.example', 1],
      ['archive@mailvault.example', 'api.other.example', 1],
    ]);
  });

  it('lists canary findings before taint findings', () => {
    expect(brief(exfilFindings([leak()], [taint()], []))).toEqual([
      'exfil/canary critical',
      'exfil/untrusted-value high',
    ]);
  });
});

describe('exfilFindings: purpose-bound credentials', () => {
  const github: CredentialPurpose = {
    service: 'GitHub',
    hosts: ['*.github.com'],
    basis: 'well-known',
    reason: 'GITHUB_TOKEN is a GitHub credential by its name',
  };
  const own: CredentialPurpose = {
    service: 'x (the package’s own service)',
    hosts: ['api.x-service.example'],
    basis: 'own',
    reason: "X_API_KEY is the package's own credential",
  };
  const unknown: CredentialPurpose = {
    service: 'unknown',
    hosts: [],
    basis: 'unknown',
    reason: 'r',
  };
  const key: CredentialPurpose = { service: 'none', hosts: [], basis: 'never', reason: 'r' };
  const judge = (over: Partial<ExfilObservation>, purpose: CredentialPurpose, allow: string[]) =>
    brief(
      exfilFindings([leak(over)], [], parseAllowlist(allow), undefined, new Map([['c', purpose]])),
    );

  it.each<[string, Partial<ExfilObservation>, CredentialPurpose, string[], string]>([
    [
      'GitHub token to GitHub',
      { host: 'api.github.com' },
      github,
      [],
      'exfil/credential-used-as-intended info',
    ],
    [
      'GitHub token to an allowed other host',
      { host: 'api.x-service.example' },
      github,
      ['api.x-service.example'],
      'exfil/canary critical',
    ],
    [
      'GitHub token to a look-alike',
      { host: 'api.github.com.evil.example' },
      github,
      [],
      'exfil/canary critical',
    ],
    [
      'GitHub token in a DNS name under github.com',
      { channel: 'dns', host: 'x.github.com' },
      github,
      [],
      'exfil/canary critical',
    ],
    [
      'own key to its own host',
      { host: 'api.x-service.example' },
      own,
      [],
      'exfil/credential-used-as-intended info',
    ],
    [
      'own key to an allowed other host',
      { host: 'metrics.collector.example' },
      own,
      ['metrics.collector.example'],
      'exfil/canary critical',
    ],
    ['own key to a raw IP', { host: undefined }, own, [], 'exfil/canary critical'],
    [
      'unknown-service key to an allowed host',
      {},
      unknown,
      ['collect.evil.example'],
      'exfil/canary-allowed-host low',
    ],
    ['unknown-service key elsewhere', {}, unknown, [], 'exfil/canary critical'],
    ['private key to an allowed host', {}, key, ['collect.evil.example'], 'exfil/canary critical'],
  ])('%s', (_name, over, purpose, allow, expected) => {
    expect(judge({ canaryId: 'c', ...over }, purpose, allow)).toEqual([expected]);
  });

  it('names the service the leaked credential was for', () => {
    const [f] = exfilFindings(
      [leak({ canaryId: 'c' })],
      [],
      [],
      undefined,
      new Map([['c', github]]),
    );
    expect(f?.title).toContain('it is for GitHub');
    expect(f?.evidence.field).toBe(github.reason);
  });
});
