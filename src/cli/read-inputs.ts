// The files the CLI reads on the user's behalf (policy, lock, client configuration, a saved
// report): bounded, read as text only, and each failure one AnalyzerError line naming the file.
import { readFileSync, statSync } from 'node:fs';
import { AnalyzerError, type AnalyzerErrorCode } from '../domain/errors.js';
import { parsePolicy } from '../policy/parse-policy.js';
import type { Policy } from '../policy/types.js';

/** A regular file's text, at most `maxBytes`; `absent` when it does not exist (if allowed). */
export function readTextFile(
  path: string,
  code: AnalyzerErrorCode,
  what: string,
  maxBytes: number,
): string {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) throw new AnalyzerError(code, `${what} not found: ${path}`);
  if (!st.isFile()) throw new AnalyzerError(code, `${what} is not a file: ${path}`);
  if (st.size > maxBytes)
    throw new AnalyzerError(
      code,
      `${what} is larger than ${Math.round(maxBytes / 1024)} KiB: ${path}`,
    );
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new AnalyzerError(
      code,
      `cannot read ${what} ${path}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/** --policy FILE, parsed and checked (undefined when not given). */
export function readPolicy(path: string | undefined): Policy | undefined {
  if (path === undefined) return undefined;
  return parsePolicy(readTextFile(path, 'bad-policy', 'policy file', 1024 * 1024), path);
}
