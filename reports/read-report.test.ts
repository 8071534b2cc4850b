import { describe, expect, it } from 'vitest';
import { parseReport } from './read-report.js';
import { renderJson } from './render-json.js';
import { sampleReport } from './sample-report.js';

describe('parseReport', () => {
  it('reads back what renderJson wrote', () => {
    const r = sampleReport();
    expect(parseReport(renderJson(r), 'r.json')).toEqual(JSON.parse(renderJson(r)));
  });
  it('reads a report with the package identity', () => {
    const r = { ...sampleReport(), package: { integrity: 'sha512-AAAA', installScripts: {} } };
    expect(parseReport(renderJson(r), 'r.json').package?.integrity).toBe('sha512-AAAA');
  });
  it.each([
    ['not JSON', '{', /r\.json is not JSON/],
    ['another JSON document', '{"name":"x"}', /r\.json is not an mcp-airlock report/],
    ['a wrong verdict', renderJson({ ...sampleReport(), verdict: 'fine' as 'clean' }), /\/verdict/],
  ])('refuses %s with one line', (_, text, message) => {
    expect(() => parseReport(text, 'r.json')).toThrow(message);
  });
});
