// The one document shell every HTML page of mcp-airlock uses (report, diff page, scan summary):
// the strict Content-Security-Policy (only the fixed stylesheet, by hash), no referrer, the
// stylesheet, an escaped and clipped title. Pages add their header and main parts only.
import { createHash } from 'node:crypto';
import { clip, html, type SafeHtml, styleElement } from './html.js';
import { STYLESHEET } from './style.js';

/** The CSP for a page: nothing but the stylesheet whose hash is given, and data: images. */
export function contentSecurityPolicy(stylesheet: string = STYLESHEET): string {
  const hash = createHash('sha256').update(stylesheet, 'utf8').digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'`;
}

/** A whole page as text: `<!doctype html>`, the head, then the body's parts. */
export function htmlDocument(title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}" />
        <meta name="referrer" content="no-referrer" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${clip(title, 200)}</title>
        ${styleElement()}
      </head>
      <body>
        ${body}
      </body>
    </html> `.toString();
}
