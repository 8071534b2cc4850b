// JSON with comments, as VS Code writes it (.vscode/mcp.json, settings.json): `//` and `/* */`
// comments and trailing commas before `}` or `]`. Each is blanked out (comments become spaces,
// newlines kept, so JSON.parse positions still point at the right line) and the rest goes to
// JSON.parse. Strings are respected: `"http://x"` keeps its slashes. Nothing else of JSON5
// (single quotes, unquoted keys, hex numbers) is accepted.

/** A leading byte-order mark, which editors on Windows write and JSON.parse refuses. */
const BOM = '\uFEFF';

/** Blank out comments outside strings; throws on an unterminated block comment. */
function blankComments(text: string): string {
  const out: string[] = [];
  let i = 0;
  let inString = false;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (inString) {
      out.push(c);
      if (c === '\\' && i + 1 < text.length) out.push(text[++i] ?? '');
      else if (c === '"') inString = false;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') {
        out.push(' ');
        i++;
      }
      continue;
    }
    if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new SyntaxError('unterminated /* comment');
      for (const ch of text.slice(i, end + 2)) out.push(ch === '\n' || ch === '\r' ? ch : ' ');
      i = end + 2;
      continue;
    }
    if (c === '"') inString = true;
    out.push(c);
    i++;
  }
  return out.join('');
}

/**
 * Blank out a comma that follows a value and whose next non-blank character closes an object or
 * array (`{,}` and `[1,,]` stay invalid).
 */
function blankTrailingCommas(text: string): string {
  const out = text.split('');
  let inString = false;
  let previous = '';
  for (let i = 0; i < out.length; i++) {
    const c = out[i] ?? '';
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') {
        inString = false;
        previous = c;
      }
      continue;
    }
    if (/\s/.test(c)) continue;
    if (c === '"') inString = true;
    else if (c === ',' && previous !== '{' && previous !== '[' && previous !== ',') {
      let j = i + 1;
      while (j < out.length && /\s/.test(out[j] ?? '')) j++;
      if (out[j] === '}' || out[j] === ']') {
        out[i] = ' ';
        continue;
      }
    }
    previous = c;
  }
  return out.join('');
}

/** The text as strict JSON: comments and trailing commas blanked, a leading BOM dropped. */
export function stripJsonc(text: string): string {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  return blankTrailingCommas(blankComments(body));
}

/** Parse JSON with comments and trailing commas; throws SyntaxError like JSON.parse. */
export function parseJsonc(text: string): unknown {
  return JSON.parse(stripJsonc(text)) as unknown;
}
