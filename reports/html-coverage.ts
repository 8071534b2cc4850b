// The HTML report's coverage banner, right under the verdict: how many listed tools returned a
// result, the --min-coverage gate when one was asked for, the calls by outcome, and the tools
// that returned nothing. A run that exercised nothing is marked, so "clean" is not read as
// "looked at and found nothing". Tool names were written by the server: shown clipped, escaped.
import type { CallCounts, CoverageSummary, Report, ToolCoverage } from '../src/domain/types.js';
import { nothingExercised } from '../src/domain/coverage.js';
import { html, type SafeHtml } from './html.js';
import { LIMITS, capped, code, facts } from './html-parts.js';

const OUTCOMES: readonly [Exclude<keyof CallCounts, 'calls' | 'ok'>, string, string][] = [
  ['toolErrors', 'tool error', 'tool errors'],
  ['protocolErrors', 'protocol error', 'protocol errors'],
  ['timeouts', 'timeout', 'timeouts'],
  ['crashes', 'crash', 'crashes'],
];

/** `128 calls: 0 ok, 128 tool errors` (outcomes that did not occur are left out). */
export function callTally(c: CallCounts): string {
  if (c.calls === 0) return 'never called';
  const parts = [`${c.ok} ok`];
  for (const [k, one, many] of OUTCOMES)
    if (c[k] > 0) parts.push(`${c[k]} ${c[k] === 1 ? one : many}`);
  return `${c.calls} call${c.calls === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

/** The listed tools that never returned a result, each with what its calls got instead. */
function withoutResult(perTool: readonly ToolCoverage[]): SafeHtml {
  const { items, omitted } = capped(
    perTool.filter((t) => t.ok === 0),
    LIMITS.listItems,
  );
  if (items.length === 0) return html`<span class="muted">none</span>`;
  const more = omitted > 0 ? html`<span class="muted">, and ${omitted} more</span>` : html``;
  return html`${items.map(
    (t, i) =>
      html`${i > 0 ? ', ' : ''}${code(t.tool, LIMITS.name)}
        <span class="muted">(${callTally(t)})</span>`,
  )}${more}`;
}

/** The statement, marked when nothing was exercised; the gate's outcome when there is one. */
function statements(c: CoverageSummary): SafeHtml {
  const main = nothingExercised(c)
    ? html`<p class="warn">${c.statement}</p>`
    : html`<p>${c.statement}</p>`;
  if (c.gate === undefined) return main;
  const gate = c.gate.met
    ? html`<p>${c.gate.statement}</p>`
    : html`<p class="warn">${c.gate.statement}</p>`;
  return html`${main}${gate}`;
}

/** The banner under the verdict. */
export function coverageBanner(r: Report): SafeHtml {
  const c = r.coverage;
  return html`<div id="coverage">
    ${statements(c)}
    ${facts([
      [
        'tools',
        `${c.toolsListed} listed, ${c.toolsCalled} called, ${c.toolsWithResult} returned a result`,
      ],
      ['calls', callTally(c.totals)],
      ['without a result', withoutResult(c.perTool)],
    ])}
  </div>`;
}
