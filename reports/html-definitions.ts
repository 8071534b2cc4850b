// The HTML report's "Tool definitions over time" section: every tools/list the run made (what
// triggered it, a short fingerprint, how many tools), every change between listings (a rug pull)
// as a before/after diff with the changed fields marked, the second launch and server restarts.
import type { DefinitionDrift, Report, ToolListing } from '../src/domain/types.js';
import { clip, html, type SafeHtml } from './html.js';
import { beforeAfter } from './html-diff.js';
import {
  LIMITS,
  capped,
  code,
  omittedNote,
  rel,
  table,
  text,
  type RenderContext,
} from './html-parts.js';

/** Most drift entries shown in full. */
const MAX_DRIFT = 100;

/** What each drift kind means, in words (fixed table; unknown kinds are shown as they are). */
const KIND_LABEL: Record<DefinitionDrift['kind'], string> = {
  'tool-changed': 'tool changed',
  'tool-added': 'tool added',
  'tool-removed': 'tool removed',
  'instructions-changed': 'instructions changed',
};

/** The first 12 hex digits of a fingerprint, the whole one in the tooltip. */
function shortHash(fp: string): SafeHtml {
  return html`<code title="${clip(fp, 128)}">${fp.slice(0, 12)}</code>`;
}

/** Listings in order, each compared with the one before. */
function listingsTable(list: readonly ToolListing[], ctx: RenderContext): SafeHtml {
  const rows = list.map((l, i) => {
    const prev = list[i - 1];
    const vs =
      prev === undefined
        ? html`<span class="muted">first</span>`
        : prev.fingerprint === l.fingerprint
          ? html`same`
          : html`<span class="changed">changed</span>`;
    return [rel(l.t, ctx), text(l.trigger, 40), shortHash(l.fingerprint), l.tools, vs];
  });
  return table(
    ['time', 'trigger', 'fingerprint', 'tools', 'vs previous listing'],
    rows,
    'listings',
  );
}

/** The fields that changed, each marked. */
function fields(list: readonly string[]): SafeHtml {
  if (list.length === 0) return html``;
  const { items, omitted } = capped(list, LIMITS.listItems);
  const more = omitted > 0 ? html` <span class="muted">+${omitted} more</span>` : html``;
  return html`<div>
    changed: ${items.map((f) => html`<span class="field">${text(f, 60)}</span>`)}${more}
  </div>`;
}

/** One change between listings: what, when, after which call, and the before/after view. */
function driftBlock(d: DefinitionDrift, ctx: RenderContext): SafeHtml {
  const kind = Object.hasOwn(KIND_LABEL, d.kind) ? KIND_LABEL[d.kind] : d.kind;
  const name = d.name === undefined ? html`` : html` ${code(d.name, LIMITS.name)}`;
  const after =
    d.afterCallId === undefined ? html`` : html`, after call ${code(d.afterCallId, 60)}`;
  return html`<div class="drift">
    <div>
      <span class="changed">${text(kind, 40)}</span>${name}
      <span class="muted">
        seen at ${rel(d.t, ctx)} on ${text(d.trigger, 40)} listing${after}
      </span>
    </div>
    ${fields(d.fields)} ${beforeAfter(d.before, d.after)}
  </div>`;
}

/** Whether the server was launched again over the same state, and why not. */
function secondLaunch(r: Report): SafeHtml {
  const s = r.surface.secondLaunch;
  if (s.done)
    return html`<p>The server was launched a second time over the same state and listed again.</p>`;
  return html`<p class="muted">
    No second launch${s.reason === undefined ? '' : html`: ${text(s.reason, 1_000)}`}.
  </p>`;
}

/** Server restarts during the run and why. */
function restartsTable(r: Report, ctx: RenderContext): SafeHtml {
  const rows = r.restarts.map((x) => [
    rel(x.at, ctx),
    text(x.cause, 1_000),
    code(x.afterCallId, 60),
  ]);
  return table(['time', 'cause', 'after call'], rows, 'restarts');
}

/** Listings, definition changes, the second launch and restarts. */
export function definitionsSection(r: Report, ctx: RenderContext): SafeHtml {
  const s = r.surface;
  const { items, omitted } = capped(s.drift, MAX_DRIFT);
  const changes =
    items.length === 0
      ? html`<p class="empty">No tool definition or instruction changed during the run.</p>`
      : items.map((d) => driftBlock(d, ctx));
  return html`<section id="definitions">
    <h2>Tool definitions over time</h2>
    <h3>Listings (${s.listings.length})</h3>
    ${listingsTable(s.listings, ctx)} ${secondLaunch(r)}
    <h3>Changes (${s.drift.length})</h3>
    ${changes}${omittedNote(omitted, 'changes')}
    <h3>Restarts (${r.restarts.length})</h3>
    ${restartsTable(r, ctx)}
  </section>`;
}
