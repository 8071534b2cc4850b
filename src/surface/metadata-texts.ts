// Collects the texts a server hands to the model from its definitions: tool titles, descriptions
// and every description/title inside the input and output schemas (walked with depth and count
// bounds), for the metadata rules. Pure.
import type { MetadataText, Phase, ToolDefinition } from '../domain/types.js';

const MAX_SCHEMA_TEXTS = 200;
const MAX_DEPTH = 12;
const MAX_TEXT = 256 * 1024;

/** Schema keywords whose string value reaches the model. */
const TEXT_KEYS = new Set([
  'description',
  'title',
  'default',
  'examples',
  'const',
  'enum',
  '$comment',
]);

function walkSchema(
  node: unknown,
  path: string,
  depth: number,
  out: { field: string; text: string }[],
): void {
  if (out.length >= MAX_SCHEMA_TEXTS || depth > MAX_DEPTH || !node || typeof node !== 'object')
    return;
  if (Array.isArray(node)) {
    node.slice(0, 100).forEach((v, i) => walkSchema(v, `${path}[${i}]`, depth + 1, out));
    return;
  }
  for (const [k, v] of Object.entries(node as Record<string, unknown>).slice(0, 500)) {
    const here = path ? `${path}.${k}` : k;
    if (k === 'properties' && v && typeof v === 'object' && !Array.isArray(v)) {
      // Parameter names reach the model too (an instruction can be a name).
      const names = Object.keys(v).slice(0, 200).join('\n');
      if (names) out.push({ field: `${here} (names)`, text: names });
    }
    if (TEXT_KEYS.has(k) && typeof v === 'string' && v.length > 0)
      out.push({ field: here, text: v });
    else if (TEXT_KEYS.has(k) && Array.isArray(v)) {
      const strings = v.filter((x): x is string => typeof x === 'string');
      if (strings.length > 0) out.push({ field: here, text: strings.join('\n') });
    } else walkSchema(v, here, depth + 1, out);
    if (out.length >= MAX_SCHEMA_TEXTS) return;
  }
}

/** Every model-visible text of one tool definition. */
export function toolMetadataTexts(tool: ToolDefinition, phase: Phase): MetadataText[] {
  const out: MetadataText[] = [];
  const push = (source: MetadataText['source'], text: string, field?: string) => {
    if (text)
      out.push({
        source,
        owner: tool.name,
        phase,
        text: text.slice(0, MAX_TEXT),
        ...(field ? { field } : {}),
      });
  };
  // The name itself: invisible characters in it make one tool look like another.
  if (/[^\x21-\x7e]/.test(tool.name)) push('tool-title', tool.name, 'name');
  push('tool-title', tool.title ?? '');
  push('tool-description', tool.description);
  const fields: { field: string; text: string }[] = [];
  walkSchema(tool.inputSchema, 'inputSchema', 0, fields);
  walkSchema(tool.outputSchema, 'outputSchema', 0, fields);
  walkSchema(tool.annotations, 'annotations', 0, fields);
  for (const f of fields) push('param-description', f.text, f.field);
  return out;
}

/** Parameter names of a tool's input schema (top level and one level down), for shadowing. */
export function parameterNames(tool: ToolDefinition): string[] {
  const props = (tool.inputSchema as { properties?: unknown } | undefined)?.properties;
  return props && typeof props === 'object' ? Object.keys(props).slice(0, 200) : [];
}
