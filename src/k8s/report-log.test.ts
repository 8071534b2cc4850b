import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REPORT_BEGIN, REPORT_END } from './pod-layout.js';
import { REPORT_LOG_MAX_CHARS, reportFromLog, reportLogBlock } from './report-log.js';

const report = JSON.stringify({
  runId: 'r1',
  findings: [{ id: 'exfil/canary', text: 'é😀\n-----END' }],
});

describe('report log block', () => {
  it('round-trips between other log lines, in lines of at most 76 characters', () => {
    const block = reportLogBlock(report) ?? '';
    expect(block.startsWith(`${REPORT_BEGIN}\n`)).toBe(true);
    expect(block.endsWith(`${REPORT_END}\n`)).toBe(true);
    for (const line of block.split('\n')) expect(line.length).toBeLessThanOrEqual(76);
    expect(reportFromLog(`starting\r\n${block}done\n`)).toBe(report);
  });

  it('takes the last complete block', () => {
    const first = reportLogBlock('{"a":1}') ?? '';
    const last = reportLogBlock('{"a":2}') ?? '';
    expect(reportFromLog(`${first}${last}${REPORT_BEGIN}\nAAAA\n`)).toBe('{"a":2}');
  });

  it('gives nothing for a missing, cut or tampered block', () => {
    const block = reportLogBlock(report) ?? '';
    expect(reportFromLog('no report here')).toBeUndefined();
    expect(reportFromLog(block.replace(REPORT_END, ''))).toBeUndefined();
    expect(reportFromLog(block.replace(/\n[A-Za-z0-9+/]/, '\n!'))).toBeUndefined();
    expect(reportFromLog(`${REPORT_BEGIN}\nAAAA\n${REPORT_END}\n`)).toBeUndefined();
  });

  it('prints nothing for a report too large for the kubelet log once compressed', () => {
    const noise = randomBytes(Math.ceil((REPORT_LOG_MAX_CHARS * 3) / 4) + 1024).toString('latin1');
    expect(reportLogBlock(noise)).toBeUndefined();
  });
});
