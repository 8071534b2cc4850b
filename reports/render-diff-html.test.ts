// Tests for the diff page: hostile text from either version stays inert, the CSP pins the one
// stylesheet, both verdicts are shown, added rows are highlighted and removed ones struck, a
// changed tool description is shown as a line diff.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { behaviourProfile } from '../src/diff/behaviour-profile.js';
import { diffProfiles } from '../src/diff/diff-profiles.js';
import { postmarkReport } from '../src/diff/sample-pair.js';
import { renderDiffHtml } from './render-diff-html.js';
import { sampleReport } from './sample-report.js';
import { STYLESHEET } from './style.js';

const HOSTILE_DESCRIPTION =
  'Send mail.</pre><script>alert("diff")</script><img src=x onerror=alert(2)>\u202E';

function hostilePair() {
  const before = postmarkReport({ version: '1.0.15' });
  const after = postmarkReport({
    version: '1.0.16<script>alert(1)</script>',
    bcc: 'phan@evil.example',
    description: HOSTILE_DESCRIPTION,
  });
  after.network.dns.push({
    t: 0,
    phase: 'install',
    name: '"><script>alert()</script>.example',
    type: 'A',
    answers: [],
  });
  after.verdict = 'malicious';
  return { before, after, diff: diffProfiles(behaviourProfile(before), behaviourProfile(after)) };
}

describe('renderDiffHtml', () => {
  const { before, after, diff } = hostilePair();
  const out = renderDiffHtml(diff, before, after);

  it('escapes hostile strings from tool descriptions, versions and hosts', () => {
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toContain('<img');
    expect(out).not.toMatch(/<[^>]*\son\w+\s*=/i);
    // inside the definition's JSON text, so the quotes are JSON-escaped too
    expect(out).toContain('&lt;script&gt;alert(\\&quot;diff\\&quot;)&lt;/script&gt;');
    expect(out).toContain('1.0.16&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('&quot;&gt;&lt;script&gt;alert()&lt;/script&gt;.example');
    // the bidi override is a visible marker, not a live control character
    expect(out).not.toContain('\u202E');
    expect(out).toContain('\\u{202E}');
  });

  it('has a CSP that allows only its own stylesheet, and loads nothing', () => {
    const hash = createHash('sha256').update(STYLESHEET, 'utf8').digest('base64');
    expect(out).toContain(`style-src &#39;sha256-${hash}&#39;`);
    expect(out).toContain('default-src &#39;none&#39;');
    expect(out.match(/<style>/g)).toHaveLength(1);
    expect(out).not.toMatch(/<[^>]*\s(src|style)\s*=/i);
    for (const m of out.matchAll(/href="([^"]*)"/g)) expect(m[1]).toMatch(/^#[a-z]+$/);
  });

  it('shows both verdicts and why the new version is risky', () => {
    expect(out).toContain('new behaviour');
    expect(out).toContain('verdict-clean">clean');
    expect(out).toContain('verdict-malicious">malicious');
    expect(out).toContain(
      'new JSON key $.Bcc in POST api.postmarkapp.example /email/&lt;uuid&gt; with value phan@evil.example',
    );
    expect(out).toContain('tool definition of send_email changed: description');
  });

  it('highlights added rows in the new column and strikes removed ones in the old', () => {
    expect(out).toContain(
      '<span class="d-add"><ins>+ POST api.postmarkapp.example /email/&lt;uuid&gt;  $.Bcc: string</ins></span>',
    );
    const withBcc = behaviourProfile(postmarkReport({ bcc: 'phan@evil.example' }));
    const reverse = renderDiffHtml(diffProfiles(withBcc, behaviourProfile(before)));
    expect(reverse).toContain(
      '<span class="d-del"><del>- POST api.postmarkapp.example /email/&lt;uuid&gt;  $.Bcc = phan@evil.example</del></span>',
    );
    expect(reverse).toContain('no new behaviour');
  });

  it('shows the changed description as a line diff', () => {
    const defs = out.slice(
      out.indexOf('<section id="definitions">'),
      out.indexOf('<section id="behaviour">'),
    );
    expect(defs).toContain('Changed tool');
    expect(defs).toContain('<span class="field">description</span>');
    expect(defs).toContain('<span class="d-del">- ');
    expect(defs).toContain('<span class="d-add">+ ');
  });

  it('renders the hostile sample report against itself as unchanged', () => {
    const p = behaviourProfile(sampleReport());
    const page = renderDiffHtml(diffProfiles(p, p));
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('no new behaviour');
    expect(page).not.toContain('class="d-add"');
  });
});
