import { describe, expect, it } from 'vitest';
import { normaliseForMatching, originalSpan } from './normalise.js';

const norm = (s: string): string => normaliseForMatching(s).text;

describe('normaliseForMatching', () => {
  it.each<[string, string, string]>([
    ['lower-cases', 'Ignore THIS', 'ignore this'],
    ['drops invisible characters', 'ig\u200Bno\uFEFFre\u{E0041}', 'ignore'],
    ['folds fullwidth letters', 'ｉｇｎｏｒｅ', 'ignore'],
    ['folds mathematical letters', '𝐢𝐠𝐧𝐨𝐫𝐞', 'ignore'],
    ['strips accents', 'Ïgnöré', 'ignore'],
    ['maps Cyrillic and Greek look-alikes', 'іgnоrе ρrevious', 'ignore previous'],
    ['collapses whitespace, keeping line breaks', '  a \t b\n\n  c  ', 'a b\nc '],
    ['treats blank fillers as spaces', 'a\u3164b\u2800c', 'a b c'],
    ['straightens quotes and dashes', '\u2018a\u2019 \u201Cb\u201D \u2014', '\'a\' "b" -'],
  ])('%s', (_name, input, expected) => {
    expect(norm(input)).toBe(expected);
  });

  it('keeps case when asked and drops given characters', () => {
    expect(normaliseForMatching('**Send_Email**', { lowerCase: false, drop: '*' }).text).toBe(
      'Send_Email',
    );
  });

  it('maps every output unit to its source offset', () => {
    const src = 'a\u200Bb😀 c';
    const n = normaliseForMatching(src);
    expect(n.text).toBe('ab😀 c');
    expect(n.at).toEqual([0, 2, 3, 3, 5, 6]);
    expect(originalSpan(n, 1, 3)).toEqual([2, 5]);
  });
});
