// Kubernetes manifests as one multi-document YAML text (`---` between documents). Keys keep the
// order the builders give them (apiVersion, kind, metadata, spec ...), so the same manifests
// always render to the same bytes. Every string value is double-quoted (a multi-line ASCII one
// is a literal block) and every character outside ASCII escaped: no value can read as a bool,
// number or null under YAML 1.1 (what kubectl parses) or 1.2, and nothing in a manifest can
// hide behind a look-alike or bidi character when someone reviews it. Pure.
import { Document, parseAllDocuments, visit } from 'yaml';

const PLAIN_KEY = /^[A-Za-z0-9_./-]+$/;
const BLOCK_SAFE = /^[\t\n\x20-\x7e]*$/;

function toDocument(value: unknown): Document {
  const doc = new Document(value, { version: '1.1', aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(key, node) {
      if (typeof node.value !== 'string') return;
      if (key === 'key') node.type = PLAIN_KEY.test(node.value) ? 'PLAIN' : 'QUOTE_DOUBLE';
      else
        node.type =
          node.value.includes('\n') && BLOCK_SAFE.test(node.value)
            ? 'BLOCK_LITERAL'
            : 'QUOTE_DOUBLE';
    },
  });
  return doc;
}

/** Every non-ASCII character as a YAML escape (only ever inside a double-quoted scalar). */
function escapeNonAscii(text: string): string {
  return text.replace(/[^\p{ASCII}]/gu, (c) => {
    const cp = c.codePointAt(0) ?? 0xfffd;
    return cp > 0xffff
      ? `\\U${cp.toString(16).padStart(8, '0')}`
      : `\\u${cp.toString(16).padStart(4, '0')}`;
  });
}

/** The manifests as YAML, after an optional `#` comment header. */
export function renderManifests(manifests: readonly unknown[], header: string[] = []): string {
  const docs = manifests.map((m) => escapeNonAscii(toDocument(m).toString({ lineWidth: 0 })));
  const comment = header.map(
    (line) => `# ${escapeNonAscii(line.replace(/[\p{C}\p{Zl}\p{Zp}]/gu, ' '))}\n`,
  );
  return `${comment.join('')}${docs.join('---\n')}`;
}

/** The YAML text back as plain objects (for tests and for reading emitted files). */
export function parseManifests(text: string): unknown[] {
  const out: unknown[] = [];
  for (const doc of parseAllDocuments(text, { version: '1.1' })) {
    if (doc.errors.length > 0) throw new Error(`bad YAML: ${doc.errors[0]?.message ?? ''}`);
    out.push(doc.toJS());
  }
  return out;
}
