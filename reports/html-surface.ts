// The HTML report's "MCP surface" section: everything the server offers besides tools (transport,
// instructions, capabilities, resources and templates, prompts, completions) with what happened
// when we used it, then the messages it sent on its own (html-surface-messages.ts). Every string
// here was written by the server under test.
import type {
  CompletionRecord,
  PromptRecord,
  Report,
  ResourceRecord,
  ResourceTemplateRecord,
} from '../src/domain/types.js';
import { html, type SafeHtml } from './html.js';
import { diffableText } from './html-diff.js';
import { messagesBlock } from './html-surface-messages.js';
import {
  LIMITS,
  block,
  capped,
  code,
  details,
  excerpt,
  facts,
  jsonText,
  pre,
  preview,
  table,
  text,
  type RenderContext,
} from './html-parts.js';

/** A bounded, comma-separated list of hostile values. */
function valueList(values: readonly string[]): SafeHtml {
  if (values.length === 0) return text(undefined);
  const { items, omitted } = capped(values, LIMITS.listItems);
  const more = omitted > 0 ? html` <span class="muted">+${omitted} more</span>` : html``;
  return html`${items.map((v, i) => html`${i > 0 ? ', ' : ''}${code(v, LIMITS.name)}`)}${more}`;
}

/** A long text, or a muted "(none)". */
function optionalBlock(s: string): SafeHtml {
  return s === '' ? html`<span class="muted">(none)</span>` : block(s);
}

/** Resources the server listed and what reading each returned. */
function resourcesTable(list: readonly ResourceRecord[]): SafeHtml {
  const rows = list.map((r) => [
    code(r.uri, LIMITS.cell),
    text(r.name, LIMITS.name),
    text(r.description, LIMITS.cell),
    code(r.mimeType, 100),
    r.read === undefined ? html`<span class="muted">not read</span>` : r.read.outcome,
    r.read === undefined ? '—' : r.read.bytes,
    r.read === undefined || r.read.excerpt === '' ? text(undefined) : excerpt(r.read.excerpt),
  ]);
  return table(
    ['uri', 'name', 'description', 'type', 'read', 'bytes', 'content'],
    rows,
    'resources',
  );
}

/** Resource templates the server listed. */
function templatesTable(list: readonly ResourceTemplateRecord[]): SafeHtml {
  const rows = list.map((t) => [
    code(t.uriTemplate, LIMITS.cell),
    text(t.name, LIMITS.name),
    text(t.description, LIMITS.cell),
  ]);
  return table(['uri template', 'name', 'description'], rows, 'resource templates');
}

/** One declared prompt argument: name, whether required, description. */
function promptArgument(a: PromptRecord['arguments'][number]): SafeHtml {
  const req = a.required ? ' (required)' : '';
  const desc = a.description === '' ? '' : html`: ${text(a.description, LIMITS.cell)}`;
  return html`<li>${code(a.name, LIMITS.name)}${req}${desc}</li>`;
}

/** "+N more" note inside a cell. */
function moreNote(n: number): SafeHtml {
  return n > 0 ? html`<span class="muted">+${n} more</span>` : html``;
}

/** A prompt's declared arguments, required ones marked. */
function promptArguments(p: PromptRecord): SafeHtml {
  if (p.arguments.length === 0) return text(undefined);
  const { items, omitted } = capped(p.arguments, LIMITS.listItems);
  return html`<ul>
      ${items.map(promptArgument)}
    </ul>
    ${moreNote(omitted)}`;
}

/** One prompts/get we made: the arguments, the outcome and the messages returned. */
function promptGet(g: PromptRecord['gets'][number]): SafeHtml {
  const args = details(preview(jsonText(g.arguments, 0)), pre(jsonText(g.arguments), LIMITS.json));
  const got = g.excerpt === '' ? '' : excerpt(g.excerpt);
  return html`<div>
    ${args}
    <div>outcome ${g.outcome}</div>
    ${got}
  </div>`;
}

/** Each prompts/get we made, or a note that the prompt was not fetched. */
function promptGets(p: PromptRecord): SafeHtml {
  if (p.gets.length === 0) return html`<span class="muted">not fetched</span>`;
  const { items, omitted } = capped(p.gets, LIMITS.listItems);
  return html`${items.map(promptGet)}${moreNote(omitted)}`;
}

/** Prompts the server listed and what getting them returned. */
function promptsTable(list: readonly PromptRecord[]): SafeHtml {
  const rows = list.map((p) => [
    code(p.name, LIMITS.name),
    text(p.description, LIMITS.cell),
    promptArguments(p),
    promptGets(p),
  ]);
  return table(['name', 'description', 'arguments', 'gets'], rows, 'prompts');
}

/** completion/complete requests we made and the values offered. */
function completionsTable(list: readonly CompletionRecord[]): SafeHtml {
  const rows = list.map((c) => [
    code(c.ref, LIMITS.cell),
    code(c.argument, LIMITS.name),
    c.outcome,
    valueList(c.values),
  ]);
  return table(['reference', 'argument', 'outcome', 'values'], rows, 'completions');
}

/** Transport, instructions, capabilities, resources, prompts, completions and messages. */
export function surfaceSection(r: Report, ctx: RenderContext): SafeHtml {
  const s = r.surface;
  const caps = s.capabilities === '' ? '' : diffableText(s.capabilities);
  return html`<section id="surface">
    <h2>MCP surface</h2>
    ${facts([
      ['transport', text(s.transport, 40)],
      ['instructions', optionalBlock(s.instructions)],
      ['capabilities', optionalBlock(caps)],
    ])}
    <h3>Resources (${s.resources.length})</h3>
    ${resourcesTable(s.resources)}
    <h3>Resource templates (${s.resourceTemplates.length})</h3>
    ${templatesTable(s.resourceTemplates)}
    <h3>Prompts (${s.prompts.length})</h3>
    ${promptsTable(s.prompts)}
    <h3>Completions (${s.completions.length})</h3>
    ${completionsTable(s.completions)} ${messagesBlock(s, ctx)}
  </section>`;
}
