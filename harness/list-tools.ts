// tools/list with pagination, keeping each tool's full definition (title, description, input and
// output schema, annotations) bounded in pages, tools and size: the stuff rug pulls change.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ToolDefinition } from '../src/domain/types.js';
import { errorText } from './outcome.js';

const MAX_PAGES = 50;
const MAX_DESCRIPTION = 64 * 1024;
const MAX_SCHEMA_JSON = 256 * 1024;

/** A schema-like value, dropped when its JSON is over the cap (the report says so). */
function bounded(v: unknown): unknown {
  if (v === undefined) return undefined;
  const text = JSON.stringify(v);
  if (text === undefined) return undefined;
  return text.length > MAX_SCHEMA_JSON
    ? { $airlock: `dropped: ${text.length} bytes` }
    : JSON.parse(text);
}

/** One listed tool as plain bounded data. */
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

/** Every tool the server lists (following nextCursor), or an error text. */
export async function listAllTools(
  client: Client,
  timeoutMs: number,
  maxTools: number,
): Promise<{ tools: ToolDefinition[]; error?: string }> {
  const tools: ToolDefinition[] = [];
  let cursor: string | undefined;
  const seen = new Set<string>();
  for (let page = 0; page < MAX_PAGES; page += 1) {
    let res;
    try {
      res = await client.listTools(cursor ? { cursor } : {}, { timeout: timeoutMs });
    } catch (e) {
      return { tools, error: `tools/list failed: ${errorText(e)}` };
    }
    for (const t of res.tools) {
      if (tools.length >= maxTools) break;
      const def = toDefinition(t as unknown as Record<string, unknown>);
      if (seen.has(def.name)) continue;
      seen.add(def.name);
      tools.push(def);
    }
    cursor = res.nextCursor;
    if (!cursor || tools.length >= maxTools) break;
  }
  return { tools };
}
