// Renders a ScanSummary as scan.json: 2-space indentation and a trailing newline. The summary is
// built field by field in a fixed order (src/scan/scan-summary.ts), so two scans diff cleanly.
import type { ScanSummary } from '../src/scan/scan-summary.js';

/** scan.json text. */
export function renderScanJson(summary: ScanSummary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}
