// What the call behind an observation asked for: its arguments, as we generated them, minus what
// the tool's own schema wrote (a default or an example the package chose is not the user's
// request). Shared by the rules that lower a finding when the call named its object (a file it
// read, a host it fetched). Pure.
import type { CallRecord, ToolDefinition } from '../domain/types.js';

/** Every call of the run and every tool definition. */
export interface CallContext {
  calls: readonly CallRecord[];
  tools: readonly ToolDefinition[];
}

export const NO_CALLS: CallContext = { calls: [], tools: [] };

/**
 * Whether the call `callId` named `needle` in its arguments (as `matches` decides on the lower-
 * cased argument JSON) while the tool's own schema does not contain it.
 */
export function callAskedFor(
  callId: string | undefined,
  needle: string,
  ctx: CallContext,
  matches: (args: string, needle: string) => boolean = (a, n) => a.includes(n),
): boolean {
  const call = callId ? ctx.calls.find((c) => c.id === callId) : undefined;
  const n = needle.toLowerCase();
  if (!call || n === '') return false;
  const args = (JSON.stringify(call.arguments) ?? '').toLowerCase();
  const schema = (
    JSON.stringify(ctx.tools.find((t) => t.name === call.tool)?.inputSchema) ?? ''
  ).toLowerCase();
  return matches(args, n) && !schema.includes(n);
}
