// Renders a Report as one self-contained HTML file: no scripts, no external resources, and a
// Content-Security-Policy that allows only the report's own fixed stylesheet (by hash).
import type { Report } from '../src/domain/types.js';
import { html, type SafeHtml } from './html.js';
import { behaviourSection } from './html-behaviour.js';
import { definitionsSection } from './html-definitions.js';
import type { RenderContext } from './html-parts.js';
import { networkSection, notesSection, timelineSection } from './html-network.js';
import { findingsSection } from './html-findings.js';
import { headerSection, installSection, serverSection } from './html-sections.js';
import { htmlDocument } from './html-document.js';
import { policySection } from './html-policy.js';
import { surfaceSection } from './html-surface.js';
import { toolsSection } from './html-tools.js';
import { timelinePicture } from './timeline-svg.js';

export { contentSecurityPolicy } from './html-document.js';

/** Times are shown relative to the first phase start (or the run start when there are no phases). */
function timeOrigin(r: Report): number | null {
  const starts = r.timeline.phases.map((p) => p.start).filter((t) => Number.isFinite(t));
  if (starts.length > 0) return Math.min(...starts);
  const started = Date.parse(r.startedAt);
  return Number.isFinite(started) ? started : null;
}

/** The per-call picture: phases, calls and what each call did, with what was left out. */
function whenSection(report: Report): SafeHtml {
  const { svg, omitted } = timelinePicture(report);
  return html`<section id="when">
    <h2>What happened when</h2>
    <p class="muted">
      One lane per tool, each call a bar; hover a bar or a mark for details. Each phase has its own
      time scale.
    </p>
    ${svg}
    ${omitted === '' ? '' : html`<p class="omitted">${omitted}; the tables below list them.</p>`}
  </section>`;
}

/** The whole report as an HTML document string. */
export function renderHtml(report: Report): string {
  const ctx: RenderContext = { t0: timeOrigin(report) };
  const title = `mcp-airlock: ${report.target.name}@${report.target.version} (${report.verdict})`;
  const doc = htmlDocument(
    title,
    html`${headerSection(report)}
      <main>
        ${findingsSection(report)} ${policySection(report)} ${whenSection(report)}
        ${behaviourSection(report, ctx)} ${serverSection(report)} ${installSection(report)}
        ${surfaceSection(report, ctx)} ${toolsSection(report, ctx)}
        ${definitionsSection(report, ctx)} ${networkSection(report, ctx)}
        ${timelineSection(report, ctx)} ${notesSection(report)}
      </main>`,
  );
  return doc;
}
