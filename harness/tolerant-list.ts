// A paginated list request (tools/list, resources/list, prompts/list, ...) read item by item:
// the SDK's own list methods reject a whole page when one item breaks its schema, so a server
// could hide every tool behind one malformed definition. Here the page is only required to be a
// JSON-RPC result; each item is checked on its own against the SDK's schema, good items are
// returned and bad ones are reported with the validator's message. Bounded in pages and items.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ErrorCode, McpError, ResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { errorText } from './outcome.js';

const MAX_PAGES = 50;
const MAX_ERROR = 500;

/** An item the SDK's schema rejected: where it was, what it was called, and why. */
export interface RejectedItem {
  index: number;
  name?: string;
  error: string;
  /** The item as received (bounded by the caller when shown). */
  raw: unknown;
}

export interface TolerantList<T> {
  items: T[];
  rejected: RejectedItem[];
  /** Set when a page could not be read at all (what was read before it is kept). */
  error?: string;
  /** Set when the item cap was reached with more pages or items left. */
  truncated?: boolean;
  /** The server answered "method not found": it has nothing of this kind to list. */
  notImplemented?: boolean;
}

/** What to validate items with: the SDK's zod schema for one item. */
export interface ItemSchema<T> {
  safeParse(v: unknown): { success: true; data: T } | { success: false; error: unknown };
}

export interface ListSpec<T> {
  method: string;
  /** Key of the item array in the result: `tools`, `resources`, `prompts`, ... */
  key: string;
  schema: ItemSchema<T>;
  timeoutMs: number;
  maxItems: number;
}

/** A short, single-line message from a zod error (first few issues with their paths). */
function zodMessage(error: unknown): string {
  const issues = (error as { issues?: { path?: unknown[]; message?: string }[] })?.issues;
  if (!Array.isArray(issues)) return errorText(error).slice(0, MAX_ERROR);
  return issues
    .slice(0, 4)
    .map((i) => `${(i.path ?? []).map(String).join('.') || '(item)'}: ${i.message ?? 'invalid'}`)
    .join('; ')
    .slice(0, MAX_ERROR);
}

function nameOf(raw: unknown): string | undefined {
  const n =
    (raw as { name?: unknown; uri?: unknown } | null)?.name ??
    (raw as { uri?: unknown } | null)?.uri;
  return typeof n === 'string' ? n.slice(0, 200) : undefined;
}

/** Every item of a paginated list, good ones parsed, bad ones reported. Never throws. */
export async function listTolerant<T>(client: Client, spec: ListSpec<T>): Promise<TolerantList<T>> {
  const out: TolerantList<T> = { items: [], rejected: [] };
  let cursor: string | undefined;
  let index = 0;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    let res: Record<string, unknown>;
    try {
      res = (await client.request(
        { method: spec.method, params: cursor ? { cursor } : {} },
        ResultSchema,
        { timeout: spec.timeoutMs },
      )) as Record<string, unknown>;
    } catch (e) {
      if (page === 0 && e instanceof McpError && e.code === ErrorCode.MethodNotFound)
        out.notImplemented = true;
      else out.error = `${spec.method} failed: ${errorText(e)}`;
      return out;
    }
    const items = res[spec.key];
    if (!Array.isArray(items)) {
      out.error = `${spec.method} failed: the result has no ${spec.key} array`;
      return out;
    }
    for (const raw of items) {
      if (out.items.length + out.rejected.length >= spec.maxItems) {
        out.truncated = true;
        return out;
      }
      const parsed = spec.schema.safeParse(raw);
      if (parsed.success) out.items.push(parsed.data);
      else {
        const name = nameOf(raw);
        out.rejected.push({
          index,
          ...(name ? { name } : {}),
          error: zodMessage(parsed.error),
          raw,
        });
      }
      index += 1;
    }
    const next = res['nextCursor'];
    if (typeof next !== 'string' || next.length === 0) return out;
    if (next === cursor) return out;
    cursor = next;
  }
  out.truncated = true;
  return out;
}
