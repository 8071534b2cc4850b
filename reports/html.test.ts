// Tests for the escaping template, the visible-character markers and clipping.
import { describe, expect, it } from 'vitest';
import * as htmlModule from './html.js';
import {
  MAX_INTERPOLATION,
  clip,
  decodeTags,
  escapeHtml,
  html,
  isSafeHtml,
  joinHtml,
  marker,
  shown,
  styleElement,
  visible,
  type Interpolation,
} from './html.js';
import { STYLESHEET } from './style.js';

describe('html template', () => {
  it('escapes & < > " \' and ` in every interpolation', () => {
    const s = '&<>"\'`';
    expect(String(html`<p title="${s}">${s}</p>`)).toBe(
      '<p title="&amp;&lt;&gt;&quot;&#39;&#96;">&amp;&lt;&gt;&quot;&#39;&#96;</p>',
    );
    expect(escapeHtml('a&b')).toBe('a&amp;b');
  });

  it('passes SafeHtml through and joins arrays, escaping plain array items', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(String(html`<div>${inner}</div>`)).toBe('<div><b>&lt;i&gt;</b></div>');
    // prettier-ignore
    expect(String(html`<ul>${['<a>', 'b'].map((x) => html`<li>${x}</li>`)}</ul>`)).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>');
    expect(String(html`${['<x>', html`<y></y>`, ['<z>']]}`)).toBe('&lt;x&gt;<y></y>&lt;z&gt;');
    expect(String(joinHtml([html`<a></a>`, html`<b></b>`], html`<br />`))).toBe(
      '<a></a><br /><b></b>',
    );
  });

  it('renders null and undefined as nothing, numbers and booleans as text', () => {
    expect(String(html`[${null}${undefined}${0}${false}${1.5}]`)).toBe('[0false1.5]');
  });

  it('does not trust look-alike objects', () => {
    const fake = { toString: () => '<script>x</script>' } as unknown as Interpolation;
    expect(String(html`${fake}`)).toBe('&lt;script&gt;x&lt;/script&gt;');
    expect(isSafeHtml(fake)).toBe(false);
    expect(isSafeHtml(html`x`)).toBe(true);
  });

  it('refuses to be called with a plain array instead of a template', () => {
    expect(() => html(['<script>'] as unknown as TemplateStringsArray)).toThrow(TypeError);
    expect(() => html(Object.freeze(['<b>']) as unknown as TemplateStringsArray)).toThrow(
      TypeError,
    );
  });

  it('cannot be forged through the constructor and exports no raw()', () => {
    const ctor = html`x`.constructor as new (t: symbol, m: string) => unknown;
    expect(() => new ctor(Symbol('SafeHtml'), '<script>')).toThrow(TypeError);
    expect('raw' in htmlModule).toBe(false);
    expect(Object.isFrozen(html`x`)).toBe(true);
  });

  it('makes plain string interpolations visible and bounded', () => {
    expect(String(html`${'a\u200Bb'}`)).toBe('a\\u{200B}b');
    const long = String(html`${'x'.repeat(MAX_INTERPOLATION + 5)}`);
    expect(long).toBe(`${'x'.repeat(MAX_INTERPOLATION)}… (5 more chars)`);
  });

  it('wraps only the fixed stylesheet in a style element', () => {
    expect(String(styleElement())).toBe(`<style>${STYLESHEET}</style>`);
  });
});

describe('visible', () => {
  it('marks zero-width, bidi, BOM, soft hyphen and tag characters', () => {
    expect(visible('a\u200Bb\u200C\u200D\u2060\uFEFF\u00AD')).toBe(
      'a\\u{200B}b\\u{200C}\\u{200D}\\u{2060}\\u{FEFF}\\u{00AD}',
    );
    expect(visible('x\u202Eexe.txt\u2066\u2069\u061C')).toBe(
      'x\\u{202E}exe.txt\\u{2066}\\u{2069}\\u{061C}',
    );
    expect(visible('\u{E0000}\u{E0041}\u{E007F}')).toBe('\\u{E0000}\\u{E0041}\\u{E007F}');
  });

  it('marks control characters, separators, variation selectors and lone surrogates', () => {
    expect(visible('\x00\x1b[31m\x7f\x85')).toBe('\\u{0000}\\u{001B}[31m\\u{007F}\\u{0085}');
    expect(visible('a\nb\tc\u2028')).toBe('a\\u{000A}b\\u{0009}c\\u{2028}');
    expect(visible('v\uFE0F\u{E0100}')).toBe('v\\u{FE0F}\\u{E0100}');
    expect(visible('x\uD800y')).toBe('x\\u{D800}y');
  });

  it('keeps newlines and tabs in multiline mode but still marks a lone CR', () => {
    expect(visible('a\r\nb\tc\rd\u200B', { multiline: true })).toBe('a\r\nb\tc\\u{000D}d\\u{200B}');
  });

  it('marks every bidi, zero-width, word-joiner, BOM and tag code point', () => {
    const ranges: [number, number][] = [
      [0x202a, 0x202e],
      [0x2066, 0x2069],
      [0x200b, 0x200f],
      [0x2060, 0x2064],
      [0xfeff, 0xfeff],
      [0xe0000, 0xe007f],
    ];
    for (const [from, to] of ranges) {
      for (let cp = from; cp <= to; cp++) {
        expect(visible(`a${String.fromCodePoint(cp)}b`)).toBe(`a${marker(cp)}b`);
      }
    }
  });

  it('leaves ordinary text alone, including accents, CJK and emoji', () => {
    const s = 'Grüße, 世界 😀 <b> & "q"';
    expect(visible(s)).toBe(s);
  });
});

describe('clip', () => {
  it('bounds a string and says how much was cut', () => {
    expect(clip('abcdef', 10)).toBe('abcdef');
    expect(clip('abcdef', 6)).toBe('abcdef');
    expect(clip('abcdef', 4)).toBe('abcd… (2 more chars)');
    expect(clip('abc', 0)).toBe('… (3 more chars)');
  });

  it('never splits a surrogate pair', () => {
    expect(clip('a😀b', 2)).toBe('a… (3 more chars)');
  });
});

describe('shown', () => {
  it('highlights markers and the clip note, and escapes the rest', () => {
    expect(String(shown('<a>\u200B', 100))).toBe(
      '&lt;a&gt;<span class="inv" title="invisible character">\\u{200B}</span>',
    );
    expect(String(shown('abcdef', 3))).toBe('abc<span class="clip">… (3 more chars)</span>');
  });

  it('groups a run of invisible characters and spells out hidden tag text', () => {
    expect(String(shown('a\u200B\u200Cb', 100))).toBe(
      'a<span class="inv" title="invisible character">\\u{200B}\\u{200C}</span>b',
    );
    expect(String(shown('x\u{E0001}\u{E003C}\u{E0062}\u{E003E}\u{E007F}', 100))).toBe(
      'x<span class="inv" title="tag characters spelling: &lt;b&gt;">' +
        '\\u{E0001}\\u{E003C}\\u{E0062}\\u{E003E}\\u{E007F}</span>',
    );
    expect(decodeTags([0xe0048, 0xe0049, 0x41])).toBe('HI');
  });

  it('does not highlight a literal marker typed by the package', () => {
    expect(String(shown('\\u{200B}', 100))).toBe('\\u{200B}');
  });

  it('keeps line breaks in multiline mode', () => {
    expect(String(shown('a\nb', 10, { multiline: true }))).toBe('a\nb');
    expect(String(shown('a\nb', 10))).toContain('\\u{000A}');
  });
});
