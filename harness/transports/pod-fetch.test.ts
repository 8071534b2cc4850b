import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { podFetch } from './pod-fetch.js';

/** Two in-memory Duplexes wired to each other: what one writes, the other reads. */
function duplexPair(): [Duplex, Duplex] {
  const sides: Duplex[] = [];
  const make = (peer: () => Duplex) =>
    new Duplex({
      read() {},
      write(chunk: Buffer, _enc, done) {
        peer().push(chunk);
        done();
      },
      final(done) {
        peer().push(null);
        done();
      },
      destroy(e, done) {
        if (!peer().destroyed) peer().destroy();
        done(e);
      },
    });
  sides.push(
    make(() => sides[1] as Duplex),
    make(() => sides[0] as Duplex),
  );
  return [sides[0] as Duplex, sides[1] as Duplex];
}

let server: Server;
const opened: { port: number; socket: Duplex }[] = [];

/** A fetch whose every connection is handed to an in-process server (no listening port). */
function fetchTo(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  server = createServer(handler);
  return podFetch(async (port) => {
    const [client, serverSide] = duplexPair();
    opened.push({ port, socket: client });
    server.emit('connection', serverSide);
    return client;
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  let s = '';
  for await (const chunk of req) s += String(chunk);
  return s;
}

afterEach(() => {
  server?.close();
  opened.length = 0;
});

describe('podFetch', () => {
  it('sends a GET to the port in the URL and returns status, headers and body', async () => {
    const fetch = fetchTo((req, res) => {
      res.setHeader('x-seen', `${req.method} ${req.url}`);
      res.end('hello');
    });
    const r = await fetch('http://127.0.0.1:8123/a/b?c=1');
    expect(r.status).toBe(200);
    expect(r.headers.get('x-seen')).toBe('GET /a/b?c=1');
    expect(await r.text()).toBe('hello');
    expect(opened[0]?.port).toBe(8123);
  });

  it('POSTs a JSON body with its headers', async () => {
    const fetch = fetchTo(async (req, res) => {
      const body = await readBody(req);
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ got: JSON.parse(body), type: req.headers['content-type'] }));
    });
    const r = await fetch(new URL('http://localhost:9000/mcp'), {
      method: 'POST',
      headers: new Headers({ 'content-type': 'application/json' }),
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(r.status).toBe(201);
    expect(await r.json()).toEqual({
      got: { jsonrpc: '2.0', id: 1, method: 'ping' },
      type: 'application/json',
    });
  });

  it('sends byte bodies; 202 and 204 come back with empty bodies', async () => {
    let got = '';
    const fetch = fetchTo(async (req, res) => {
      got = req.method === 'POST' ? await readBody(req) : got;
      res.writeHead(req.method === 'POST' ? 202 : 204).end();
    });
    const r = await fetch('http://127.0.0.1:1/x', {
      method: 'POST',
      body: new TextEncoder().encode('bytes'),
    });
    expect(r.status).toBe(202);
    expect(await r.text()).toBe('');
    expect(got).toBe('bytes');
    const none = await fetch('http://127.0.0.1:1/x', { method: 'DELETE' });
    expect(none.status).toBe(204);
    expect(none.body).toBeNull();
  });

  it('streams a text/event-stream response event by event', async () => {
    let sendNext: (s: string) => void = () => undefined;
    const fetch = fetchTo((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: endpoint\ndata: /messages\n\n');
      sendNext = (s) => res.write(s);
    });
    const r = await fetch('http://127.0.0.1:1/sse');
    expect(r.headers.get('content-type')).toBe('text/event-stream');
    const reader = (r.body as ReadableStream<Uint8Array>).getReader();
    const dec = new TextDecoder();
    expect(dec.decode((await reader.read()).value)).toBe('event: endpoint\ndata: /messages\n\n');
    sendNext('data: {"n":2}\n\n');
    expect(dec.decode((await reader.read()).value)).toBe('data: {"n":2}\n\n');
    await reader.cancel();
    await new Promise((r) => setTimeout(r, 10));
    expect(opened[0]?.socket.destroyed).toBe(true);
  });

  it('rejects on abort before the response, and errors the body on abort during it', async () => {
    const fetch = fetchTo((req, res) => {
      if (req.url === '/stream') res.writeHead(200).write('first');
      // '/hang' never answers.
    });
    const early = new AbortController();
    const pending = fetch('http://127.0.0.1:1/hang', { signal: early.signal });
    setTimeout(() => early.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(opened[0]?.socket.destroyed).toBe(true);

    const late = new AbortController();
    const r = await fetch('http://127.0.0.1:1/stream', { signal: late.signal });
    const reader = (r.body as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('first');
    late.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
    expect(opened[1]?.socket.destroyed).toBe(true);
  });

  it('refuses anything but plain http to the pod loopback, without opening a stream', async () => {
    const fetch = fetchTo((_req, res) => res.end());
    await expect(fetch('https://127.0.0.1/x')).rejects.toThrow(TypeError);
    await expect(fetch('http://example.com/x')).rejects.toThrow(/only http:\/\/127\.0\.0\.1/);
    await expect(fetch('http://10.0.0.1:80/')).rejects.toThrow(TypeError);
    expect(opened).toHaveLength(0);
  });

  it('fails the request when the server sends garbage instead of HTTP', async () => {
    const fetch = podFetch(async () => {
      const [client, serverSide] = duplexPair();
      serverSide.on('data', () => serverSide.end('NOT HTTP AT ALL\r\n\r\n'));
      return client;
    });
    await expect(fetch('http://127.0.0.1:1/')).rejects.toThrow();
  });
});
