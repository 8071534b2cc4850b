// tools/list with pagination, read tolerantly (see tolerant-list.ts): every definition the MCP
// client accepts becomes a ToolDefinition (title, description, input and output schema,
// annotations, bounded: the stuff rug pulls change); every definition it rejects is kept with the
// client's error and its texts, so it is reported as not examined and its words are still judged.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolSchema } from '@modelcontextprotocol/sdk/types.js';
import type { RejectedDefinition, ToolDefinition } from '../src/domain/types.js';
import { excerptJson } from './recorder.js';
import { listTolerant } from './tolerant-list.js';

const MAX_DESCRIPTION = 64 * 1024;
export const MAX_DESCRIPTION_CHARS = MAX_DESCRIPTION;
const MAX_SCHEMA_JSON = 256 * 1024;

/** A schema-like value, dropped when its JSON is over the cap (the report says so). */
function bounded(v: unknown): unknown {
  if (v === undefined) return undefined;
  let text: string | undefined;
  try {
    text = JSON.stringify(v);
  } catch {
    return { $airlock: 'dropped: not serialisable' };
  }
  if (text === undefined) return undefined;
  return text.length > MAX_SCHEMA_JSON
    ? { $airlock: `dropped: ${text.length} bytes` }
    : JSON.parse(text);
}

/** One listed tool as plain bounded data (whatever its shape: rejected ones too). */
export function toDefinition(t: Record<string, unknown>): ToolDefinition {
  const def: ToolDefinition = {
    name: String(t['name']).slice(0, 200),
    description: String(t['description'] ?? '').slice(0, MAX_DESCRIPTION),
    inputSchema: bounded(t['inputSchema']),
  };
  if (t['title'] !== undefined) def.title = String(t['title']).slice(0, 1000);
  const out = bounded(t['outputSchema']);
  if (out !== undefined) def.outputSchema = out;
  const ann = bounded(t['annotations']);
  if (ann !== undefined) def.annotations = ann;
  const exec = bounded(t['execution']);
  if (exec !== undefined) def.execution = exec;
  return def;
}

export interface ToolListing {
  tools: ToolDefinition[];
  /** Definitions the client's schema rejects, with the error (not callable through it). */
  rejected: RejectedDefinition[];
  /** Their texts as definitions, for the metadata rules. */
  rejectedDefinitions: ToolDefinition[];
  /** Tools whose description was longer than what is kept (and judged). */
  oversized: string[];
  error?: string;
  truncated?: boolean;
  /** tools/list answered "method not found". */
  notImplemented?: boolean;
}

/** Every tool the server lists (following nextCursor); never throws. */
export async function listAllTools(
  client: Client,
  timeoutMs: number,
  maxTools: number,
): Promise<ToolListing> {
  const listed = await listTolerant(client, {
    method: 'tools/list',
    key: 'tools',
    schema: ToolSchema,
    timeoutMs,
    maxItems: maxTools,
  });
  const tools: ToolDefinition[] = [];
  const seen = new Set<string>();
  const oversized = [...listed.items, ...listed.rejected.map((r) => r.raw)]
    .filter((t) => {
      const d = (t as { description?: unknown } | null)?.description;
      return typeof d === 'string' && d.length > MAX_DESCRIPTION;
    })
    .map((t) => String((t as { name?: unknown }).name).slice(0, 200));
  for (const t of listed.items) {
    const def = toDefinition(t as unknown as Record<string, unknown>);
    if (seen.has(def.name)) continue;
    seen.add(def.name);
    tools.push(def);
  }
  const rejected: RejectedDefinition[] = [];
  const rejectedDefinitions: ToolDefinition[] = [];
  for (const r of listed.rejected.slice(0, 100)) {
    rejected.push({
      list: 'tools',
      index: r.index,
      ...(r.name !== undefined ? { name: r.name } : {}),
      error: r.error,
      excerpt: excerptJson(r.raw, 2000),
    });
    if (r.raw && typeof r.raw === 'object')
      rejectedDefinitions.push(toDefinition(r.raw as Record<string, unknown>));
  }
  return {
    tools,
    rejected,
    rejectedDefinitions,
    oversized,
    ...(listed.error ? { error: listed.error } : {}),
    ...(listed.truncated ? { truncated: true } : {}),
    ...(listed.notImplemented ? { notImplemented: true } : {}),
  };
}
