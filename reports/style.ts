// The report's one fixed stylesheet. It is hashed into the Content-Security-Policy, so it must
// stay a constant: nothing from a report may ever be spliced into it.

/** The CSS of the HTML report: system font, bordered tables, severity colours, no images. */
export const STYLESHEET = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg2: #f6f8fa;
  --info: #59636e; --low: #0969da; --medium: #9a6700; --high: #bc4c00; --critical: #cf222e;
  --clean: #1a7f37; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 1.5rem; color: var(--fg); background: #fff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; overflow-wrap: anywhere; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; overflow-wrap: anywhere; }
nav { margin: .5rem 0 1rem; color: var(--muted); }
nav a { margin-right: .8rem; color: var(--low); text-decoration: none; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
pre { margin: .25rem 0; padding: .5rem; background: var(--bg2); border: 1px solid var(--line);
  border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 24rem; overflow: auto; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .3rem .45rem; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }
th { overflow-wrap: normal; }
td.short { white-space: nowrap; overflow-wrap: normal; }
table.scan td:first-child { min-width: 7rem; }
th { background: var(--bg2); font-weight: 600; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .4rem 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
details { margin: .2rem 0; }
summary { cursor: pointer; color: var(--muted); }
.muted, .empty { color: var(--muted); }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: 1rem; color: #fff; white-space: nowrap; overflow-wrap: normal;
  font-weight: 600; font-size: .85rem; background: var(--info); }
.verdict { font-size: 1rem; padding: .15rem .8rem; }
.verdict-clean { background: var(--clean); }
.verdict-suspicious { background: var(--medium); }
.verdict-malicious { background: var(--critical); }
.sev-info { background: var(--info); }
.sev-low { background: var(--low); }
.sev-medium { background: var(--medium); }
.sev-high { background: var(--high); }
.sev-critical { background: var(--critical); }
.counts { display: flex; flex-wrap: wrap; gap: .5rem; margin: .6rem 0; }
.counts .count { border: 1px solid var(--line); border-radius: 4px; padding: .2rem .6rem; }
.tool { border: 1px solid var(--line); border-radius: 6px; padding: .2rem .8rem .6rem; margin: .8rem 0; }
pre.desc { font: inherit; background: none; border: 0; padding: 0; margin: .3rem 0; max-height: none; }
.inv { color: var(--critical); background: #fff8c5; border: 1px dotted var(--critical);
  border-radius: 2px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85em; }
.clip { color: var(--muted); font-style: italic; }
.omitted { color: var(--muted); font-style: italic; margin: .2rem 0 1rem; }
.changed { color: var(--high); font-weight: 600; }
.field { display: inline-block; margin: 0 .3rem .2rem 0; padding: 0 .4rem; border: 1px solid var(--high);
  border-radius: 3px; color: var(--high); font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  font-size: .85em; }
.drift { border: 1px solid var(--line); border-left: 4px solid var(--high); border-radius: 4px;
  padding: .4rem .7rem; margin: .6rem 0; }
pre.diff span { display: block; }
pre.diff .d-del { background: #ffebe9; }
pre.diff .d-add { background: #dafbe1; }
pre.diff .d-skip { color: var(--muted); font-style: italic; }
.side { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: .5rem; }
.warn { color: var(--fg); background: #fff1e5; border-left: 4px solid var(--high); padding: .4rem .7rem;
  margin: .4rem 0; overflow-wrap: anywhere; }
.banner { border: 1px solid var(--line); border-left: 10px solid var(--info); border-radius: 6px;
  padding: .7rem 1rem .8rem; margin: .6rem 0 .8rem; background: var(--bg2); }
.banner-clean { border-left-color: var(--clean); background: #eefbf1; }
.banner-suspicious { border-left-color: var(--medium); background: #fff8e1; }
.banner-malicious { border-left-color: var(--critical); background: #ffefed; }
.banner-unsure { border-left-color: var(--muted); background: var(--bg2); }
.banner-head { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; }
.verdict-word { font-size: 1.7rem; font-weight: 700; line-height: 1.2; }
.banner-clean .verdict-word { color: var(--clean); }
.banner-suspicious .verdict-word { color: var(--medium); }
.banner-malicious .verdict-word { color: var(--critical); }
.badge.flag { background: var(--fg); }
.reason { font-size: 1.1rem; margin: .35rem 0 0; overflow-wrap: anywhere; }
table.findings { table-layout: fixed; }
table.findings th:nth-child(1) { width: 6.5rem; }
table.findings th:nth-child(2) { width: 38%; }
table.findings th:nth-child(3) { width: 6rem; }
table.findings th:nth-child(4) { width: 14%; }
table.findings pre { max-height: 12rem; }
.reasons { margin: 0; padding: 0; list-style: none; }
.reasons li + li { margin-top: .5rem; padding-top: .5rem; border-top: 1px dashed var(--line); }
.why { color: var(--muted); margin-top: .15rem; }
.why-label { font-weight: 600; }
svg.timeline { display: block; width: 100%; height: auto; margin: .4rem 0; }
svg.timeline text { font: 11px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--fg); }
svg.timeline .tl-phase { font-weight: 600; fill: var(--muted); }
svg.timeline .tl-axis, svg.timeline .tl-muted, svg.timeline .tl-omitted { fill: var(--muted); }
svg.timeline .tl-omitted { font-style: italic; }
svg.timeline .tl-lane-label { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.tl-band-a { fill: #f6f8fa; }
.tl-band-b { fill: #eaeef2; }
.tl-rule { stroke: #d1d9e0; stroke-width: .5; }
.tl-tick { stroke: #d1d9e0; stroke-width: .5; stroke-dasharray: 2 3; }
.tl-call { stroke-width: 1; }
.tl-ok { fill: #ddf4ff; stroke: #54aeff; }
.tl-err { fill: #fff8c5; stroke: #d4a72c; }
.tl-fail { fill: #ffebe9; stroke: #ff8182; }
.tl-hit { stroke: #cf222e; stroke-width: 2.5; }
.m { stroke: #fff; stroke-width: .6; }
.m-dns { fill: #0969da; }
.m-conn { fill: #bc4c00; }
.m-req { fill: #8250df; }
.m-file { fill: #1a7f37; }
.m-proc { fill: #57606a; }
.m.m-flag { fill: #cf222e; stroke: #82071e; stroke-width: 1; }
.m-leak { fill: #cf222e; stroke: #82071e; stroke-width: 1; }
.order { display: none; }
.order:target, .order-default { display: block; }
.order:target ~ .order-default { display: none; }
table.batch td:first-child { min-width: 9rem; }
table.batch td:nth-child(5), table.batch td:nth-child(6) { min-width: 9.5rem; }
ul.plain { margin: 0; padding: 0; list-style: none; }
`;
