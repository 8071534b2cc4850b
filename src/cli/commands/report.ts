// `mcp-airlock report <report.json> --format html|sarif|json`: re-render a saved report without
// running anything (a report read back is checked against the schema first).
import { writeFileSync } from 'node:fs';
import { parseReport, MAX_REPORT_BYTES } from '../../../reports/read-report.js';
import { renderHtml } from '../../../reports/render-html.js';
import { renderJson } from '../../../reports/render-json.js';
import { renderSarif } from '../../../reports/render-sarif.js';
import type { Report } from '../../domain/types.js';
import type { CliCommand, ReportFormat } from '../program.js';
import { readTextFile } from '../read-inputs.js';

const RENDERERS: Record<ReportFormat, (r: Report) => string> = {
  html: renderHtml,
  sarif: (r) => renderSarif(r),
  json: renderJson,
};

export function reportCommand(cmd: Extract<CliCommand, { kind: 'report' }>): number {
  const text = readTextFile(cmd.report, 'bad-report', 'report', MAX_REPORT_BYTES);
  const out = RENDERERS[cmd.format](parseReport(text, cmd.report));
  if (cmd.output) writeFileSync(cmd.output, out);
  else process.stdout.write(out);
  return 0;
}
