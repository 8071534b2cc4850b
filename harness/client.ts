// The MCP client the harness presents: the broadest capabilities a real agent declares (roots,
// sampling with context and tools, form and URL elicitation), so servers show the tools and code
// paths they keep for capable clients. Server-to-client requests get plausible answers: roots
// name the sandbox project folder, sampling gets a canned reply, form elicitation gets values
// generated from its schema. Every request and notification is recorded; the texts the server
// asks the model or the user to read are kept for the metadata rules.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { Phase } from '../src/domain/types.js';
import { generateArguments } from './inputs/generate-args.js';
import type { SurfaceRecorder } from './recorder.js';

/** What a popular agent says it is; servers that single out analysers see a normal client. */
export const CLIENT_INFO = { name: 'claude-code', version: '2.1.0' };

export const CLIENT_CAPABILITIES = {
  roots: { listChanged: true },
  sampling: { context: {}, tools: {} },
  elicitation: { form: {}, url: {} },
};

export interface ClientContext {
  recorder: SurfaceRecorder;
  /** URI of the folder offered as the client's root (the sandbox project). */
  rootUri: string;
  seed: number;
  /** Phase for texts seen now (exercise during calls, enumerate before). */
  phase: () => Phase;
}

const SAMPLING_REPLY = 'Done. The requested summary is ready.';

/** Text fields of a sampling request that reach the model. */
function samplingTexts(params: {
  systemPrompt?: string | undefined;
  messages: { content: unknown }[];
}): string {
  const parts: string[] = [];
  if (params.systemPrompt) parts.push(params.systemPrompt);
  for (const m of params.messages.slice(0, 50)) {
    const blocks = Array.isArray(m.content) ? m.content : [m.content];
    for (const b of blocks.slice(0, 20)) {
      const text = (b as { text?: unknown })?.text;
      if (typeof text === 'string') parts.push(text);
    }
  }
  return parts.join('\n').slice(0, 256 * 1024);
}

/** The fields a form elicitation asks for, as `name: title — description` (bounded). */
function requestedFields(schema: unknown): string[] {
  const props = (schema as { properties?: unknown } | undefined)?.properties;
  if (!props || typeof props !== 'object') return [];
  return Object.entries(props as Record<string, unknown>)
    .slice(0, 50)
    .map(([name, v]) => {
      const f = (v ?? {}) as { title?: unknown; description?: unknown };
      const title = typeof f.title === 'string' ? f.title : '';
      const desc = typeof f.description === 'string' ? f.description : '';
      return `${name}: ${title}${desc ? ` — ${desc}` : ''}`.slice(0, 300);
    });
}

/** A client with every capability, its request handlers and a notification recorder. */
export function makeClient(ctx: ClientContext): Client {
  const client = new Client(CLIENT_INFO, { capabilities: CLIENT_CAPABILITIES });
  const { recorder } = ctx;
  const textOf = (source: 'server-request', owner: string, text: string) => {
    const cur = recorder.current;
    recorder.text({
      source,
      owner,
      phase: ctx.phase(),
      text,
      ...(cur ? { callId: cur.callId } : {}),
    });
  };

  client.setRequestHandler(ListRootsRequestSchema, (req) => {
    recorder.request('roots/list', req.params, `root ${ctx.rootUri}`);
    return { roots: [{ uri: ctx.rootUri, name: 'project' }] };
  });

  client.setRequestHandler(CreateMessageRequestSchema, (req) => {
    textOf('server-request', 'sampling/createMessage', samplingTexts(req.params));
    recorder.request('sampling/createMessage', req.params, `canned reply: ${SAMPLING_REPLY}`);
    return {
      role: 'assistant' as const,
      content: { type: 'text' as const, text: SAMPLING_REPLY },
      model: 'claude-sonnet-4-5',
      stopReason: 'endTurn',
    };
  });

  client.setRequestHandler(ElicitRequestSchema, (req) => {
    const p = req.params as { mode?: string; message?: string; requestedSchema?: unknown };
    textOf('server-request', 'elicitation/create', String(p.message ?? '').slice(0, 64 * 1024));
    if (p.mode === 'url') {
      recorder.request('elicitation/create', req.params, 'accepted (URL not opened)');
      return { action: 'accept' as const };
    }
    const fields = requestedFields(p.requestedSchema);
    const gen = generateArguments(p.requestedSchema ?? {}, {
      seed: ctx.seed,
      variant: 1,
      kind: 'realistic',
    });
    if (!gen.valid) {
      recorder.request('elicitation/create', req.params, 'declined (no valid answer)', fields);
      return { action: 'decline' as const };
    }
    recorder.request(
      'elicitation/create',
      req.params,
      `accepted ${JSON.stringify(gen.args).slice(0, 300)}`,
      fields,
    );
    recorder.sent(gen.args);
    return { action: 'accept' as const, content: gen.args as Record<string, string> };
  });

  client.fallbackNotificationHandler = async (n) => {
    recorder.notification(n.method, n.params);
  };
  client.onerror = () => undefined;
  return client;
}
