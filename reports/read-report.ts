// Reads a report.json back (for `mcp-airlock report`, `approve`/`verify` from a saved run and
// the tests): bounded, parsed as data only, and checked against report.schema.json, so a
// hand-edited or foreign file is refused with one line instead of half-rendered.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { AnalyzerError } from '../src/domain/errors.js';
import type { Report } from '../src/domain/types.js';
import schema from './report.schema.json' with { type: 'json' };

/** Reports are bounded by the recorders; anything much larger was not written by us. */
export const MAX_REPORT_BYTES = 256 * 1024 * 1024;

const validate = new Ajv2020({ strict: false, allErrors: false }).compile(schema);

export function parseReport(text: string, name: string): Report {
  if (text.length > MAX_REPORT_BYTES)
    throw new AnalyzerError('bad-report', `${name} is larger than ${MAX_REPORT_BYTES >> 20} MiB`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new AnalyzerError(
      'bad-report',
      `${name} is not JSON: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (!validate(value)) {
    const first = validate.errors?.[0];
    const where = first?.instancePath || '/';
    throw new AnalyzerError(
      'bad-report',
      `${name} is not an mcp-airlock report: ${where} ${first?.message ?? 'is invalid'}`,
    );
  }
  return value as unknown as Report;
}
