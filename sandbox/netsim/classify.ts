// Decides from a stream's first bytes whether it goes to the HTTP/TLS interceptor or stays in
// the raw sink. Limit: a client that waits for the server to speak first (SSH banners, SMTP on
// a port other than 25, 587 or 2525, which the demux serves itself) sends nothing and is
// recorded as a silent raw stream.

const HTTP_METHOD = /^(GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH|CONNECT|TRACE|PROPFIND|PRI) /;

export type FirstBytesKind = 'http' | 'tls' | 'raw';

/** Classify the first chunk of a TCP stream. */
export function classifyFirstBytes(chunk: Buffer): FirstBytesKind {
  // TLS record: handshake (22), version major 3.
  if (chunk.length >= 3 && chunk[0] === 0x16 && chunk[1] === 0x03) return 'tls';
  const head = chunk.subarray(0, 16).toString('latin1');
  if (HTTP_METHOD.test(head)) return 'http';
  return 'raw';
}
