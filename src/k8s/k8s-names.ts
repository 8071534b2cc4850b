// Kubernetes names and label values made from text we do not control (a target's slug, a run
// id): always valid, whatever the text (unicode, 300 characters, `../`), and distinct for
// distinct inputs through a hash of the exact input. Pure.
import { createHash } from 'node:crypto';

/** A DNS-1123 label: what a Job, Secret or container name must be (at most 63 characters). */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** A label value: at most 63 of [A-Za-z0-9._-], starting and ending alphanumeric, or empty. */
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

const NAME_PREFIX = 'mcp-airlock-';
const HASH_CHARS = 8;

function hashOf(...parts: string[]): string {
  return createHash('sha256')
    .update(parts.join('\u0000'), 'utf8')
    .digest('hex')
    .slice(0, HASH_CHARS);
}

/** Lowercase letters and digits of `text`, every other run of characters one `-`. */
function readable(text: string, max: number): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, max)
    .replace(/^-+|-+$/g, '');
}

/**
 * The Job's name (also its Secret's and its file's): `mcp-airlock-<readable slug>-<hash>`, the
 * hash over the slug and the run id, so re-planning a target (a new run id) never collides with
 * a Job still kept for its logs (a Job's pod template cannot be changed once applied).
 */
export function jobName(slug: string, runId: string): string {
  const room = 63 - NAME_PREFIX.length - 1 - HASH_CHARS;
  const part = readable(slug, room);
  return `${NAME_PREFIX}${part ? `${part}-` : ''}${hashOf(slug, runId)}`;
}

/** `text` as a label value: itself when valid, else a readable part and a hash of it. */
export function labelValue(text: string): string {
  if (LABEL_VALUE.test(text) && text !== '') return text;
  const part = text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 63 - 1 - HASH_CHARS)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return part ? `${part}-${hashOf(text)}` : hashOf(text);
}

/** `text` as an annotation value: printable, at most `max` characters (it is only shown). */
export function annotationValue(text: string, max = 256): string {
  return Array.from(text.replace(/[\p{C}\p{Zl}\p{Zp}]/gu, '?'))
    .slice(0, max)
    .join('');
}
