// `mcp-airlock report <report.json> --format html|sarif|json`: re-render a saved report without
// running anything (a report read back is checked against the schema first). The file may also
// be the log of a Kubernetes analysis Pod's runner (`kubectl logs job/<name> -c runner`): the
// report is the last complete block in it (src/k8s/report-log.ts).
import { writeFileSync } from 'node:fs';
import { parseReport, MAX_REPORT_BYTES } from '../../../reports/read-report.js';
import { renderHtml } from '../../../reports/render-html.js';
import { renderJson } from '../../../reports/render-json.js';
import { renderSarif } from '../../../reports/render-sarif.js';
import { AnalyzerError } from '../../domain/errors.js';
import type { Report } from '../../domain/types.js';
import { REPORT_BEGIN } from '../../k8s/pod-layout.js';
import { reportFromLog } from '../../k8s/report-log.js';
import type { CliCommand, ReportFormat } from '../program.js';
import { readTextFile } from '../read-inputs.js';

const RENDERERS: Record<ReportFormat, (r: Report) => string> = {
  html: renderHtml,
  sarif: (r) => renderSarif(r),
  json: renderJson,
};

export function reportCommand(cmd: Extract<CliCommand, { kind: 'report' }>): number {
  const read = readTextFile(cmd.report, 'bad-report', 'report', MAX_REPORT_BYTES);
  const text = read.includes(REPORT_BEGIN) ? reportFromLog(read) : read;
  if (text === undefined)
    throw new AnalyzerError('bad-report', `${cmd.report} has no complete report block`);
  const out = RENDERERS[cmd.format](parseReport(text, cmd.report));
  if (cmd.output) writeFileSync(cmd.output, out);
  else process.stdout.write(out);
  return 0;
}
