// How a report leaves the Pod: the runner prints report.json to its log, gzipped and base64'd
// in 76-character lines between two marker lines (like a PEM block), and whoever collects it
// reads it back from `kubectl logs job/<name> -c runner`. No volume, no object store, no
// credentials in the Pod. Pure (zlib in memory).
//
// Limits: the kubelet keeps a container's log up to its rotation size (containerLogMaxSize,
// 10 MiB by default) and `kubectl logs` shows the current file only, so the block is bounded
// below that; a report larger than this once compressed is not printed (the runner says so and
// the batch records a failure). The log is the runner's own: the target cannot write to it.
import { gunzipSync, gzipSync } from 'node:zlib';
import { MAX_REPORT_BYTES } from '../../reports/read-report.js';
import { REPORT_BEGIN, REPORT_END } from './pod-layout.js';

/** The most base64 characters of one block (below the kubelet's default 10 MiB rotation). */
export const REPORT_LOG_MAX_CHARS = 8 * 1024 * 1024;
const LINE = 76;

/** The block the runner prints for `reportJson`, or undefined when it is too large. */
export function reportLogBlock(reportJson: string): string | undefined {
  const b64 = gzipSync(Buffer.from(reportJson, 'utf8'), { level: 9 }).toString('base64');
  if (b64.length > REPORT_LOG_MAX_CHARS) return undefined;
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += LINE) lines.push(b64.slice(i, i + LINE));
  return `${REPORT_BEGIN}\n${lines.join('\n')}\n${REPORT_END}\n`;
}

/**
 * The report JSON of the last complete block in a runner's log, or undefined when there is
 * none or it does not decode (bounded: at most MAX_REPORT_BYTES once unzipped). The caller
 * still checks it as a report (reports/read-report.ts).
 */
export function reportFromLog(log: string): string | undefined {
  const lines = log.split(/\r?\n/);
  const end = lines.lastIndexOf(REPORT_END);
  const begin = end < 0 ? -1 : lines.lastIndexOf(REPORT_BEGIN, end);
  if (begin < 0) return undefined;
  const b64 = lines.slice(begin + 1, end).join('');
  if (b64.length > REPORT_LOG_MAX_CHARS || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return undefined;
  try {
    return gunzipSync(Buffer.from(b64, 'base64'), { maxOutputLength: MAX_REPORT_BYTES }).toString(
      'utf8',
    );
  } catch {
    return undefined;
  }
}
