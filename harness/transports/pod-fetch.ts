// A fetch for the SDK's HTTP client transports that reaches a server inside the pod: node:http
// over a byte stream the caller opens (one per request, no keep-alive), never a host socket.
// Only http://127.0.0.1 and http://localhost URLs are served; anything else is rejected.
// Response bodies are streamed, not buffered (SSE streams are long-lived), so their size is
// bounded by the reader; header size is bounded by node's parser. Redirects are returned, not
// followed. The server is hostile: a malformed status or header fails the request.
import { request, type IncomingMessage } from 'node:http';
import { Readable, type Duplex } from 'node:stream';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);
const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);
const MAX_HEADER_BYTES = 16 * 1024;

/** A fetch that sends every request through `open(port)`. */
export function podFetch(open: (port: number) => Promise<Duplex>): FetchLike {
  return async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input.href);
    if (url.protocol !== 'http:' || !LOCAL_HOSTS.has(url.hostname)) {
      throw new TypeError(`podFetch reaches only http://127.0.0.1 in the pod, not ${url.origin}`);
    }
    const signal = init?.signal ?? undefined;
    signal?.throwIfAborted();
    const { headers, body } = await requestParts(init);
    const socket = await open(url.port ? Number(url.port) : 80);
    if (signal?.aborted) {
      socket.destroy();
      throw signal.reason;
    }
    const res = await send(url, init?.method ?? 'GET', headers, body, socket, signal);
    return toResponse(res);
  };
}

/** The request's headers and body bytes, as fetch would send them. */
async function requestParts(init: RequestInit | undefined) {
  const headers = new Headers(init?.headers);
  let body: Buffer | undefined;
  if (init?.body !== undefined && init.body !== null) {
    // Response does fetch's body extraction (string, bytes, Blob, URLSearchParams, streams).
    const extracted = new Response(init.body);
    body = Buffer.from(await extracted.arrayBuffer());
    const type = extracted.headers.get('content-type');
    if (type && !headers.has('content-type')) headers.set('content-type', type);
    headers.set('content-length', String(body.length));
  }
  headers.delete('connection');
  headers.delete('host');
  return { headers: Object.fromEntries(headers), body };
}

/** Send one request over `socket`; resolves with the response head, body unread. */
function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  socket: Duplex,
  signal: AbortSignal | undefined,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: url.hostname,
      port: url.port || 80,
      method,
      path: `${url.pathname}${url.search}`,
      headers,
      maxHeaderSize: MAX_HEADER_BYTES,
      createConnection: () => socket as never,
    });
    let response: IncomingMessage | undefined;
    const onAbort = () => {
      const reason = signal?.reason instanceof Error ? signal.reason : abortError();
      // The body first: destroying the request alone would end it as if complete.
      response?.destroy(reason);
      req.destroy(reason);
      socket.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e) => {
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(signal?.aborted ? (signal.reason ?? abortError()) : e);
    });
    req.on('response', (res) => {
      response = res;
      res.on('close', () => {
        signal?.removeEventListener('abort', onAbort);
        socket.destroy();
      });
      resolve(res);
    });
    req.end(body);
  });
}

/** A fetch Response whose body streams from `res`. */
function toResponse(res: IncomingMessage): Response {
  const status = res.statusCode ?? 0;
  if (status < 200 || status > 599) {
    res.destroy();
    throw new TypeError(`the server answered with HTTP status ${status}`);
  }
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i] ?? '', raw[i + 1] ?? '');
    } catch {
      // A header fetch would refuse: dropped.
    }
  }
  if (NULL_BODY_STATUS.has(status)) {
    res.resume();
    return new Response(null, { status, headers });
  }
  const body = Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>;
  const text = (res.statusMessage ?? '').slice(0, 200);
  const statusText = /^[\t\x20-\x7e]*$/.test(text) ? text : '';
  return new Response(body, { status, statusText, headers });
}

function abortError(): Error {
  return new DOMException('This operation was aborted', 'AbortError');
}
