// The policy section: which policy file was applied (name and sha256), and everything it did:
// findings it allowed or ignored with the entry's reason, severities it changed, entries past
// their expiry (not applied) and entries that matched nothing. A reviewer reading a clean
// verdict must see what a policy took away to get there.
import type { Report } from '../src/domain/types.js';
import type { PolicyEntryRef, RemovedFinding } from '../src/policy/types.js';
import { html, type SafeHtml } from './html.js';
import { code, facts, LIMITS, severityBadge, table, text } from './html-parts.js';

function entry(e: PolicyEntryRef): SafeHtml {
  return html`${code(e.pointer, 60)}
  ${text(e.summary, 200)}${
    e.expires ? html` <span class="muted">(expires ${text(e.expires, 20)})</span>` : ''
  }`;
}

function removedRows(list: readonly RemovedFinding[]) {
  return list.map((r) => [
    severityBadge(r.finding.severity),
    html`${code(r.finding.rule, 80)} ${text(r.finding.title, LIMITS.cell)}`,
    r.finding.phase,
    entry(r.by),
    text(r.by.reason, 500),
  ]);
}

export function policySection(r: Report): SafeHtml {
  const p = r.policy;
  if (!p) return html``;
  const head = ['severity', 'finding', 'phase', 'policy entry', 'reason'];
  return html`<section id="policy">
    <h2>Policy</h2>
    ${facts([
      ['file', code(p.source.file, 300)],
      ['sha256', code(p.source.sha256, 64)],
      [
        'effect',
        text(
          `${p.allowed.length} allowed, ${p.ignored.length} ignored, ${p.overridden.length} severities changed, ${p.expired.length} expired entries, ${p.unused.length} unused entries`,
        ),
      ],
    ])}
    <h3>Allowed by an egress entry (${p.allowed.length})</h3>
    ${table(head, removedRows(p.allowed), 'allowed findings')}
    <h3>Ignored (${p.ignored.length})</h3>
    ${table(head, removedRows(p.ignored), 'ignored findings')}
    <h3>Severity changed (${p.overridden.length})</h3>
    ${table(
      ['rule', 'finding', 'from', 'to', 'policy entry', 'reason'],
      p.overridden.map((o) => [
        code(o.rule, 80),
        text(o.title),
        severityBadge(o.from),
        severityBadge(o.to),
        entry(o.by),
        text(o.by.reason, 500),
      ]),
      'changed severities',
    )}
    <h3>Expired entries, not applied (${p.expired.length})</h3>
    ${table(
      ['entry', 'reason'],
      p.expired.map((e) => [entry(e), text(e.reason, 500)]),
      'entries',
    )}
    <h3>Entries that matched nothing (${p.unused.length})</h3>
    ${table(
      ['entry', 'reason'],
      p.unused.map((e) => [entry(e), text(e.reason, 500)]),
      'entries',
    )}
  </section>`;
}
