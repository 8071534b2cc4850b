import { describe, expect, it } from 'vitest';
import type { Attribution, DnsQueryObservation } from '../domain/types.js';
import {
  dnsTunnelFindings,
  entropy,
  looksEncoded,
  TUNNEL_THRESHOLDS,
  tunnelSignals,
} from './dns-tunnel.js';

const AT = { phase: 'exercise', callId: 'c1', tool: 'lookup' } as const;

function q(name: string, type = 'A', t = 5000, at: Attribution = AT): DnsQueryObservation {
  return { ...at, t, name, type, answers: type === 'TXT' ? [] : ['198.51.100.20'] };
}

const SECRET = 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const HEX = Buffer.from(SECRET).toString('hex');
const B64URL = Buffer.from(SECRET).toString('base64url');
/** The hex payload cut into 31-character labels (4 queries), one query each, under the parent. */
const chunked = (parent: string, payload = HEX, size = 31) =>
  (payload.match(new RegExp(`.{1,${size}}`, 'g')) ?? []).map((part) => `${part}.${parent}`);

describe('entropy', () => {
  it.each<[string, number]>([
    ['', 0],
    ['aaaaaaaa', 0],
    ['abababab', 1],
    ['abcd', 2],
    ['0123456789abcdef', 4],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef', 5],
  ])('%j has %d bits per character', (s, bits) => {
    expect(entropy(s)).toBeCloseTo(bits, 10);
  });

  it('is above the threshold for base64 and below it for repetitive names', () => {
    expect(entropy(B64URL.slice(0, 40))).toBeGreaterThan(TUNNEL_THRESHOLDS.entropyBits);
    expect(entropy('aaaabbbbccccddddaaaabbbb')).toBeLessThan(TUNNEL_THRESHOLDS.entropyBits);
  });
});

describe('looksEncoded', () => {
  it.each<[string, boolean]>([
    [HEX.slice(0, 30), true],
    [B64URL.slice(0, 30), true],
    ['k3j9x0q2m1za7bw5uv8ty4rp', true],
    [HEX.slice(0, 19), false],
    ['productionmailserverbackup', false],
    ['eu-west-1-prod-cluster-apiserver', false],
    ['static-assets-content-delivery', false],
  ])('%s: %s', (label, expected) => {
    expect(looksEncoded(label)).toBe(expected);
  });
});

describe('tunnelSignals', () => {
  const P = 'exfil.example';
  const long = 'a'.repeat(40);
  const words = 'ab.'.repeat(20) + 'ab';

  it.each<[string, string[], string[], string[]]>([
    ['a 40-character label', [`${long}.${P}`], ['A'], ['label of 40+ characters']],
    ['a 39-character label', [`${'a'.repeat(39)}.${P}`], ['A'], []],
    ['a long subdomain of short words', [`${words}.${P}`], ['A'], ['subdomain of 60+ characters']],
    [
      'a long high-entropy label',
      [`${B64URL.slice(0, 50)}.${P}`],
      ['A'],
      ['label of 40+ characters', 'high-entropy labels (≥ 3.5 bits/char)'],
    ],
    ['a short high-entropy label', [`${B64URL.slice(0, 23)}.${P}`], ['A'], []],
    [
      'high entropy spread over labels (ignoring the dots)',
      [`k3j9x0q2m1za.7bw5uv8ty4rp.${P}`],
      ['A'],
      ['high-entropy labels (≥ 3.5 bits/char)'],
    ],
    [
      '15 unique names',
      Array.from({ length: 15 }, (_, i) => `host${i}.${P}`),
      Array.from({ length: 15 }, () => 'A'),
      ['15 unique names'],
    ],
    [
      '14 unique names',
      Array.from({ length: 14 }, (_, i) => `host${i}.${P}`),
      Array.from({ length: 14 }, () => 'A'),
      [],
    ],
    [
      '8 TXT queries',
      Array.from({ length: 8 }, () => `_cfg.${P}`),
      Array.from({ length: 8 }, () => 'TXT'),
      ['8 TXT queries'],
    ],
    [
      '7 TXT queries',
      Array.from({ length: 7 }, () => `_cfg.${P}`),
      Array.from({ length: 7 }, () => 'TXT'),
      [],
    ],
    ['the parent itself', [P, P], ['A', 'AAAA'], []],
    [
      'upper-case names',
      [`${long.toUpperCase()}.${P.toUpperCase()}`],
      ['A'],
      ['label of 40+ characters'],
    ],
  ])('%s', (_name, names, types, expected) => {
    expect(tunnelSignals(names, types, P)).toEqual(expected);
  });
});

describe('dnsTunnelFindings', () => {
  it('reports nothing for ordinary lookups', () => {
    const dns = [
      q('api.weather.example', 'A'),
      q('api.weather.example', 'AAAA'),
      q('www.weather.example', 'A'),
      q('registry.npmjs.test', 'A'),
      q('cdn.jsdelivr.test', 'AAAA'),
    ];
    expect(dnsTunnelFindings(dns, [])).toEqual([]);
  });

  it('reports no findings for no queries', () => {
    expect(dnsTunnelFindings([], [])).toEqual([]);
  });

  it('reports a hex tunnel with the reassembled payload and its decoding', () => {
    const names = chunked('exfil.example');
    const install = { phase: 'install' } as const;
    const dns = names.flatMap((n, i) => [
      q(n, 'A', 1500 + i, install),
      q(n, 'AAAA', 1500 + i, install),
    ]);
    const out = dnsTunnelFindings([q('api.weather.example'), ...dns], []);
    expect(out).toHaveLength(1);
    const f = out[0];
    expect(f).toMatchObject({
      rule: 'exfil/dns-tunnel',
      severity: 'high',
      phase: 'install',
      evidence: { host: 'exfil.example', protocol: 'dns', count: names.length },
    });
    expect(f?.title).toMatch(
      /^DNS tunnel suspected under exfil\.example: .*encoded-looking labels/,
    );
    expect(f?.evidence.payloadExcerpt).toBe(`reassembled: ${HEX}\ndecoded: ${SECRET}`);
    expect(f).not.toHaveProperty('tool');
  });

  it('takes phase and call from the first query of the group', () => {
    const names = chunked('exfil.example');
    const later = { phase: 'exercise', callId: 'c2', tool: 'other' } as const;
    const dns = names.map((n, i) => q(n, 'A', 5000 + i, i === 0 ? AT : later));
    expect(dnsTunnelFindings(dns, [])[0]).toMatchObject({
      phase: 'exercise',
      callId: 'c1',
      tool: 'lookup',
    });
  });

  it('decodes a base64url payload', () => {
    const payload = Buffer.from('user=dev;token=ghp_Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7j').toString(
      'base64url',
    );
    const dns = [q(`${payload.slice(0, 40)}.t1.example`), q(`${payload.slice(40)}.t1.example`)];
    const f = dnsTunnelFindings(dns, [])[0];
    expect(f?.evidence.payloadExcerpt).toContain(`reassembled: ${payload}`);
    expect(f?.evidence.payloadExcerpt).toContain('\ndecoded: user=dev;token=ghp_');
  });

  it('shows no decoding when the payload is not text', () => {
    const random = Buffer.from(Array.from({ length: 40 }, (_, i) => (i * 97 + 13) % 256)).toString(
      'hex',
    );
    const f = dnsTunnelFindings(
      [q(`${random.slice(0, 45)}.bin.example`), q(`${random.slice(45)}.bin.example`)],
      [],
    )[0];
    expect(f?.evidence.payloadExcerpt).toBe(`reassembled: ${random}`);
  });

  it('reports a TXT burst and many unique names', () => {
    const txt = Array.from({ length: 9 }, () => q('_c2.cmd.example', 'TXT'));
    const many = Array.from({ length: 16 }, (_, i) => q(`n${i}.spray.example`));
    const out = dnsTunnelFindings([...txt, ...many], []);
    expect(out.map((f) => [f.evidence.host, f.title, f.evidence.count])).toEqual([
      ['cmd.example', 'DNS tunnel suspected under cmd.example: 9 TXT queries', 1],
      ['spray.example', 'DNS tunnel suspected under spray.example: 16 unique names', 16],
    ]);
  });

  it.each<[string, string[], number]>([
    ['the parent', ['exfil.example'], 0],
    ['a wildcard of the parent', ['*.exfil.example'], 0],
    ['another domain', ['api.weather.example'], 1],
    ['a sub-domain only', ['t.exfil.example'], 1],
  ])('allowlisting %s', (_name, allow, findings) => {
    const dns = chunked('exfil.example').map((n) => q(n));
    expect(dnsTunnelFindings(dns, allow)).toHaveLength(findings);
  });

  it('bounds the payload excerpt', () => {
    const long = 'ab'.repeat(2000);
    const dns = chunked('big.example', long, 60).map((n) => q(n));
    const f = dnsTunnelFindings(dns, [])[0];
    expect(f?.evidence.payloadExcerpt?.length).toBeLessThanOrEqual(
      'reassembled: '.length + 1500 + '\ndecoded: '.length + 1000,
    );
  });
});
