// `mcp-airlock report` over a Kubernetes runner's log: the report block is found among the
// runner's other lines and rendered; a log without a complete block is refused with one line.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderJson } from '../../../reports/render-json.js';
import { sampleReport } from '../../../reports/sample-report.js';
import { reportLogBlock } from '../../k8s/report-log.js';
import { reportCommand } from './report.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function file(text: string): { path: string; out: string } {
  const d = mkdtempSync(join(tmpdir(), 'report-cmd-'));
  dirs.push(d);
  writeFileSync(join(d, 'runner.log'), text);
  return { path: join(d, 'runner.log'), out: join(d, 'out.json') };
}

describe('report from a runner log', () => {
  it('renders the block the runner printed', () => {
    const json = renderJson(sampleReport());
    const f = file(`mcp-airlock: starting the server\n${reportLogBlock(json) ?? ''}trailing\n`);
    expect(reportCommand({ kind: 'report', report: f.path, format: 'json', output: f.out })).toBe(
      0,
    );
    expect(JSON.parse(readFileSync(f.out, 'utf8'))).toEqual(JSON.parse(json));
  });

  it('refuses a log whose block was cut short', () => {
    const block = reportLogBlock(renderJson(sampleReport())) ?? '';
    const f = file(block.slice(0, block.length - 40));
    expect(() => reportCommand({ kind: 'report', report: f.path, format: 'json' })).toThrow(
      /no complete report block/,
    );
  });
});
