// One tools/call: arguments of the kind this call asks for (validated against the schema before
// sending), progress notifications requested and recorded, and the outcome as data. The result's
// text is kept, bounded, for canary matching and for the metadata rules.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { CallRecord, ToolDefinition } from '../src/domain/types.js';
import { generateArguments, inputKindFor, inputVariantFor } from './inputs/generate-args.js';
import { errorText, excerptResult, outcomeOfError, outcomeOfResult } from './outcome.js';
import type { SurfaceRecorder } from './recorder.js';

/** Text of one result kept for the canary matcher and the metadata rules; more is a cap. */
const RESULT_TEXT_MAX = 1024 * 1024;

export interface CallPlan {
  id: string;
  tool: ToolDefinition;
  round: number;
  /** How many times this tool was called before (picks the input kind). */
  nth: number;
  seed: number;
  timeoutMs: number;
}

export interface CallDeps {
  client: Client;
  recorder: SurfaceRecorder;
  alive: () => boolean;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** Text of a result for the rules: text blocks, embedded resource text, structured content. */
function resultText(result: unknown, recorder: SurfaceRecorder): string {
  const text = resultTextOf(result);
  if (text.length > RESULT_TEXT_MAX)
    recorder.gap({
      kind: 'cap',
      what: 'tool result text',
      detail: `${RESULT_TEXT_MAX} characters per call`,
    });
  return text.slice(0, RESULT_TEXT_MAX);
}

function resultTextOf(result: unknown): string {
  const r = result as { content?: unknown; structuredContent?: unknown };
  const parts = [excerptResult(result, RESULT_TEXT_MAX + 1)];
  if (Array.isArray(r.content))
    for (const c of r.content.slice(0, 20)) {
      const text = (c as { resource?: { text?: unknown } }).resource?.text;
      if (typeof text === 'string') parts.push(text.slice(0, RESULT_TEXT_MAX + 1));
    }
  if (r.structuredContent !== undefined)
    parts.push((JSON.stringify(r.structuredContent) ?? '').slice(0, RESULT_TEXT_MAX + 1));
  return parts
    .filter(Boolean)
    .join('\n')
    .slice(0, RESULT_TEXT_MAX + 1);
}

/** True for a tool that can only run as a task (`execution.taskSupport: 'required'`). */
function needsTask(tool: ToolDefinition): boolean {
  return (tool.execution as { taskSupport?: unknown } | undefined)?.taskSupport === 'required';
}

/** tools/call as a task (experimental in the SDK): follows the stream to its result, bounded. */
async function callAsTask(
  client: CallDeps['client'],
  plan: CallPlan,
  args: Record<string, unknown>,
  options: { timeout: number; onprogress: (p: unknown) => void },
): Promise<unknown> {
  const run = async (): Promise<unknown> => {
    // `task` is set here: the tool list is read tolerantly, so the SDK has not cached which
    // tools are task tools.
    const stream = client.experimental.tasks.callToolStream(
      { name: plan.tool.name, arguments: args },
      undefined,
      { ...options, task: {} },
    );
    for await (const m of stream) {
      if (m.type === 'result') return m.result;
      if (m.type === 'error') throw m.error;
    }
    throw new McpError(ErrorCode.InternalError, 'task ended without a result');
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new McpError(ErrorCode.RequestTimeout, 'task timed out')),
      options.timeout,
    );
  });
  try {
    return await Promise.race([run(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * tools/call; when the server answers -32042 (a URL elicitation is required first), do what a
 * client does once the user has completed it: record the request and retry the same call once.
 */
async function callWithUrlElicitation(
  plan: CallPlan,
  args: Record<string, unknown>,
  deps: CallDeps,
): Promise<unknown> {
  const options = {
    timeout: plan.timeoutMs,
    onprogress: (p: unknown) => deps.recorder.notification('notifications/progress', p),
  };
  const call = () =>
    needsTask(plan.tool)
      ? callAsTask(deps.client, plan, args, options)
      : deps.client.callTool({ name: plan.tool.name, arguments: args }, undefined, options);
  try {
    return await call();
  } catch (e) {
    if (!(e instanceof McpError) || e.code !== ErrorCode.UrlElicitationRequired) throw e;
    deps.recorder.request(
      'url-elicitation-required (-32042)',
      e.data,
      'treated as completed by the user (URL not opened); call retried once',
    );
    return await call();
  }
}

export async function callTool(
  plan: CallPlan,
  deps: CallDeps,
): Promise<{ record: CallRecord; text: string }> {
  const kind = inputKindFor(plan.nth);
  const generated = generateArguments(plan.tool.inputSchema, {
    seed: plan.seed,
    variant: inputVariantFor(plan.nth),
    kind,
  });
  const start = deps.now();
  const base = {
    id: plan.id,
    tool: plan.tool.name,
    arguments: generated.args,
    inputKind: generated.kind,
    argsValid: generated.valid,
    round: plan.round,
    start,
  };
  deps.recorder.current = { callId: plan.id, tool: plan.tool.name };
  deps.recorder.sent(generated.args);
  try {
    const result = await callWithUrlElicitation(plan, generated.args, deps);
    const end = deps.now();
    const text = resultText(result, deps.recorder);
    deps.recorder.text({
      source: 'tool-result',
      owner: plan.tool.name,
      phase: 'exercise',
      callId: plan.id,
      text,
    });
    return {
      record: {
        ...base,
        outcome: outcomeOfResult(result),
        durationMs: end - start,
        resultExcerpt: excerptResult(result),
        end,
      },
      text,
    };
  } catch (e) {
    // An error the server wrote reaches the model like a result: judge its text too.
    if (
      e instanceof McpError &&
      e.code !== ErrorCode.RequestTimeout &&
      e.code !== ErrorCode.ConnectionClosed
    )
      deps.recorder.text({
        source: 'tool-result',
        owner: plan.tool.name,
        phase: 'exercise',
        callId: plan.id,
        text: e.message.slice(0, RESULT_TEXT_MAX),
      });
    // Give a dying process a moment to be seen as dead, so a crash is not called a timeout.
    await deps.sleep(200);
    const end = deps.now();
    return {
      record: {
        ...base,
        outcome: outcomeOfError(e, deps.alive()),
        durationMs: end - start,
        resultExcerpt: errorText(e),
        end,
      },
      text: '',
    };
  } finally {
    deps.recorder.current = undefined;
  }
}
