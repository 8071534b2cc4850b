// End to end in a real browser: a malicious fixture whose every string is markup
// (report-injection) is analysed in the sandbox, its HTML report and a diff page against a clean
// server are rendered and opened in headless Chromium with scripts enabled. The reader must see
// the verdict, the critical finding and the timeline; the page must make no request and run no
// script from the report's data. The checks are first shown to catch a page that does both.
// Screenshots go to a temp folder, or to docs/ with AIRLOCK_DOCS_SCREENSHOTS=1.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeForTest, fixturePath } from '../harness/fixtures/analyze-for-test.js';
import { screenshot, viewPage } from '../harness/browser/headless-chromium.js';
import { behaviourProfile } from '../src/diff/behaviour-profile.js';
import { diffProfiles } from '../src/diff/diff-profiles.js';
import type { Report } from '../src/domain/types.js';
import { projectRoot } from '../src/util/project-root.js';
import { renderDiffHtml } from './render-diff-html.js';
import { renderHtml } from './render-html.js';

const T = 300_000;
const out = mkdtempSync(join(tmpdir(), 'airlock-browser-'));

/** The body element's own attributes (where the fixture's scripts would mark it). */
function bodyTag(dom: string): string {
  return /<body[^>]*>/.exec(dom)?.[0] ?? '';
}

function keep(png: string, name: string): void {
  if (process.env['AIRLOCK_DOCS_SCREENSHOTS'] === '1')
    copyFileSync(png, join(projectRoot(), 'docs', name));
}

describe('the browser check itself', () => {
  it(
    'sees a request and a script run when a page makes them',
    async () => {
      const page = join(out, 'leaky.html');
      writeFileSync(
        page,
        '<!doctype html><body><img src="http://198.51.100.7/x.png"><script>document.body.dataset.pwned="1"</script></body>',
      );
      const view = await viewPage(page);
      expect(view.pageRequests).toContain('http://198.51.100.7/x.png');
      expect(bodyTag(view.dom)).toContain('data-pwned');
    },
    T,
  );
});

describe('a malicious report in headless Chromium', () => {
  let malicious: Report;
  let clean: Report;
  beforeAll(async () => {
    [malicious, clean] = await Promise.all([
      analyzeForTest({ kind: 'folder', path: fixturePath('report-injection') }),
      analyzeForTest({ kind: 'folder', path: fixturePath('clean') }),
    ]);
  }, T);

  it(
    'shows the verdict, the critical finding and the timeline, with no request and no script',
    async () => {
      expect(malicious.verdict).toBe('malicious');
      const page = join(out, 'report.html');
      writeFileSync(page, renderHtml(malicious));
      const view = await viewPage(page);
      expect(view.pageRequests).toEqual([]);
      expect(bodyTag(view.dom)).not.toContain('data-pwned');
      expect(view.dom).not.toMatch(/<script|<img|<iframe|<object|<embed|<foreignObject/i);
      // no element carries an event handler or a javascript: link (the same words as text are fine)
      expect(view.dom).not.toMatch(/<[a-z][^<>]*\son[a-z]+\s*=/i);
      expect(view.dom).not.toMatch(/<[a-z][^<>]*(href|src)\s*=\s*"?\s*javascript:/i);
      // the verdict banner and its one-sentence reason
      expect(view.dom).toMatch(/id="verdict"[\s\S]*Malicious[\s\S]*GITHUB_TOKEN/);
      // the critical exfiltration finding, with its plain-language why
      expect(view.dom).toMatch(/critical[\s\S]{0,400}exfil\/canary/);
      expect(view.dom).toContain('Why it matters');
      // the timeline picture, with the call that leaked marked
      expect(view.dom).toMatch(/<svg[^>]*class="timeline"/);
      expect(view.dom).toContain('get_forecast');
      // the hostile markup is there, as text
      expect(view.dom).toContain('&lt;script&gt;document.body.dataset.pwned');
      const png = join(out, 'report.png');
      await screenshot(page, png, 1280, 2200);
      keep(png, 'report-malicious.png');
    },
    T,
  );

  it(
    'shows the diff page the same way: what the new version adds, no request, no script',
    async () => {
      const diff = diffProfiles(behaviourProfile(clean), behaviourProfile(malicious));
      expect(diff.risky).toBe(true);
      const page = join(out, 'diff.html');
      writeFileSync(page, renderDiffHtml(diff, clean, malicious));
      const view = await viewPage(page);
      expect(view.pageRequests).toEqual([]);
      expect(bodyTag(view.dom)).not.toContain('data-pwned');
      expect(view.dom).not.toMatch(/<script|<img|<iframe|<object|<embed/i);
      expect(view.dom).toContain('collect.report-injection.example');
      expect(view.dom).toContain('malicious');
      const png = join(out, 'diff.png');
      await screenshot(page, png, 1280, 1600);
      keep(png, 'diff-page.png');
    },
    T,
  );
});
