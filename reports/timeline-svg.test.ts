// Tests for the timeline picture: well-formed XML, hostile names escaped and clipped, calls and
// marks tied to findings drawn red, only safe elements and attributes, and every list bounded.
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/domain/types.js';
import { HOSTILE, SAMPLE_T0, sampleReport } from './sample-report.js';
import { secs, segments, ticks, xOf } from './timeline-axis.js';
import { collectMarks } from './timeline-marks.js';
import { MAX_LANES, MAX_MARKS, timelinePicture, timelineSvg } from './timeline-svg.js';

const ENTITY = /&(?:amp|lt|gt|quot|#\d+);/y;

/** A small XML well-formedness check: balanced tags, quoted unique attributes, valid entities. */
function assertWellFormed(xml: string): number {
  const stack: string[] = [];
  let i = 0;
  let elements = 0;
  const text = (s: string) => {
    for (let k = 0; k < s.length; k++) {
      if (s[k] === '<') throw new Error(`stray < at ${i + k}`);
      if (s[k] === '&') {
        ENTITY.lastIndex = k;
        if (!ENTITY.test(s)) throw new Error(`bad entity at ${i + k}: ${s.slice(k, k + 10)}`);
      }
    }
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) {
      text(xml.slice(i));
      break;
    }
    text(xml.slice(i, lt));
    i = lt;
    const gt = xml.indexOf('>', i);
    if (gt < 0) throw new Error(`unclosed tag at ${i}`);
    const tag = xml.slice(i + 1, gt);
    const close = /^\/([a-zA-Z][\w-]*)\s*$/.exec(tag);
    if (close) {
      if (stack.pop() !== close[1]) throw new Error(`mismatched </${close[1]}> at ${i}`);
    } else {
      const m = /^([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)$/.exec(tag);
      if (!m) throw new Error(`malformed tag at ${i}: <${tag.slice(0, 80)}>`);
      const names = [...(m[2] ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => {
        text(a[2] ?? '');
        return a[1];
      });
      if (new Set(names).size !== names.length) throw new Error(`duplicate attribute at ${i}`);
      elements++;
      if (m[3] !== '/') stack.push(m[1] ?? '');
    }
    i = gt + 1;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  return elements;
}

const sample = sampleReport();
const svg = timelineSvg(sample);

describe('timelineSvg', () => {
  it('is one well-formed SVG element with a namespace and a title', () => {
    expect(assertWellFormed(svg)).toBeGreaterThan(40);
    expect(svg).toMatch(/^<svg\s+class="timeline"\s+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('<title>Timeline of the run</title>');
    expect(() => assertWellFormed('<svg><g></svg>')).toThrow();
    expect(() => assertWellFormed('<svg>a & b</svg>')).toThrow();
  });

  it('uses only shapes, text and titles, with no style, links, scripts or handlers', () => {
    const names = new Set([...svg.matchAll(/<([a-zA-Z][\w-]*)/g)].map((m) => m[1]));
    expect([...names].sort()).toEqual([
      'circle',
      'g',
      'line',
      'path',
      'rect',
      'svg',
      'text',
      'title',
    ]);
    expect(svg).not.toMatch(/<[^>]*\s(style|href|xlink:href|on\w+|src)\s*=/i);
    expect(svg).not.toMatch(/url\(|javascript:|<script|<foreignObject/i);
  });

  it('escapes and clips hostile tool names in lanes and hover text', () => {
    expect(svg).not.toContain(HOSTILE.toolName);
    expect(svg).not.toContain('<script');
    // the lane label is cut to 28 characters, the full name is in its <title>
    expect(svg).toContain('>send_email&lt;script&gt;alert(&quot;pw…<title>');
    expect(svg).toContain(
      '<title>send_email&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;</title>',
    );
    // invisible characters are spelled out, not left in the picture
    expect(svg).toContain('list_templates\\u{200B}');
    expect(svg).not.toMatch(/[\u200b\u202e\u{e0000}-\u{e007f}]/u);
  });

  it('draws each call as a bar and outlines the calls that caused a finding', () => {
    const bars = [
      ...svg.matchAll(/<rect\s+class="tl-call ([^"]*)"[^>]*>\s*<title>([^<]*)<\/title>/g),
    ];
    const calls = bars.filter((b) => (b[2] ?? '').startsWith('call '));
    expect(calls).toHaveLength(3);
    const c1 = calls.find((b) => (b[2] ?? '').startsWith('call c1 '));
    expect(c1?.[1]).toBe('tl-ok tl-hit');
    expect(c1?.[2]).toContain('findings: exfil/bcc-injection, exfil/canary');
    const c3 = calls.find((b) => (b[2] ?? '').startsWith('call c3 '));
    expect(c3?.[1]).toContain('tl-fail');
    expect(c3?.[2]).toContain(': timeout, 5000 ms');
  });

  it('marks a leak and the events that findings name in red, the rest in their own colour', () => {
    expect(svg).toMatch(/<path\s+class="m m-leak"[^>]*>\s*<title>env:GITHUB_TOKEN left via http/);
    // the raw-IP beacon at install and the ~/.bashrc write are tied to their findings
    expect(svg).toMatch(
      /<rect\s+class="m m-conn m-flag"[^>]*>\s*<title>TCP raw to \[2001:db8::beef\]:8443/,
    );
    expect(svg).toMatch(/<path\s+class="m m-file m-flag"[^>]*>\s*<title>modified ~\/\.bashrc/);
    expect(svg).toMatch(/<circle\s+class="m m-dns"[^>]*>\s*<title>DNS A telemetry\.example/);
    for (const label of ['DNS lookup', 'connection', 'HTTP request or mail', 'process'])
      expect(svg).toContain(`>${label}</text`);
  });

  it('bounds marks, lanes and label text, and says what it left out', () => {
    const q = sample.network.dns[0];
    if (q === undefined) throw new Error('sample has a DNS query');
    const dns = Array.from({ length: MAX_MARKS + 500 }, (_, i) => ({
      ...q,
      t: q.t + i,
      name: `n${i}.example`,
    }));
    const calls = Array.from({ length: MAX_LANES + 10 }, (_, i) => ({
      id: `k${i}`,
      tool: `tool_${i}_${'x'.repeat(5_000)}`,
      start: SAMPLE_T0 + 2_000 + i,
      end: SAMPLE_T0 + 2_001 + i,
    }));
    const big: Report = {
      ...sample,
      network: { ...sample.network, dns },
      timeline: { ...sample.timeline, calls },
    };
    const { svg: pic, omitted } = timelinePicture(big);
    const s = pic.toString();
    assertWellFormed(s);
    expect(s.match(/class="m /g)?.length).toBeLessThanOrEqual(MAX_MARKS + 6);
    expect(s.match(/class="tl-lane-label"/g)).toHaveLength(MAX_LANES);
    expect(omitted).toMatch(/^\d+ marks, 10 calls, 10 tools not drawn$/);
    expect(s).toContain(`>${omitted}</text`);
    expect(s).not.toContain('x'.repeat(301));
    expect(s.length).toBeLessThan(1_000_000);
  });

  it('draws an empty run without failing', () => {
    const empty: Report = {
      ...sample,
      findings: [],
      network: { resolvers: [], dns: [], connections: [], http: [], tlsFailures: [], smtp: [] },
      behaviour: { ...sample.behaviour, exfil: [], files: [], processes: [] },
      timeline: { phases: [], calls: [] },
    };
    const { svg: pic, omitted } = timelinePicture(empty);
    expect(assertWellFormed(pic.toString())).toBeGreaterThan(5);
    expect(omitted).toBe('');
  });
});

describe('timeline axis', () => {
  const segs = segments(sample, [], { x0: 200, x1: 1088 });

  it('gives each phase a band, wider for the phase with the calls, filling the plot', () => {
    expect(segs.map((s) => s.name)).toEqual(['install', 'startup', 'enumerate', 'exercise']);
    const total = segs.reduce((a, s) => a + s.w, 0);
    expect(total).toBeCloseTo(888, 5);
    const [install, , enumerate, exercise] = segs;
    expect(exercise?.w).toBeGreaterThan(install?.w ?? Infinity);
    expect(enumerate?.w).toBeGreaterThanOrEqual(0.06 * 888);
  });

  it('maps times monotonically, clamping times outside the bands', () => {
    const span = { x0: 200, x1: 1088 };
    const xs = [-60_000, -45_000, -20_000, -500, 0, 1_000, 5_000, 8_500, 99_000].map((t) =>
      xOf(segs, SAMPLE_T0 + t, span),
    );
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThanOrEqual(xs[i - 1] ?? 0);
    expect(xs[0]).toBe(200);
    expect(xs[xs.length - 1]).toBeCloseTo(1088, 5);
    expect(xOf(segs, Number.NaN, span)).toBe(200);
  });

  it('puts round-numbered ticks inside the wide bands, and formats seconds', () => {
    const t0 = segs[0]?.start ?? 0;
    const ts = ticks(segs, t0);
    expect(ts.length).toBeGreaterThan(3);
    for (const k of ts) expect((k.t - t0) % 100).toBe(0);
    expect([secs(46_400), secs(250_000), secs(0)]).toEqual(['46.4 s', '250 s', '0 s']);
  });
});

describe('collectMarks', () => {
  it('has one mark per event, leaves out DNS flows and ties marks to findings', () => {
    const marks = collectMarks(sample);
    const count = (k: string) => marks.filter((m) => m.kind === k).length;
    expect(count('dns')).toBe(sample.network.dns.length);
    expect(count('conn')).toBe(sample.network.connections.filter((c) => !c.isDns).length);
    expect(count('req')).toBe(sample.network.http.length + sample.network.smtp.length);
    expect(count('file')).toBe(sample.behaviour.files.length);
    expect(count('proc')).toBe(sample.behaviour.processes.length);
    // only the GITHUB_TOKEN hit has a finding at medium or above
    expect(marks.filter((m) => m.kind === 'leak').map((m) => m.label)).toEqual([
      'env:GITHUB_TOKEN left via http to collect.telemetry-cdn.example',
    ]);
    const shell = marks.find((m) => m.kind === 'proc' && m.label.includes('/bin/sh -c cp'));
    expect(shell?.rules).toEqual(['proc/shell']);
    const setup = marks.find((m) => m.label === 'process node setup.js');
    expect(setup?.rules).toEqual([]);
  });
});
