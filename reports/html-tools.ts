// The HTML report's Tools section: each listed tool's definition (name, title, description,
// schemas, annotations) and every call made to it, with the round, how the arguments were made,
// whether they passed the input schema, and the outcome; first, a table of each tool's calls by
// outcome. All of it was written by the server.
import { countCalls } from '../src/domain/coverage.js';
import type { CallRecord, Report, ToolReport } from '../src/domain/types.js';
import { html, shown, type Interpolation, type SafeHtml } from './html.js';
import {
  LIMITS,
  capped,
  code,
  details,
  excerpt,
  jsonText,
  ms,
  omittedNote,
  pre,
  preview,
  rel,
  table,
  text,
  type RenderContext,
} from './html-parts.js';

/** A tool's description, line breaks kept. */
function description(d: string): SafeHtml {
  if (d === '') return html`<p class="muted">(no description)</p>`;
  return html`<pre class="desc">${shown(d, LIMITS.description, { multiline: true })}</pre>`;
}

/** Whether the arguments passed the tool's input schema: yes, no (marked), or not checked. */
function argsValid(v: boolean | undefined): SafeHtml {
  if (v === undefined) return text(undefined);
  return v ? html`yes` : html`<span class="changed">no</span>`;
}

/** One row of the calls table. */
function callRow(c: CallRecord, ctx: RenderContext): Interpolation[] {
  return [
    code(c.id, 60),
    typeof c.round === 'number' ? c.round : '—',
    rel(c.start, ctx),
    text(c.inputKind, 20),
    argsValid(c.argsValid),
    details(preview(jsonText(c.arguments, 0)), pre(jsonText(c.arguments), LIMITS.json)),
    c.outcome,
    ms(c.durationMs),
    excerpt(c.resultExcerpt),
  ];
}

/** Output schema and annotations, when the tool declared them. */
function extras(t: ToolReport): SafeHtml {
  const d = t.definition;
  const out =
    d.outputSchema === undefined
      ? html``
      : details('output schema', pre(jsonText(d.outputSchema), LIMITS.json));
  const notes =
    d.annotations === undefined
      ? html``
      : details('annotations', pre(jsonText(d.annotations), LIMITS.json));
  return html`${out}${notes}`;
}

/** One tool: name, title, description, schemas and calls. */
function toolBlock(t: ToolReport, ctx: RenderContext): SafeHtml {
  const d = t.definition;
  const title =
    d.title === undefined || d.title === ''
      ? html``
      : html` <span class="muted">${shown(d.title, LIMITS.name)}</span>`;
  const calls = t.calls.map((c) => callRow(c, ctx));
  return html`<section class="tool">
    <h3><code>${shown(d.name, LIMITS.name)}</code>${title}</h3>
    ${description(d.description)}
    ${details('input schema', pre(jsonText(d.inputSchema), LIMITS.json))} ${extras(t)}
    ${table(
      [
        'call',
        'round',
        'start',
        'input',
        'valid args',
        'arguments',
        'outcome',
        'duration',
        'result',
      ],
      calls,
      'calls',
    )}
  </section>`;
}

/** Every listed tool's calls by outcome, one row a tool. */
function outcomesTable(tools: readonly ToolReport[]): SafeHtml {
  const rows = tools.map((t) => {
    const c = countCalls(t.calls);
    return [
      code(t.definition.name, LIMITS.name),
      c.calls,
      c.ok,
      c.toolErrors,
      c.protocolErrors,
      c.timeouts,
      c.crashes,
    ];
  });
  return table(
    ['tool', 'calls', 'ok', 'tool errors', 'protocol errors', 'timeouts', 'crashes'],
    rows,
    'tools',
  );
}

/** Every listed tool with its calls. */
export function toolsSection(r: Report, ctx: RenderContext): SafeHtml {
  const { items, omitted } = capped(r.tools, LIMITS.tools);
  const calls = r.tools.reduce((n, t) => n + t.calls.length, 0);
  const body =
    items.length === 0
      ? html`<p class="empty">No tools listed.</p>`
      : items.map((t) => toolBlock(t, ctx));
  return html`<section id="tools">
    <h2>Tools (${r.tools.length} tools, ${calls} calls)</h2>
    ${items.length === 0 ? '' : outcomesTable(r.tools)} ${body}${omittedNote(omitted, 'tools')}
  </section>`;
}
