// Classifies how a tool call ended, from the SDK's result or error: the call's outcome is data,
// never an exception that stops the analysis.
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { CallOutcome } from '../src/domain/types.js';

export const MAX_EXCERPT = 2000;

/** A bounded one-string view of a tool result's content. */
export function excerptResult(result: unknown, max = MAX_EXCERPT): string {
  const content = (result as { content?: unknown })?.content;
  const parts: string[] = [];
  if (Array.isArray(content)) {
    for (const item of content.slice(0, 20)) {
      const c = item as { type?: unknown; text?: unknown };
      parts.push(
        c.type === 'text' && typeof c.text === 'string'
          ? c.text
          : `[${String(c.type).slice(0, 20)}]`,
      );
      if (parts.join('\n').length > max) break;
    }
  }
  return parts.join('\n').slice(0, max);
}

/** Outcome of a call that threw. `serverAlive` says whether the process still runs. */
export function outcomeOfError(e: unknown, serverAlive: boolean): CallOutcome {
  if (!serverAlive) return 'crash';
  if (e instanceof McpError) {
    if (e.code === ErrorCode.RequestTimeout) return 'timeout';
    if (e.code === ErrorCode.ConnectionClosed) return 'crash';
    return 'protocol-error';
  }
  return 'protocol-error';
}

export function outcomeOfResult(result: unknown): CallOutcome {
  return (result as { isError?: unknown })?.isError === true ? 'tool-error' : 'ok';
}

export function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).slice(0, MAX_EXCERPT);
}
