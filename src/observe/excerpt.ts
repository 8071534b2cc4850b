// Bounded, printable views of hostile bytes for reports: text with escapes, and hex.

/** Printable ASCII kept, \n \r \t escaped, every other byte as \xNN; at most `max` bytes. */
export function printableExcerpt(buf: Buffer, max = 512): string {
  let out = '';
  for (const b of buf.subarray(0, max)) {
    if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x09) out += '\\t';
    else if (b === 0x5c) out += '\\\\';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return buf.length > max ? `${out}… (+${buf.length - max} bytes)` : out;
}

export function hexExcerpt(buf: Buffer, max = 64): string {
  return buf.subarray(0, max).toString('hex');
}

/** Body text for reports: UTF-8 when it decodes cleanly, escaped bytes otherwise. */
export function bodyExcerpt(buf: Buffer, max = 8192): string {
  const slice = buf.subarray(0, max);
  const text = slice.toString('utf8');
  // eslint-disable-next-line no-control-regex -- control bytes are exactly what marks binary
  const clean = !text.includes('\uFFFD') && !/[\x00-\x08\x0e-\x1f]/.test(text);
  const shown = clean ? text : printableExcerpt(slice, max);
  return buf.length > max ? `${shown}… (+${buf.length - max} bytes)` : shown;
}
