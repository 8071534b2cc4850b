// The evidence cell of a finding: only the fields that are present, each bounded and escaped.
// Rug pulls show the definition before and after as a diff; metadata findings show where the
// text came from and the text itself (invisible characters already revealed by the rule, and
// any that are left marked here).
import type { Evidence } from '../src/domain/types.js';
import { html, type SafeHtml } from './html.js';
import { beforeAfter } from './html-diff.js';
import { LIMITS, block, code, endpoint, excerpt, text } from './html-parts.js';

/** Network, canary, file and process facts of the evidence, one line each. */
function factRows(e: Evidence): SafeHtml[] {
  const rows: SafeHtml[] = [];
  if (e.canary !== undefined) rows.push(html`<div>canary ${code(e.canary, LIMITS.name)}</div>`);
  if (e.channel !== undefined) rows.push(html`<div>channel ${text(e.channel, 40)}</div>`);
  if (e.encoding !== undefined)
    rows.push(html`<div>encoding ${code(e.encoding, LIMITS.cell)}</div>`);
  if (e.path !== undefined) rows.push(html`<div>path ${code(e.path, LIMITS.cell)}</div>`);
  if (e.source !== undefined) rows.push(html`<div>source ${code(e.source, LIMITS.name)}</div>`);
  if (e.value !== undefined) {
    const field = e.field === undefined ? '' : html` in ${code(e.field, LIMITS.name)}`;
    rows.push(html`<div>value ${code(e.value, 1_000)}${field}</div>`);
  } else if (e.field !== undefined) {
    rows.push(html`<div>field ${code(e.field, LIMITS.name)}</div>`);
  }
  if (e.cmdline !== undefined) rows.push(html`<div>command ${code(e.cmdline, 1_000)}</div>`);
  if (e.host !== undefined) rows.push(html`<div>host ${code(e.host, LIMITS.name)}</div>`);
  if (e.ip !== undefined)
    rows.push(html`<div>dst ${code(endpoint(e.ip, e.port), LIMITS.name)}</div>`);
  else if (e.port !== undefined) rows.push(html`<div>port ${e.port}</div>`);
  if (e.protocol !== undefined) rows.push(html`<div>protocol ${text(e.protocol, 40)}</div>`);
  if (e.bytes !== undefined) rows.push(html`<div>${e.bytes} bytes</div>`);
  if (e.count !== undefined) rows.push(html`<div>count ${e.count}</div>`);
  if (e.method !== undefined || e.url !== undefined) {
    rows.push(html`<div>${code(`${e.method ?? ''} ${e.url ?? ''}`.trim(), LIMITS.cell)}</div>`);
  }
  return rows;
}

/** The evidence of one finding. */
export function evidenceCell(e: Evidence): SafeHtml {
  const rows = factRows(e);
  if (e.text !== undefined)
    rows.push(
      html`<div class="muted">text</div>
        ${block(e.text)}`,
    );
  if (e.before !== undefined || e.after !== undefined) {
    rows.push(beforeAfter(e.before ?? '', e.after ?? ''));
  }
  // Process findings repeat the command line as the excerpt; show it once.
  if (e.payloadExcerpt !== undefined && e.payloadExcerpt !== e.cmdline) {
    rows.push(excerpt(e.payloadExcerpt, 2_000));
  }
  return rows.length === 0 ? text(undefined) : html`${rows}`;
}
