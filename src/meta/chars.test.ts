import { describe, expect, it } from 'vitest';
import {
  codePoints,
  flagTagEnd,
  invisibleName,
  isBenignInvisible,
  isInvisible,
  isWhitespace,
  textContext,
  variationByte,
} from './chars.js';

const cps = (s: string): number[] => [...s].map((c) => c.codePointAt(0) ?? 0);
/** Whether the first invisible character of `s` is ordinary where it stands. */
const benign = (s: string): boolean => {
  const all = cps(s);
  const i = all.findIndex(isInvisible);
  return isBenignInvisible(all, i, textContext(all));
};

describe('invisible characters', () => {
  it.each([0x200b, 0x200d, 0x202e, 0x2066, 0xfeff, 0x00ad, 0x2062, 0xe0041, 0xfe0f, 0xe0100, 0x1b])(
    'U+%s is invisible',
    (cp) => {
      expect(isInvisible(cp)).toBe(true);
    },
  );

  it.each([0x41, 0x20, 0x0a, 0x09, 0xa0, 0x3000, 0x1f600, 0xe000])('U+%s is not', (cp) => {
    expect(isInvisible(cp)).toBe(false);
  });

  it('names them', () => {
    expect([0x200b, 0x202e, 0xfe0f, 0xe0100, 0x2061].map(invisibleName)).toEqual([
      'ZWSP',
      'RLO',
      'VS16',
      'VS17',
      'INVISIBLE FUNCTION',
    ]);
    expect(invisibleName(0x206a)).toBe('U+206A');
  });

  it('treats U+FEFF as a format character, not whitespace', () => {
    expect(isWhitespace(0xfeff)).toBe(false);
    expect(isWhitespace(0x2003)).toBe(true);
  });

  it('maps variation selectors to bytes', () => {
    expect([0xfe00, 0xfe0f, 0xe0100, 0xe01ef].map(variationByte)).toEqual([0, 15, 16, 255]);
  });
});

describe('isBenignInvisible', () => {
  it.each<[string, string]>([
    ['ZWJ in an emoji family', '👨\u200D👩'],
    ['ZWJ after VS16', '🏳\uFE0F\u200D🌈'],
    ['VS16 after an emoji', '❤\uFE0F'],
    ['VS16 in a keycap', '1\uFE0F\u20E3'],
    ['ZWNJ in Persian', 'می\u200Cخواهم'],
    ['ZWJ in Devanagari', 'क्\u200Dष'],
    ['ZWSP in Thai', 'สวัสดี\u200Bครับ'],
    ['RLM in Hebrew text', 'שלום\u200F!'],
    ['a leading BOM', '\uFEFFtext'],
    ['a soft hyphen inside a word', 'hy\u00ADphen'],
    ['an ideographic variation selector', '葛\u{E0100}'],
    ['flag tags', '🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}'],
    ['an ANSI escape', '\u001B[0m'],
  ])('%s', (_name, s) => {
    expect(benign(s)).toBe(true);
  });

  it.each<[string, string]>([
    ['ZWSP in English', 'send\u200Bmail'],
    ['ZWJ between letters', 'a\u200Db'],
    ['RLM without right-to-left text', 'abc\u200F'],
    ['an override, even in Arabic text', 'مرحبا \u202Eabc\u202C'],
    ['unbalanced isolates in Hebrew text', 'שלום \u2067abc'],
    ['a BOM inside text', 'a\uFEFFb'],
    ['two variation selectors', 'a\uFE01\uFE02'],
    ['a selector after a space', ' \uFE0F'],
    ['tags without a flag', 'a\u{E0061}\u{E0062}'],
    ['invisible operators', 'a\u2062b'],
  ])('%s is stray', (_name, s) => {
    expect(benign(s)).toBe(false);
  });

  it('reads a flag tag sequence', () => {
    const flag = cps('🏴\u{E0067}\u{E0062}\u{E007F}x');
    expect(flagTagEnd(flag, 1)).toBe(4);
    expect(flagTagEnd(cps('x\u{E0067}\u{E007F}'), 1)).toBe(-1);
  });
});

describe('codePoints', () => {
  it('gives UTF-16 offsets', () => {
    expect(codePoints('a😀b')).toEqual({ cps: [0x61, 0x1f600, 0x62], at: [0, 1, 3] });
  });
});
