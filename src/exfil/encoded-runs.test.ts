import { describe, expect, it } from 'vitest';
import { ALPHABETS, type Alphabet, decodeBase32, scanRuns } from './encoded-runs.js';

const alphabet = (name: string): Alphabet => {
  const a = ALPHABETS.find((x) => x.name === name);
  if (!a) throw new Error(name);
  return a;
};
const runsOf = (text: string, name: string): string[] =>
  [...scanRuns(Buffer.from(text, 'latin1'), text, alphabet(name))].sort();

describe('decodeBase32', () => {
  it.each([
    ['MZXW6YTBOI======', 'foobar'],
    ['MZXW6YTBOI', 'foobar'],
    ['mzxw6ytboi', 'foobar'],
    ['MZXW6YQ=', 'foob'],
    ['MY', 'f'],
    ['', ''],
  ])('%j -> %j', (input, expected) => {
    expect(decodeBase32(input).toString('latin1')).toBe(expected);
  });

  it('stops at the first character outside the alphabet', () => {
    expect(decodeBase32('MZXW6YTBOI!garbage').toString()).toBe('foobar');
    expect(decodeBase32('MZXW1YTBOI').toString()).toBe('fo');
  });
});

describe('scanRuns', () => {
  it('finds the same base64 runs as the plain regex', () => {
    // Deterministic text of short and long runs split by characters outside the alphabet.
    let x = 7;
    let text = '';
    for (let i = 0; i < 20_000; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      const r = x % 100;
      text += r < 3 ? ' ' : r < 5 ? '.' : r < 6 ? '"' : 'aZ9+/-_'.charAt(r % 7);
    }
    const expected = [...new Set(text.match(/[A-Za-z0-9+/_-]{16,}/g))].sort();
    expect(expected.length).toBeGreaterThan(10);
    expect(runsOf(text, 'base64')).toEqual(expected);
  });

  it('ignores runs shorter than 16 characters', () => {
    expect(runsOf('abcdef0123456, 0123456789abcde', 'hex')).toEqual([]);
    expect(runsOf('0123456789abcdef', 'hex')).toEqual(['0123456789abcdef']);
  });

  it('joins dot-separated labels and keeps long labels alone', () => {
    expect(runsOf('q 6768705f.41424344.exfil.test', 'hex')).toEqual(['6768705f41424344e']);
    expect(runsOf('0123456789abcdef0123.cafe', 'hex')).toEqual([
      '0123456789abcdef0123',
      '0123456789abcdef0123cafe',
    ]);
  });

  it('keeps base32 in one letter case, joining labels of the same case only', () => {
    expect(runsOf('MZXW6YTBOIQGC3TE and MzXW6YTBOIQGC3TE', 'base32')).toEqual(['MZXW6YTBOIQGC3TE']);
    expect(runsOf('MZXW6YTB.OIQGC3TE.exfil.test', 'base32')).toEqual(['MZXW6YTBOIQGC3TE']);
    expect(runsOf('mzxw6ytb.oiqgc3te.exfil.test', 'base32')).toEqual(['mzxw6ytboiqgc3teexfiltest']);
  });

  it('joins wrapped lines when the whole text is one alphabet', () => {
    expect(runsOf('QUJD\nREVG\nR0hJ\nSktM\n', 'base64')).toEqual(['QUJDREVGR0hJSktM']);
    expect(runsOf('6768 705f 4142 4344', 'hex')).toEqual(['6768705f41424344']);
    expect(runsOf('QUJD\nREVG\nR0hJ\nSktM\n!', 'base64')).toEqual([]);
  });
});
