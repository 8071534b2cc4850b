import { describe, expect, it } from 'vitest';
import { bodyExcerpt, hexExcerpt, printableExcerpt } from './excerpt.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('printableExcerpt', () => {
  it.each<[string, Buffer, string]>([
    ['plain text', b('NOTES hello'), 'NOTES hello'],
    ['newline', b('a\nb'), 'a\\nb'],
    ['carriage return', b('a\r\n'), 'a\\r\\n'],
    ['tab', b('a\tb'), 'a\\tb'],
    ['NUL', Buffer.from([0x61, 0x00, 0x62]), 'a\\x00b'],
    ['backslash', b('C:\\dir'), 'C:\\\\dir'],
    ['backslash then n is not a newline', b('\\n'), '\\\\n'],
    ['DEL', Buffer.from([0x7f]), '\\x7f'],
    ['ESC (terminal control)', Buffer.from([0x1b, 0x5b, 0x32, 0x4a]), '\\x1b[2J'],
    ['high bytes', Buffer.from([0xc3, 0xa9, 0xff]), '\\xc3\\xa9\\xff'],
    ['empty', Buffer.alloc(0), ''],
    ['quotes and angle brackets are kept', b('<a href="x">\'</a>'), '<a href="x">\'</a>'],
  ])('%s', (_name, buf, expected) => {
    expect(printableExcerpt(buf)).toBe(expected);
  });

  it.each<[number, number, string]>([
    [10, 4, 'abcd… (+6 bytes)'],
    [4, 4, 'abcd'],
    [3, 4, 'abc'],
    [5, 0, '… (+5 bytes)'],
  ])('%d bytes with max %d -> %j', (length, max, expected) => {
    expect(printableExcerpt(b('abcdefghij'.slice(0, length)), max)).toBe(expected);
  });

  it('bounds by input bytes (default 512), not by escaped length', () => {
    const out = printableExcerpt(Buffer.alloc(600, 0));
    expect(out).toBe(`${'\\x00'.repeat(512)}… (+88 bytes)`);
  });
});

describe('hexExcerpt', () => {
  it.each<[Buffer, number | undefined, string]>([
    [Buffer.from([0x00, 0xab, 0xff]), undefined, '00abff'],
    [Buffer.alloc(100, 0x11), undefined, '11'.repeat(64)],
    [Buffer.from('abcdef'), 2, '6162'],
    [Buffer.alloc(0), undefined, ''],
  ])('%j (max %s) -> %s', (buf, max, expected) => {
    expect(hexExcerpt(buf, max)).toBe(expected);
  });
});

describe('bodyExcerpt', () => {
  it.each<[string, Buffer, string]>([
    [
      'ASCII JSON',
      Buffer.from('{"host":"dev-laptop","user":"dev"}'),
      '{"host":"dev-laptop","user":"dev"}',
    ],
    ['UTF-8 text kept as text', Buffer.from('héllo wörld ✓', 'utf8'), 'héllo wörld ✓'],
    ['newlines and tabs kept as text', Buffer.from('a=1\r\nb\t2\n'), 'a=1\r\nb\t2\n'],
    ['invalid UTF-8 escaped', Buffer.from([0x61, 0xff, 0x62]), 'a\\xffb'],
    ['NUL escaped', Buffer.from([0x61, 0x00]), 'a\\x00'],
    ['control byte escaped', Buffer.from('x\x1b[31my', 'latin1'), 'x\\x1b[31my'],
    ['binary with a newline escaped as a whole', Buffer.from([0x01, 0x0a]), '\\x01\\n'],
    ['empty', Buffer.alloc(0), ''],
  ])('%s', (_name, buf, expected) => {
    expect(bodyExcerpt(buf)).toBe(expected);
  });

  it('bounds text with the remaining byte count', () => {
    expect(bodyExcerpt(Buffer.from('abcdefghij'), 4)).toBe('abcd… (+6 bytes)');
  });

  it('bounds binary once (no doubled marker)', () => {
    const out = bodyExcerpt(Buffer.from([0, 1, 2, 3, 4, 5]), 2);
    expect(out).toBe('\\x00\\x01… (+4 bytes)');
  });

  it('keeps at most 8192 bytes by default', () => {
    const out = bodyExcerpt(Buffer.alloc(10000, 0x61));
    expect(out).toBe(`${'a'.repeat(8192)}… (+1808 bytes)`);
  });
});
