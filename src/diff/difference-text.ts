// One-line human texts for the differences between two behaviour profiles: `new JSON key $.Bcc in
// POST api.example /email with value x@evil.example`. Every part was written by the package under
// test: each is bounded and has its control, invisible and bidi characters made visible, so a
// line printed on a terminal or in a CI log cannot rewrite itself.
import { clip, visible } from '../../reports/html.js';
import type { CategoryId, ProfileEntry } from './profile-types.js';

/** Longest hostile part in one text. */
const MAX_PART = 200;

/** Hostile text for a one-line message. */
export function part(s: string | undefined, max = MAX_PART): string {
  return visible(clip(s ?? '', max));
}

/** A key's name as a reader says it: `JSON key $.Bcc`, `query key q`, `header x-token`. */
export function keyName(detail: string | undefined): string {
  const d = detail ?? '';
  if (d.startsWith('$')) return `JSON key ${part(d)}`;
  if (d.startsWith('query:')) return `query key ${part(d.slice(6))}`;
  if (d.startsWith('form:')) return `form key ${part(d.slice(5))}`;
  if (d.startsWith('header:')) return `header ${part(d.slice(7))}`;
  if (d === 'body') return 'the body';
  return part(d);
}

/** What an entry is, without the phase: `host x.example`, `process sh -c …`. */
export function describeEntry(category: CategoryId, e: ProfileEntry): string {
  const s = part(e.subject);
  switch (category) {
    case 'hosts':
      return `host ${s}`;
    case 'ports':
      return `connection ${s}`;
    case 'requests':
      return `request ${s}`;
    case 'keys':
      return `${keyName(e.detail)} (${part(e.value, 40)}) in ${s}`;
    case 'values':
      return `value ${part(e.value)} in ${keyName(e.detail)} of ${s}`;
    case 'recipients':
      return `recipient ${part(e.value)} (${keyName(e.detail)} of ${s})`;
    case 'canaries':
      return `planted credential ${s} sent via ${part(e.detail)}${e.value ? ` to ${part(e.value)}` : ''}`;
    case 'processes':
      return `process ${s}`;
    case 'files':
      return `file ${s} ${part(e.detail, 60)}`;
    case 'installScripts':
      return `install script ${s}: ${part(e.value)}`;
    case 'findings':
      return `finding ${s}${e.detail ? ` (${part(e.detail)})` : ''}`;
  }
}

function during(e: ProfileEntry): string {
  return e.phase === 'install' ? ' during install' : '';
}

/** The text of an added entry; a new key names the values of interest it carried. */
export function addedText(
  category: CategoryId,
  e: ProfileEntry,
  values: readonly string[],
): string {
  if (category === 'keys' && values.length > 0) {
    const shown = values.slice(0, 3).map((v) => part(v));
    const more = values.length > 3 ? ` and ${values.length - 3} more` : '';
    const label = values.length === 1 ? 'value' : 'values';
    return `new ${keyName(e.detail)} in ${part(e.subject)} with ${label} ${shown.join(', ')}${more}${during(e)}`;
  }
  return `new ${describeEntry(category, e)}${during(e)}`;
}

/** The text of a removed entry. */
export function removedText(category: CategoryId, e: ProfileEntry): string {
  return `no longer seen: ${describeEntry(category, e)}${during(e)}`;
}
