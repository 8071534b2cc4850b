// The per-call timeline as an inline SVG picture: phases as bands left to right (timeline-axis.ts),
// one lane per tool with each call as a bar, and marks on it for DNS lookups, connections,
// requests, files, processes and leaks (timeline-marks.ts, shapes in timeline-shapes.ts). Calls
// and marks tied to a finding at medium or above are red. Built with the escaping `html` tag
// like the rest of the report: no script, no style attributes (the CSP allows only the
// stylesheet's hash; colours come from classes in style.ts), no links; hover text is in <title>
// elements. Bounded: MAX_LANES tools, MAX_BARS calls and MAX_MARKS marks (leaks first, then
// flagged marks, then by time), and the picture says how many were left out.
import type { Report } from '../src/domain/types.js';
import { html, type SafeHtml } from './html.js';
import { secs, segments, ticks, xOf, type PlotSpan, type Segment } from './timeline-axis.js';
import { collectMarks, type Mark } from './timeline-marks.js';
import { CHAR_W, MARK_CLASS, ROW, fmt, legend, shape } from './timeline-shapes.js';

export const MAX_MARKS = 2_000;
export const MAX_BARS = 1_000;
export const MAX_LANES = 40;

const W = 1100;
const SPAN: PlotSpan = { x0: 200, x1: W - 12 };
const TOP = 30;
const LANE = 36;
const AXIS = 22;
const LEGEND = 46;
const LABEL_CHARS = 28;

/** A hostile name cut to `n` code points for a label (the <title> has more). */
function short(s: string, n: number): string {
  const cps = Array.from(s);
  return cps.length <= n ? s : `${cps.slice(0, n - 1).join('')}…`;
}

const OUTCOME_CLASS: Record<string, string> = {
  ok: 'tl-call tl-ok',
  'tool-error': 'tl-call tl-err',
  'protocol-error': 'tl-call tl-err',
  timeout: 'tl-call tl-fail',
  crash: 'tl-call tl-fail',
};

/** Rules of the medium+ findings each call showed. */
function callFindings(r: Report): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (id: string | undefined, rule: string) => {
    if (id !== undefined) out.set(id, (out.get(id) ?? new Set()).add(rule));
  };
  for (const f of r.findings) {
    if (f.severity !== 'medium' && f.severity !== 'high' && f.severity !== 'critical') continue;
    add(f.callId, f.rule);
    for (const o of f.occurrences ?? []) add(o.callId, f.rule);
  }
  return out;
}

/** Bands with their phase names, tick lines and the time labels under the lanes. */
function axis(segs: readonly Segment[], t0: number, lanes: number): SafeHtml {
  const bottom = TOP + lanes * LANE;
  const bands = segs.map((s, i) => {
    const full = `${s.name} · ${secs(s.end - s.start)}`;
    // phase names are short lowercase words, narrower than the average label character
    const fits = (l: string) => l.length * CHAR_W * 0.9 <= s.w - 12;
    const abbr = `${s.name.slice(0, 4)}.`;
    const label = fits(full) ? full : fits(s.name) ? s.name : fits(abbr) ? abbr : '';
    const cls = i % 2 === 0 ? 'tl-band tl-band-a' : 'tl-band tl-band-b';
    const title = `${s.name}: ${secs(s.end - s.start)}, from +${secs(s.start - t0)}`;
    return html`<rect
        class="${cls}"
        x="${fmt(s.x0)}"
        y="${TOP}"
        width="${fmt(s.w)}"
        height="${lanes * LANE}"
        ><title>${title}</title></rect
      ><text class="tl-phase" x="${fmt(s.x0 + 4)}" y="${TOP - 8}">${label}</text>`;
  });
  // Time labels at band edges and ticks, none closer than 44 units to the previous one.
  const stops = [
    ...segs.map((s) => ({ x: s.x0, t: s.start, edge: true })),
    ...ticks(segs, t0).map((k) => ({ ...k, edge: false })),
  ].sort((a, b) => a.x - b.x);
  const last = segs[segs.length - 1];
  if (last !== undefined) stops.push({ x: last.x0 + last.w, t: last.end, edge: true });
  let prev = -Infinity;
  const labels = stops.flatMap(({ x, t, edge }) => {
    const line = edge
      ? html``
      : html`<line class="tl-tick" x1="${fmt(x)}" x2="${fmt(x)}" y1="${TOP}" y2="${bottom}" />`;
    if (x - prev < 44) return [line];
    prev = x;
    const anchor = x > SPAN.x1 - 20 ? 'end' : x <= SPAN.x0 + 1 ? 'start' : 'middle';
    const txt = t === t0 ? '0 s' : `+${secs(t - t0)}`;
    return [
      line,
      html`<text class="tl-axis" x="${fmt(x)}" y="${bottom + 15}" text-anchor="${anchor}"
        >${txt}</text
      >`,
    ];
  });
  return html`${bands}${labels}`;
}

export interface TimelinePicture {
  svg: SafeHtml;
  /** What was left out to keep the picture bounded ('' when nothing was). */
  omitted: string;
}

/** The picture and what it left out. */
export function timelinePicture(r: Report): TimelinePicture {
  const marks = collectMarks(r);
  const calls = r.timeline.calls;
  const times = [...calls.flatMap((c) => [c.start, c.end]), ...marks.map((m) => m.t)];
  const segs = segments(r, times, SPAN);
  const x = (t: number): number => xOf(segs, t, SPAN);
  const t0 = segs[0]?.start ?? 0;
  // Lanes: "not in a call" first, then tools in the order of their first call.
  const callTool = new Map(calls.map((c) => [c.id, c.tool]));
  const tools = [...new Set(calls.map((c) => c.tool))];
  const drawnTools = tools.slice(0, MAX_LANES);
  const lane = new Map(drawnTools.map((t, i) => [t, i + 1]));
  const laneOf = (m: Mark): number | undefined => {
    const tool = m.callId === undefined ? undefined : (callTool.get(m.callId) ?? m.tool);
    return tool === undefined ? 0 : lane.get(tool);
  };
  const lanes = drawnTools.length + 1;
  const H = TOP + lanes * LANE + AXIS + LEGEND;
  const yOf = (l: number): number => TOP + l * LANE + LANE / 2;

  const outcome = new Map(r.tools.flatMap((t) => t.calls.map((c) => [c.id, c] as const)));
  const hits = callFindings(r);
  const bars = calls
    .filter((c) => lane.has(c.tool))
    .slice(0, MAX_BARS)
    .map((c) => {
      const x0 = x(c.start);
      const w = Math.max(2, x(c.end) - x0);
      const rec = outcome.get(c.id);
      const rules = [...(hits.get(c.id) ?? [])].sort();
      const base = OUTCOME_CLASS[rec?.outcome ?? 'ok'] ?? 'tl-call tl-ok';
      const cls = rules.length > 0 ? `${base} tl-hit` : base;
      const found = rules.length > 0 ? `; findings: ${rules.join(', ')}` : '';
      const title = `call ${short(c.id, 60)} to ${short(c.tool, 200)}: ${rec?.outcome ?? 'no record'}, ${Math.round(c.end - c.start)} ms, at +${secs(c.start - t0)}${found}`;
      return html`<rect
        class="${cls}"
        x="${fmt(x0)}"
        y="${fmt(yOf(lane.get(c.tool) ?? 0) - 13)}"
        width="${fmt(w)}"
        height="26"
        ><title>${title}</title></rect
      >`;
    });

  // Marks, bounded: leaks first, then flagged ones, then by time; drawn plain ones first so
  // flagged ones and leaks end up on top.
  const rank = (m: Mark): number => (m.kind === 'leak' ? 0 : m.rules.length > 0 ? 1 : 2);
  const chosen = marks
    .flatMap((m) => {
      const l = laneOf(m);
      return l === undefined ? [] : [{ m, l }];
    })
    .sort((a, b) => rank(a.m) - rank(b.m) || a.m.t - b.m.t)
    .slice(0, MAX_MARKS)
    .sort((a, b) => rank(b.m) - rank(a.m) || a.m.t - b.m.t);
  const drawnMarks = chosen.map(({ m, l }) => {
    const flagged = m.rules.length > 0;
    const cls = flagged && m.kind !== 'leak' ? `${MARK_CLASS[m.kind]} m-flag` : MARK_CLASS[m.kind];
    const call = m.callId === undefined ? '' : `, call ${m.callId}`;
    const found = flagged ? `; findings: ${m.rules.join(', ')}` : '';
    const title = `${m.label.slice(0, 400)} (+${secs(m.t - t0)}, ${m.phase}${call})${found}`;
    return shape(m.kind, x(m.t), yOf(l) + ROW[m.kind], cls, title);
  });

  const left: string[] = [];
  if (marks.length > chosen.length) left.push(`${marks.length - chosen.length} marks`);
  if (calls.length > bars.length) left.push(`${calls.length - bars.length} calls`);
  if (tools.length > drawnTools.length) left.push(`${tools.length - drawnTools.length} tools`);
  const omitted = left.length === 0 ? '' : `${left.join(', ')} not drawn`;

  const labels = [
    html`<text
      class="tl-lane-label tl-muted"
      x="${SPAN.x0 - 8}"
      y="${fmt(yOf(0) + 4)}"
      text-anchor="end"
      >not in a call</text
    >`,
    ...drawnTools.map(
      (t, i) =>
        html`<text
          class="tl-lane-label"
          x="${SPAN.x0 - 8}"
          y="${fmt(yOf(i + 1) + 4)}"
          text-anchor="end"
          >${short(t, LABEL_CHARS)}<title>${short(t, 300)}</title></text
        >`,
    ),
  ];
  const rules = Array.from(
    { length: lanes + 1 },
    (_, i) =>
      html`<line class="tl-rule" x1="0" x2="${W}" y1="${TOP + i * LANE}" y2="${TOP + i * LANE}" />`,
  );
  const svg = html`<svg
    class="timeline"
    xmlns="http://www.w3.org/2000/svg"
    viewBox="${`0 0 ${W} ${H}`}"
    width="${W}"
    height="${H}"
    role="img"
    aria-label="Timeline of the run: phases, calls and what each call did"
  >
    <title>Timeline of the run</title>
    ${axis(segs, t0, lanes)}${rules}${labels}${bars}${drawnMarks}${legend(TOP + lanes * LANE + AXIS + 12, omitted, { x0: SPAN.x0, right: W - 12 })}
  </svg>`;
  return { svg, omitted };
}

/** The picture alone, as markup. */
export function timelineSvg(r: Report): string {
  return timelinePicture(r).svg.toString();
}
