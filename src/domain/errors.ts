// Our own failures (bad input, no Docker, image build failed): typed, with a stable code, and
// mapped to exit code 2 by the CLI. What the package under test does is never an error: it is
// data in the report.

export type AnalyzerErrorCode =
  | 'bad-args'
  | 'target-not-found'
  | 'fetch-failed'
  | 'no-docker'
  | 'image-missing'
  | 'sandbox-failed'
  | 'interrupted'
  | 'io'
  /** An MCP client configuration that cannot be read (see src/scan/client-config.ts). */
  | 'bad-config'
  /** A policy file that cannot be read or is invalid (see src/policy/parse-policy.ts). */
  | 'bad-policy'
  /** A lock file that cannot be read or is invalid (see src/lock/lock-file.ts). */
  | 'bad-lock'
  /** A report.json that cannot be read or is not a report (see reports/read-report.ts). */
  | 'bad-report'
  /** A batch target list that cannot be read or is out of bounds (see src/batch/batch-list.ts). */
  | 'bad-list';

export class AnalyzerError extends Error {
  readonly code: AnalyzerErrorCode;
  constructor(code: AnalyzerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AnalyzerError';
    this.code = code;
  }
}

export function isAnalyzerError(e: unknown): e is AnalyzerError {
  return e instanceof AnalyzerError;
}
