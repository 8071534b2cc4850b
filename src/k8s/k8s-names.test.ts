import { describe, expect, it } from 'vitest';
import { annotationValue, DNS1123_LABEL, jobName, LABEL_VALUE, labelValue } from './k8s-names.js';

describe('jobName', () => {
  it('keeps a readable part of the slug and a hash of slug and run', () => {
    expect(jobName('@scope/pkg@1.2.3', 'r1')).toMatch(/^mcp-airlock-scope-pkg-1-2-3-[0-9a-f]{8}$/);
    expect(jobName('x', 'r1')).not.toBe(jobName('x', 'r2'));
  });

  it.each([
    ['💣'],
    ['a'.repeat(300)],
    ['../..'],
    [''],
    ['-a-'],
    ['Ä.b_c'],
    ['a'.repeat(42) + '-b'],
  ])('is a DNS-1123 label for %s', (slug) => {
    const name = jobName(slug, 'run');
    expect(name).toMatch(DNS1123_LABEL);
    expect(name.length).toBeLessThanOrEqual(63);
  });
});

describe('labelValue', () => {
  it('keeps a valid value and rewrites any other', () => {
    expect(labelValue('ab12cd34')).toBe('ab12cd34');
    for (const text of ['', 'a b', '-x-', '..', 'é'.repeat(100), 'x'.repeat(64)]) {
      const v = labelValue(text);
      expect(v, text).toMatch(LABEL_VALUE);
      expect(v, text).not.toBe('');
      expect(v.length, text).toBeLessThanOrEqual(63);
    }
    expect(labelValue('a b')).not.toBe(labelValue('a/b'));
  });
});

describe('annotationValue', () => {
  it('removes control, format and separator characters and bounds the length', () => {
    expect(annotationValue('a\u202eb\nc\u2028d\u0000')).toBe('a?b?c?d?');
    expect(Array.from(annotationValue('😀'.repeat(300))).length).toBe(256);
    expect(annotationValue('😀'.repeat(300))).not.toMatch(/[\ud800-\udfff]$/u);
  });
});
