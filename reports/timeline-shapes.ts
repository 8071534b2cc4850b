// The marks of the timeline picture: one shape per kind of event (circle, square, triangle,
// diamond, bar, star), each kind on its own row inside a lane, and the legend that names them.
// Built with the escaping `html` tag; colours come from classes in style.ts.
import { html, type SafeHtml } from './html.js';
import type { MarkKind } from './timeline-marks.js';

/** Rough width of one character of the 11px labels. */
export const CHAR_W = 6.6;

export const fmt = (x: number): string => String(Math.round(x * 10) / 10);

/** Where the legend starts and where its right-aligned note ends. */
export interface LegendGeometry {
  x0: number;
  right: number;
}

export const MARK_CLASS: Record<MarkKind, string> = {
  dns: 'm m-dns',
  conn: 'm m-conn',
  req: 'm m-req',
  file: 'm m-file',
  proc: 'm m-proc',
  leak: 'm m-leak',
};

/** Each kind has its own row inside the lane, so marks at one moment do not hide each other. */
export const ROW: Record<MarkKind, number> = {
  dns: -10,
  conn: -5,
  req: 0,
  file: 5,
  proc: 10,
  leak: 0,
};

/** The shape of a mark at (x, y): circle, square, triangle, diamond, bar, star. */
export function shape(kind: MarkKind, x: number, y: number, cls: string, title: string): SafeHtml {
  const t = html`<title>${title}</title>`;
  const p = (pts: readonly (readonly [number, number])[]) =>
    `M${pts.map(([a, b]) => `${fmt(x + a)} ${fmt(y + b)}`).join('L')}Z`;
  switch (kind) {
    case 'dns':
      return html`<circle class="${cls}" cx="${fmt(x)}" cy="${fmt(y)}" r="3.5">${t}</circle>`;
    case 'conn':
      return html`<rect class="${cls}" x="${fmt(x - 3.5)}" y="${fmt(y - 3.5)}" width="7" height="7"
        >${t}</rect
      >`;
    case 'req':
      return html`<path
        class="${cls}"
        d="${p([
          [0, -4.5],
          [4.5, 3.5],
          [-4.5, 3.5],
        ])}"
        >${t}</path
      >`;
    case 'file':
      return html`<path
        class="${cls}"
        d="${p([
          [0, -5],
          [5, 0],
          [0, 5],
          [-5, 0],
        ])}"
        >${t}</path
      >`;
    case 'proc':
      return html`<rect
        class="${cls}"
        x="${fmt(x - 1.75)}"
        y="${fmt(y - 5)}"
        width="3.5"
        height="10"
        >${t}</rect
      >`;
    case 'leak': {
      const pts = Array.from({ length: 10 }, (_, i) => {
        const a = (Math.PI / 5) * i - Math.PI / 2;
        const r = i % 2 === 0 ? 9 : 4;
        return [r * Math.cos(a), r * Math.sin(a)] as const;
      });
      return html`<path class="${cls}" d="${p(pts)}">${t}</path>`;
    }
  }
}

const LEGEND_MARKS: readonly [MarkKind, string][] = [
  ['dns', 'DNS lookup'],
  ['conn', 'connection'],
  ['req', 'HTTP request or mail'],
  ['file', 'file change or read'],
  ['proc', 'process'],
  ['leak', 'credential leak'],
];

const LEGEND_BARS: readonly [string, string][] = [
  ['tl-call tl-ok', 'call (ok)'],
  ['tl-call tl-err', 'tool or protocol error'],
  ['tl-call tl-fail', 'timeout or crash'],
  ['tl-call tl-ok tl-hit', 'red: tied to a finding at medium or above'],
];

export function legend(y: number, omitted: string, geo: LegendGeometry): SafeHtml {
  let x = geo.x0;
  const marks = LEGEND_MARKS.map(([kind, label]) => {
    const item = html`${shape(kind, x + 6, y, MARK_CLASS[kind], label)}<text
        class="tl-legend"
        x="${fmt(x + 18)}"
        y="${fmt(y + 4)}"
        >${label}</text
      >`;
    x += 30 + label.length * CHAR_W;
    return item;
  });
  x = geo.x0;
  const bars = LEGEND_BARS.map(([cls, label]) => {
    const item = html`<rect
        class="${cls}"
        x="${fmt(x)}"
        y="${fmt(y + 14)}"
        width="18"
        height="10"
      /><text class="tl-legend" x="${fmt(x + 24)}" y="${fmt(y + 23)}">${label}</text>`;
    x += 40 + label.length * CHAR_W;
    return item;
  });
  const note =
    omitted === ''
      ? html``
      : html`<text class="tl-omitted" x="${geo.right}" y="${fmt(y + 4)}" text-anchor="end"
          >${omitted}</text
        >`;
  return html`<g>${marks}${bars}${note}</g>`;
}
