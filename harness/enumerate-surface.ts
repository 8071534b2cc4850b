// Walks the rest of the MCP surface the way an agent would before using it: lists resources and
// resource templates (paginated), reads each resource and one instance of each template, lists
// prompts and gets each with generated arguments, and asks for completions where the server
// offers them. Everything is bounded in count, size and time; failures are recorded as outcomes.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  PromptSchema,
  ResourceSchema,
  ResourceTemplateSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type {
  CompletionRecord,
  ListingFailure,
  PromptRecord,
  RejectedDefinition,
  ResourceRecord,
  ResourceTemplateRecord,
} from '../src/domain/types.js';
import { generateArguments } from './inputs/generate-args.js';
import { errorText, outcomeOfError } from './outcome.js';
import { excerptJson, type SurfaceRecorder } from './recorder.js';
import { listTolerant, type ListSpec, type TolerantList } from './tolerant-list.js';

const MAX_ITEMS = 100;
const MAX_READS = 40;
const MAX_COMPLETIONS = 20;
const EXCERPT = 2000;
const TEXT_FOR_RULES = 64 * 1024;

export interface SurfaceInventory {
  resources: ResourceRecord[];
  resourceTemplates: ResourceTemplateRecord[];
  prompts: PromptRecord[];
  completions: CompletionRecord[];
  rejected: RejectedDefinition[];
  listingFailures: ListingFailure[];
  notes: string[];
}

interface Ctx {
  client: Client;
  recorder: SurfaceRecorder;
  timeoutMs: number;
  seed: number;
  alive: () => boolean;
  now: () => number;
}

/** A list read tolerantly; its failures and rejected items go into the inventory. */
async function listInto<T>(
  ctx: Ctx,
  inv: SurfaceInventory,
  list: RejectedDefinition['list'],
  spec: Omit<ListSpec<T>, 'timeoutMs' | 'maxItems'>,
): Promise<T[]> {
  const res: TolerantList<T> = await listTolerant(ctx.client, {
    ...spec,
    timeoutMs: ctx.timeoutMs,
    maxItems: MAX_ITEMS,
  });
  const fail = (error: string) =>
    inv.listingFailures.push({ t: ctx.now(), method: spec.method, trigger: 'enumerate', error });
  if (res.error) fail(res.error);
  if (res.truncated) fail(`more than ${MAX_ITEMS} items: the rest was not read`);
  for (const r of res.rejected.slice(0, 50))
    inv.rejected.push({
      list,
      index: r.index,
      ...(r.name !== undefined ? { name: r.name } : {}),
      error: r.error,
      excerpt: excerptJson(r.raw, 2000),
    });
  return res.items;
}

const str = (v: unknown, max: number): string => (typeof v === 'string' ? v.slice(0, max) : '');

/** Fills a URI template's expressions with plain values (RFC 6570 level 1 is enough here). */
export function expandTemplate(template: string, value: (name: string) => string): string {
  return template
    .slice(0, 2000)
    .replace(/\{([?&#+./;]?)([^{}]{0,200})\}/g, (_, op: string, names: string) => {
      if (op === '?' || op === '&') return '';
      return names
        .split(',')
        .map((n) => encodeURIComponent(value(n.replace(/[*]|:\d+$/g, '').trim())))
        .join(',');
    });
}

/** resources/read of each given resource (at most MAX_READS), recorded on the record. */
async function readResources(ctx: Ctx, resources: readonly ResourceRecord[]): Promise<void> {
  const { client, recorder } = ctx;
  for (const r of resources.slice(0, MAX_READS)) {
    if (!ctx.alive()) return;
    try {
      const res = await client.readResource({ uri: r.uri }, { timeout: ctx.timeoutMs });
      const parts: string[] = [];
      let bytes = 0;
      for (const c of res.contents.slice(0, 20)) {
        const text = (c as { text?: unknown }).text;
        const blob = (c as { blob?: unknown }).blob;
        if (typeof text === 'string') {
          parts.push(text.slice(0, TEXT_FOR_RULES));
          bytes += text.length;
        } else if (typeof blob === 'string') bytes += Math.floor((blob.length * 3) / 4);
      }
      const text = parts.join('\n').slice(0, TEXT_FOR_RULES);
      recorder.text({ source: 'resource-content', owner: r.uri, phase: 'enumerate', text });
      r.read = { outcome: 'ok', bytes, excerpt: text.slice(0, EXCERPT) };
    } catch (e) {
      r.read = { outcome: outcomeOfError(e, ctx.alive()), bytes: 0, excerpt: errorText(e) };
    }
  }
}

async function listResources(ctx: Ctx, inv: SurfaceInventory): Promise<void> {
  const { recorder } = ctx;
  const resources = await listInto(ctx, inv, 'resources', {
    method: 'resources/list',
    key: 'resources',
    schema: ResourceSchema,
  });
  for (const r of resources) {
    const rec: ResourceRecord = {
      uri: str(r.uri, 2000),
      name: str(r.name, 200),
      description: str(r.description, 16384),
      ...(typeof r.mimeType === 'string' ? { mimeType: r.mimeType.slice(0, 100) } : {}),
    };
    inv.resources.push(rec);
    recorder.text({
      source: 'resource-description',
      owner: rec.uri,
      phase: 'enumerate',
      text: rec.description,
    });
  }
  const templates = await listInto(ctx, inv, 'resourceTemplates', {
    method: 'resources/templates/list',
    key: 'resourceTemplates',
    schema: ResourceTemplateSchema,
  });
  for (const t of templates) {
    const rec = {
      uriTemplate: str(t.uriTemplate, 2000),
      name: str(t.name, 200),
      description: str(t.description, 16384),
    };
    inv.resourceTemplates.push(rec);
    recorder.text({
      source: 'resource-description',
      owner: rec.uriTemplate,
      phase: 'enumerate',
      text: rec.description,
    });
  }
}

async function complete(
  ctx: Ctx,
  inv: SurfaceInventory,
  ref: { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string },
  argument: string,
): Promise<string[]> {
  if (inv.completions.length >= MAX_COMPLETIONS || !ctx.alive()) return [];
  const label = ref.type === 'ref/prompt' ? `prompt ${ref.name}` : `resource ${ref.uri}`;
  try {
    const res = await ctx.client.complete(
      { ref, argument: { name: argument, value: '' } },
      { timeout: ctx.timeoutMs },
    );
    const values = res.completion.values.slice(0, 20).map((v) => String(v).slice(0, 200));
    inv.completions.push({ ref: label, argument, outcome: 'ok', values });
    return values;
  } catch (e) {
    inv.completions.push({
      ref: label,
      argument,
      outcome: outcomeOfError(e, ctx.alive()),
      values: [],
    });
    return [];
  }
}

async function prompts(ctx: Ctx, inv: SurfaceInventory, completions: boolean): Promise<void> {
  const { recorder } = ctx;
  const items = await listInto(ctx, inv, 'prompts', {
    method: 'prompts/list',
    key: 'prompts',
    schema: PromptSchema,
  });
  for (const p of items.slice(0, MAX_READS)) {
    const rec: PromptRecord = {
      name: str(p.name, 200),
      description: str(p.description, 16384),
      arguments: (p.arguments ?? []).slice(0, 50).map((a) => ({
        name: str(a.name, 200),
        description: str(a.description, 4096),
        required: a.required === true,
      })),
      gets: [],
    };
    inv.prompts.push(rec);
    recorder.text({
      source: 'prompt-description',
      owner: rec.name,
      phase: 'enumerate',
      text: [rec.description, ...rec.arguments.map((a) => a.description)]
        .filter(Boolean)
        .join('\n'),
    });
    if (!ctx.alive()) continue;
    const suggested: Record<string, string> = {};
    if (completions)
      for (const a of rec.arguments.slice(0, 3)) {
        const v = await complete(ctx, inv, { type: 'ref/prompt', name: rec.name }, a.name);
        if (v[0]) suggested[a.name] = v[0];
      }
    const schema = {
      type: 'object',
      properties: Object.fromEntries(
        rec.arguments.map((a) => [a.name, { type: 'string', description: a.description }]),
      ),
      required: rec.arguments.filter((a) => a.required).map((a) => a.name),
    };
    const gen = generateArguments(schema, { seed: ctx.seed, variant: 1, kind: 'realistic' });
    const args: Record<string, string> = {};
    recorder.sent(gen.args);
    for (const a of rec.arguments)
      args[a.name] = suggested[a.name] ?? String(gen.args[a.name] ?? 'example');
    // A second try with plain numbers where nothing was suggested: prompts often take ids.
    const numeric = Object.fromEntries(Object.keys(args).map((k) => [k, suggested[k] ?? '1']));
    if (!(await getPrompt(ctx, rec, args)) && ctx.alive()) await getPrompt(ctx, rec, numeric);
  }
}

/** One prompts/get, recorded; true when it succeeded. */
async function getPrompt(
  ctx: Ctx,
  rec: PromptRecord,
  args: Record<string, string>,
): Promise<boolean> {
  try {
    const res = await ctx.client.getPrompt(
      { name: rec.name, arguments: args },
      { timeout: ctx.timeoutMs },
    );
    const text = [
      str(res.description, 16384),
      ...res.messages.slice(0, 50).map((m) => {
        const c = m.content as { type?: string; text?: unknown; resource?: { text?: unknown } };
        return typeof c.text === 'string'
          ? c.text
          : typeof c.resource?.text === 'string'
            ? c.resource.text
            : `[${String(c.type)}]`;
      }),
    ]
      .filter(Boolean)
      .join('\n')
      .slice(0, TEXT_FOR_RULES);
    ctx.recorder.text({ source: 'prompt-message', owner: rec.name, phase: 'enumerate', text });
    rec.gets.push({ arguments: args, outcome: 'ok', excerpt: text.slice(0, EXCERPT) });
    return true;
  } catch (e) {
    rec.gets.push({
      arguments: args,
      outcome: outcomeOfError(e, ctx.alive()),
      excerpt: errorText(e),
    });
    return false;
  }
}

/** Lists, reads and gets everything the server's capabilities announce. */
export async function enumerateSurface(
  ctx: Ctx,
  caps: Record<string, unknown>,
): Promise<SurfaceInventory> {
  const inv: SurfaceInventory = {
    resources: [],
    resourceTemplates: [],
    prompts: [],
    completions: [],
    rejected: [],
    listingFailures: [],
    notes: [],
  };
  const completions = caps['completions'] !== undefined;
  if (caps['resources'] !== undefined) {
    await listResources(ctx, inv);
    await readResources(ctx, inv.resources);
    for (const t of inv.resourceTemplates.slice(0, 10)) {
      if (!ctx.alive()) break;
      const names = [...t.uriTemplate.matchAll(/\{[?&#+./;]?([^{}]{0,200})\}/g)].flatMap((m) =>
        (m[1] ?? '').split(','),
      );
      const values: Record<string, string> = {};
      if (completions)
        for (const n of names.slice(0, 3)) {
          const v = await complete(
            ctx,
            inv,
            { type: 'ref/resource', uri: t.uriTemplate },
            n.trim(),
          );
          if (v[0]) values[n.trim()] = v[0];
        }
      const uri = expandTemplate(t.uriTemplate, (n) => values[n] ?? '1');
      const rec: ResourceRecord = { uri, name: `${t.name} (from template)`, description: '' };
      inv.resources.push(rec);
      await readResources(ctx, [rec]);
    }
  }
  if (caps['prompts'] !== undefined) await prompts(ctx, inv, completions);
  return inv;
}
