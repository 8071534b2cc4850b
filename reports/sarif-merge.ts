// One SARIF run out of several reports' logs (the servers of one `scan`): code scanning takes one
// run per tool and category in an upload, so the servers' results go into a single run whose
// rules are the union (indices remapped) and whose messages name the server. Pure.
import { safeText } from './sarif-text.js';
import type { SarifLog, SarifReportingDescriptor, SarifResult } from './sarif-types.js';
import { MAX_RESULTS } from './render-sarif.js';

export interface LabelledLog {
  /** The server's name in the configuration (shown before each message). */
  label: string;
  log: SarifLog;
}

export function mergeSarifLogs(
  parts: readonly LabelledLog[],
  automationId: string,
): SarifLog | undefined {
  const first = parts[0]?.log.runs[0];
  if (!first) return undefined;
  const rules: SarifReportingDescriptor[] = [];
  const index = new Map<string, number>();
  const results: SarifResult[] = [];
  let omitted = 0;
  for (const { label, log } of parts) {
    for (const run of log.runs) {
      const own = run.tool.driver.rules ?? [];
      for (const r of own) {
        if (index.has(r.id)) continue;
        index.set(r.id, rules.length);
        rules.push(r);
      }
      for (const result of run.results) {
        if (results.length >= MAX_RESULTS) {
          omitted += 1;
          continue;
        }
        results.push({
          ...result,
          ruleIndex: index.get(result.ruleId) ?? 0,
          message: { text: `${safeText(label, 120)}: ${result.message.text}` },
        });
      }
    }
  }
  return {
    $schema: parts[0]?.log.$schema ?? '',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { ...first.tool.driver, rules } },
        invocations: [{ executionSuccessful: true }],
        automationDetails: { id: automationId },
        results,
        properties: {
          servers: parts.map((p) => safeText(p.label, 120)),
          ...(omitted ? { resultsOmitted: omitted } : {}),
        },
      },
    ],
  };
}
