import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type Canary, findCanaries, parentDomain, reassembleDnsPayload } from './match-canaries.js';

const SECRET = 'ghp_Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7j';
const GH: Canary = { id: 'c-gh', origin: 'env:GITHUB_TOKEN', value: SECRET };
const AWS: Canary = {
  id: 'c-aws',
  origin: 'env:AWS_SECRET_ACCESS_KEY',
  value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const KEY_BODY = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtz';
const SSH: Canary = {
  id: 'c-ssh',
  origin: 'file:~/.ssh/id_rsa',
  value: `-----BEGIN OPENSSH PRIVATE KEY-----\n${KEY_BODY}\n-----END OPENSSH PRIVATE KEY-----\n`,
  needles: [KEY_BODY.slice(8, 48)],
};
const CANARIES = [GH, AWS, SSH];

// An env dump: `>>>???~~~` makes standard base64 use + and /, URL-safe base64 - and _; PATH
// makes it compressible, so no compressor stores the token as it is.
const ENV = JSON.stringify({
  HOME: '/home/user',
  PATH: '/usr/local/bin:/usr/bin:/bin:'.repeat(8),
  GITHUB_TOKEN: SECRET,
  NOTE: '>>>???~~~',
});
const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');
const b64url = (s: string | Buffer): string => Buffer.from(s).toString('base64url');
const pct = (s: string): string =>
  [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');

/** RFC 4648 base32, upper case with padding. */
function base32(buf: Buffer): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let acc = 0;
  let out = '';
  for (const b of buf) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += abc[(acc >> bits) & 31];
    }
    acc &= 0xff;
  }
  if (bits > 0) out += abc[(acc << (5 - bits)) & 31];
  return out.padEnd(Math.ceil(out.length / 8) * 8, '=');
}

const ghOnly = (input: string | Buffer, contentEncoding?: string) =>
  findCanaries(input, [GH], contentEncoding ? { contentEncoding } : {});

describe('test data', () => {
  it('uses a ghp_ token of 36 alphanumerics and base64 that needs both alphabets', () => {
    expect(SECRET).toMatch(/^ghp_[A-Za-z0-9]{36}$/);
    expect(b64(ENV)).toMatch(/[+/]/);
    expect(b64url(ENV)).toMatch(/[-_]/);
    expect(base32(Buffer.from('foobar'))).toBe('MZXW6YTBOI======');
    for (const packed of [gzipSync(ENV), deflateSync(ENV), brotliCompressSync(ENV)]) {
      expect(packed.includes(SECRET)).toBe(false);
    }
  });
});

describe('findCanaries', () => {
  const gz = b64(gzipSync(ENV));
  it.each<[string, string | Buffer, string | undefined, string[]]>([
    ['plain text', `{"env":${ENV}}`, undefined, []],
    ['a URL-encoded form body', `user=a&env=${pct(ENV)}&x=1`, undefined, ['url']],
    ['JSON \\u escapes', `{"t":"\\u0067hp_${SECRET.slice(4)}"}`, undefined, ['json']],
    ['standard base64, padded', `{"d":"${b64(ENV)}"}`, undefined, ['base64']],
    ['standard base64, unpadded', `{"d":"${b64(ENV).replace(/=+$/, '')}"}`, undefined, ['base64']],
    ['URL-safe base64, unpadded', `/upload?d=${b64url(ENV)}`, undefined, ['base64']],
    ['URL-safe base64, padded', `d=${b64url(ENV)}==`, undefined, ['base64']],
    ['base64 of base64', `{"d":"${b64(b64(ENV))}"}`, undefined, ['base64', 'base64']],
    ['lower-case hex', `x=${Buffer.from(ENV).toString('hex')}`, undefined, ['hex']],
    ['upper-case hex', `X=${Buffer.from(ENV).toString('hex').toUpperCase()}`, undefined, ['hex']],
    ['base32', `id=${base32(Buffer.from(ENV))}`, undefined, ['base32']],
    [
      'gzip then base64 in a JSON field',
      JSON.stringify({ data: gz }),
      undefined,
      ['base64', 'gzip'],
    ],
    ['a deflate body', deflateSync(ENV), undefined, ['deflate']],
    ['brotli with content-encoding br', brotliCompressSync(ENV), 'br', ['brotli']],
    ['a gzip body with content-encoding gzip', gzipSync(ENV), 'gzip', ['gzip']],
  ])('finds the canary in %s', (_name, input, contentEncoding, chain) => {
    expect(ghOnly(input, contentEncoding)).toEqual([
      { canaryId: 'c-gh', origin: 'env:GITHUB_TOKEN', chain, needle: SECRET },
    ]);
  });

  it('reports only the canaries that are present, in the order given', () => {
    const body = `a=${b64(AWS.value)}&b=${SECRET}`;
    const hits = findCanaries(body, [SSH, AWS, GH]);
    expect(hits.map((h) => [h.canaryId, h.chain])).toEqual([
      ['c-aws', ['base64']],
      ['c-gh', []],
    ]);
    expect(findCanaries('{"HOME":"/home/user"}', CANARIES)).toEqual([]);
    expect(findCanaries(SECRET.slice(0, 20), CANARIES)).toEqual([]);
  });

  it('counts a needle as a hit and names it', () => {
    const leaked = `{"key":"${b64(KEY_BODY.slice(0, 56))}"}`;
    expect(findCanaries(leaked, CANARIES)).toEqual([
      {
        canaryId: 'c-ssh',
        origin: 'file:~/.ssh/id_rsa',
        chain: ['base64'],
        needle: SSH.needles?.[0],
      },
    ]);
  });

  it('reports the shortest chain when a canary appears more than once', () => {
    expect(ghOnly(`${b64(gzipSync(ENV))} ${b64(ENV)} ${SECRET}`)[0]?.chain).toEqual([]);
    expect(ghOnly(`${b64(gzipSync(ENV))} ${b64(ENV)}`)[0]?.chain).toEqual(['base64']);
  });

  it('ignores empty needles instead of matching everything', () => {
    expect(findCanaries('anything at all', [{ id: 'x', origin: 'env:X', value: '' }])).toEqual([]);
    expect(findCanaries('anything', [])).toEqual([]);
  });

  it('does not throw on garbage, truncated gzip or a wrong content encoding', () => {
    const lines = Array.from({ length: 4000 }, (_, i) => `line ${i}`).join('\n');
    const gzipped = gzipSync(`${SECRET}\n${lines}`);
    expect(ghOnly(gzipped.subarray(0, gzipped.length >> 1))[0]?.chain).toEqual(['gzip']);
    expect(ghOnly(Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0]), 'gzip')).toEqual([]);
    expect(ghOnly(Buffer.from('plain, not brotli'), 'br')).toEqual([]);
  });

  it('handles 40 canaries over a 1 MiB body with many decoded views', () => {
    const many: Canary[] = Array.from({ length: 40 }, (_, i) => ({
      id: `c${i}`,
      origin: `env:VAR_${i}`,
      value: `canary-value-${i}-`.padEnd(40, 'Q'),
    }));
    const fields = Array.from({ length: 300 }, (_, i) => b64(`field ${i} `.padEnd(2400, 'x')));
    fields[299] = b64(gzipSync(`{"VAR_39":"${many[39]?.value}"}`));
    const body = JSON.stringify({ fields });
    expect(body.length).toBeGreaterThan(900_000);
    const started = performance.now();
    const hits = findCanaries(body, many);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(hits.map((h) => [h.canaryId, h.chain])).toEqual([['c39', ['base64', 'gzip']]]);
  });
});

describe('DNS payloads', () => {
  /** Query names carrying `payload` in labels of `size`, two labels a query, each sent as A and AAAA. */
  function queries(payload: string, size: number, parent: string): string[] {
    const labels = payload.match(new RegExp(`.{1,${size}}`, 'g')) ?? [];
    const names: string[] = [];
    for (let i = 0; i < labels.length; i += 2) {
      const name = `${labels.slice(i, i + 2).join('.')}.${parent}`;
      names.push(name, name);
    }
    return names;
  }

  it('reassembles a hex payload split over labels and queries, with A/AAAA repeats', () => {
    const names = queries(Buffer.from(`t=${SECRET}`).toString('hex'), 30, 'exfil.test');
    expect(names.length).toBeGreaterThanOrEqual(4);
    expect(parentDomain(names[0] ?? '')).toBe('exfil.test');
    const payload = reassembleDnsPayload(names, 'exfil.test');
    expect(payload).toBe(Buffer.from(`t=${SECRET}`).toString('hex'));
    expect(findCanaries(payload, CANARIES).map((h) => [h.canaryId, h.chain])).toEqual([
      ['c-gh', ['hex']],
    ]);
  });

  it('reassembles a base32 payload across labels', () => {
    const encoded = base32(Buffer.from(SECRET)).replace(/=+$/, '').toLowerCase();
    const payload = reassembleDnsPayload(queries(encoded, 20, 'tunnel.example'), 'tunnel.example');
    expect(findCanaries(payload, CANARIES).map((h) => [h.canaryId, h.chain])).toEqual([
      ['c-gh', ['base32']],
    ]);
  });

  it('counts each name once (A/AAAA and interleaved retries) and ignores names under other parents', () => {
    const names = [
      'aa.x.test',
      'AA.x.test.',
      'bb.cc.X.Test',
      'other.example',
      'x.test',
      'aa.x.test',
    ];
    expect(reassembleDnsPayload(names, 'x.test')).toBe('aabbcc');
    expect(reassembleDnsPayload([], 'x.test')).toBe('');
  });

  it('drops framing labels (constant in every query, short indexes) and orders by index', () => {
    const names = [
      'cafe01.1.t.leak.example',
      'beef02.0.t.leak.example',
      'cafe01.1.t.leak.example',
      'd00d03.2.t.leak.example',
    ];
    expect(reassembleDnsPayload(names, 'leak.example')).toBe('beef02cafe01d00d03');
  });

  it.each([
    ['a.b.Exfil.Test.', 'exfil.test'],
    ['exfil.test', 'exfil.test'],
    ['localhost', 'localhost'],
    ['', ''],
  ])('parentDomain(%j) = %j', (name, parent) => {
    expect(parentDomain(name)).toBe(parent);
  });
});
